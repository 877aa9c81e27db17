/**
 * Settings of an AWS SDK client that the SDK takes as given and then misbehaves on, checked before any client
 * is built.
 */

/** What `isMaxAttempts` accepts, in the words of an error message. */
export const MAX_ATTEMPTS_RULE = 'a whole number of attempts, at least 1 (or a function returning one)';

/**
 * A client's `maxAttempts`: a whole number of at least 1, or the SDK's provider function (only the client can
 * call it). The SDK takes NaN, Infinity, 0, a negative or a fraction as given, and then retries never or
 * without end.
 */
export function isMaxAttempts(value: unknown): boolean {
  return typeof value === 'function' || (Number.isSafeInteger(value) && (value as number) >= 1);
}
