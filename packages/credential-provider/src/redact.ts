/**
 * Keeps secrets out of everything a human or a log pipeline can see. Masking, rendering user values and
 * scrubbing secrets (in every form a service may echo them: raw, URL-encoded, JSON-escaped) are the shared
 * rules of `@rolechain/aws-rules`; what is the provider's own is the stand-in it keeps for a foreign error.
 */
import { scrubSecrets } from '@rolechain/aws-rules';

export { maskAccessKeyId, scrubSecrets, showValue } from '@rolechain/aws-rules';

/**
 * A stand-in for a foreign error that is safe to keep as a `cause`: name, scrubbed message, stack and the SDK's
 * secret-free metadata (`$metadata`, `$fault`, `$retryable`, `Code`, a Node `code`). SDK errors carry the raw
 * HTTP exchange (`$response`), whose socket buffers hold the session token and the signature: never kept.
 */
export function safeCause(error: unknown, secrets: readonly (string | undefined)[]): Error {
  if (!(error instanceof Error))
    return new Error(
      typeof error === 'string' ? scrubSecrets(error, secrets) : 'a non-Error value was thrown',
    );
  const copy = new Error(scrubSecrets(error.message, secrets));
  copy.name = scrubSecrets(error.name, secrets);
  if (error.stack !== undefined) copy.stack = scrubSecrets(error.stack, secrets);
  const source = error as Error & Record<string, unknown>;
  const target = copy as Error & Record<string, unknown>;
  for (const key of ['$metadata', '$fault', '$retryable', 'Code', 'Type', 'code']) {
    const value = source[key];
    if (value === undefined || (typeof value === 'object' && key === 'code')) continue;
    target[key] = typeof value === 'string' ? scrubSecrets(value, secrets) : value;
  }
  return copy;
}
