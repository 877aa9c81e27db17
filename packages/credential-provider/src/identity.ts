/**
 * Identity metadata carried by every credentials object the provider returns (decision 0001): the
 * registered symbol and the secret-free shape live in `@rolechain/aws-rules`, which the identity-logger
 * reads them from too; this module names them for the provider's users.
 */
import {
  ASSUMED_IDENTITY,
  LEARN_SOURCE,
  learnSourceIdentity,
  readAssumedIdentity,
  type AssumedIdentity,
} from '@rolechain/aws-rules';

export { ASSUMED_IDENTITY, LEARN_SOURCE, readAssumedIdentity };
export type { AssumedHop, AssumedIdentity } from '@rolechain/aws-rules';

/**
 * The identity attached to credentials returned by `fromRoleChain`/`fromRoleChainProfile`, or `undefined`
 * for credentials from anywhere else (or copied field by field). Asking is what learns the base identity:
 * while `source.arn` is unknown, this call starts the provider's one `GetCallerIdentity` for the source key
 * (none runs before something asks, and at most one at a time), and `source.arn` appears once STS answered.
 */
export function getAssumedIdentity(credentials: object | undefined): AssumedIdentity | undefined {
  const identity = readAssumedIdentity(credentials);
  if (identity !== undefined) learnSourceIdentity(identity);
  return identity;
}
