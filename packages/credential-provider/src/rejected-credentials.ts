import { classifyError } from './classify-error';

/**
 * Error codes by which a service says the credentials that signed the request are no longer accepted (a
 * session that expired or was revoked, a key deleted): the request itself may be fine, so fresh credentials
 * can make it succeed. `ExpiredTokenException` is the form some services send for `ExpiredToken`.
 */
const rejectedCredentialCodes: ReadonlySet<string> = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

/** Whether a failure says the signing credentials were rejected (worth one retry with fresh ones). */
export function isRejectedCredentials(error: unknown): boolean {
  return rejectedCredentialCodes.has(classifyError(error).code);
}
