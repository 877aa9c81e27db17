import { isThrottlingError, isTransientError } from './aws-sdk.cjs';

/**
 * Whether a failed STS call is worth retrying: STS's permanent codes fail fast; otherwise AWS's own
 * classification (`@smithy/core/retry`: throttling and transient codes, `$retryable`, 5xx/429, Node network
 * errors) decides, with the few transient failures it does not name.
 */

/** Codes that mean "this request will not succeed by trying again": fail fast. */
const permanentCodes = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'ValidationError',
  'InvalidClientTokenId',
  'MalformedPolicyDocument',
  'PackedPolicyTooLarge',
  'RegionDisabledException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidParameterValue',
  'InvalidAction',
]);

/**
 * Transient failures AWS's classification does not name: our own timeout and no-answer errors
 * (`sts-client.ts`), an aborted request (the SDK's providers abort on their own timeouts), STS's documented
 * retryable web identity error, and socket errors of Node's fetch (undici).
 */
const transientBeyondAws = new Set([
  'NetworkError',
  'AbortError',
  'IDPCommunicationError',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** What we learned about a failure. */
export interface ErrorClass {
  code: string;
  retryable: boolean;
  requestId: string | undefined;
  httpStatusCode: number | undefined;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  $retryable?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Classifies any thrown value. Unknown client-side (4xx) errors are permanent; silence from the wire is not. */
export function classifyError(error: unknown): ErrorClass {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  const metadata = shape.$metadata;
  const httpStatusCode = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const requestId = stringOr(metadata?.requestId);
  const nodeCode = stringOr(shape.code);
  const code = stringOr(shape.Code) ?? stringOr(shape.name) ?? nodeCode ?? 'UnknownError';
  const result = (retryable: boolean): ErrorClass => ({ code, retryable, requestId, httpStatusCode });

  if (permanentCodes.has(code)) return result(false);
  if (shape.$retryable !== undefined && shape.$retryable !== null) return result(true);
  if (transientBeyondAws.has(code) || (nodeCode !== undefined && transientBeyondAws.has(nodeCode))) {
    return result(true);
  }
  if (typeof error === 'object' && error !== null) {
    const sdkError = error as Parameters<typeof isTransientError>[0];
    if (isThrottlingError(sdkError) || isTransientError(sdkError)) return result(true);
  }
  if (httpStatusCode !== undefined) return result(httpStatusCode >= 500 || httpStatusCode === 429);
  if (shape.$fault === 'server') return result(true);
  return result(false);
}
