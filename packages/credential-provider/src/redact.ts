/**
 * Helpers that keep secrets out of everything a human or a log pipeline can see: masked key ids,
 * secret-free renderings of user values, and scrubbing of known secret strings from foreign messages.
 */

/** `ASIAEXAMPLEKEY1WXYZ` → `ASIA…WXYZ`: enough to recognise a key in CloudTrail, not enough to use it. */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Renders a user-supplied (non-secret) value for an error message, shortened so a message stays readable. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'function') text = 'a function';
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'symbol' || typeof value === 'bigint') text = value.toString();
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Replaces every occurrence of each secret (at least 4 characters long) in `text` by `[REDACTED]`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4 && out.includes(secret)) {
      out = out.split(secret).join('[REDACTED]');
    }
  }
  return out;
}

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
  copy.name = error.name;
  if (error.stack !== undefined) copy.stack = scrubSecrets(error.stack, secrets);
  const source = error as Error & Record<string, unknown>;
  const target = copy as Error & Record<string, unknown>;
  for (const key of ['$metadata', '$fault', '$retryable', 'Code', 'Type', 'code']) {
    const value = source[key];
    if (value !== undefined && (typeof value !== 'object' || key !== 'code')) target[key] = value;
  }
  return copy;
}
