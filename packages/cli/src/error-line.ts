/**
 * An error as one line for stderr or a response body: `RoleChainError: hop 2 of 2 (…): AccessDenied: …`.
 * RoleChainError and RoleChainConfigError messages name the hop or profile and never hold a secret.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.split('\n')[0] ?? message;
}
