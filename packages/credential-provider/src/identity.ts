/**
 * Identity metadata carried by every credentials object the provider returns (decision 0001): the
 * registered symbol and the secret-free shape live in `@rolechain/aws-rules`, which the identity-logger
 * reads them from too; this module names them for the provider's users.
 */
import { ASSUMED_IDENTITY, readAssumedIdentity, type AssumedIdentity } from '@rolechain/aws-rules';

export { ASSUMED_IDENTITY, readAssumedIdentity };
export type { AssumedHop, AssumedIdentity } from '@rolechain/aws-rules';

/**
 * Where the provider hangs, on an identity's `source`, the function that learns the base identity: a symbol of
 * this module (not registered), so no object from elsewhere can carry one. Not exported by the package.
 */
export const LEARN_SOURCE: unique symbol = Symbol('rolechain.learnSource');

/**
 * The identity attached to credentials returned by `fromRoleChain`/`fromRoleChainProfile`, or `undefined`
 * for credentials from anywhere else (or copied field by field). Asking is what learns the base identity:
 * while `source.arn` is unknown, this call starts the provider's one `GetCallerIdentity` for the source key
 * (none runs before something asks, and at most one at a time), and `source.arn` appears once STS answered.
 */
export function getAssumedIdentity(credentials: object | undefined): AssumedIdentity | undefined {
  const identity = readAssumedIdentity(credentials);
  if (identity !== undefined && identity.source.arn === undefined) {
    const learn: unknown = (identity.source as { [LEARN_SOURCE]?: unknown })[LEARN_SOURCE];
    if (typeof learn === 'function') (learn as () => void)();
  }
  return identity;
}
