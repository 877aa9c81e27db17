/**
 * Options for msw's `server.listen()` that make any request no handler matched fail the test, on msw 2
 * and msw 3 alike, so a test can never quietly reach real AWS:
 *
 * ```ts
 * server.listen(failOnUnhandledRequests);
 * ```
 *
 * msw 2 reads `onUnhandledRequest`; msw 3 renamed it `onUnhandledFrame`. Each version silently ignores the
 * other's name, so passing only one of them leaves the other version bypassing to the network. Both are set.
 */
export const failOnUnhandledRequests = {
  onUnhandledRequest: 'error',
  onUnhandledFrame: 'error',
} as const;
