/**
 * Identity metadata carried by every credentials object the provider returns (decision 0001): the
 * registered symbol and the secret-free shape live in `@rolechain/aws-rules`, which the identity-logger
 * reads them from too; this module names them for the provider's users.
 */
import { ASSUMED_IDENTITY, readAssumedIdentity, type AssumedIdentity } from '@rolechain/aws-rules';

export { ASSUMED_IDENTITY };
export type { AssumedHop, AssumedIdentity } from '@rolechain/aws-rules';

/**
 * The identity attached to credentials returned by `fromRoleChain`/`fromRoleChainProfile`, or `undefined`
 * for credentials from anywhere else (or copied field by field).
 */
export function getAssumedIdentity(credentials: object | undefined): AssumedIdentity | undefined {
  return readAssumedIdentity(credentials);
}
