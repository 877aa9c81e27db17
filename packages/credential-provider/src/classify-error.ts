/**
 * Whether a failed STS call is worth retrying, decided from the SDK's error metadata: `$retryable`,
 * `$metadata.httpStatusCode`, the error name/code, and Node network error codes.
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

const throttlingCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
]);

const transientCodes = new Set([
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'IDPCommunicationError',
  'TimeoutError',
  'AbortError',
  'NetworkError',
]);

const networkErrorCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
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
  if (throttlingCodes.has(code) || transientCodes.has(code)) return result(true);
  if (nodeCode !== undefined && networkErrorCodes.has(nodeCode)) return result(true);
  if (httpStatusCode !== undefined) return result(httpStatusCode >= 500 || httpStatusCode === 429);
  if (shape.$fault === 'server') return result(true);
  return result(false);
}
