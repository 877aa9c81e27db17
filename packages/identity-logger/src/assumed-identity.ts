/**
 * The identity `@rolechain/credential-provider` attaches to the credentials it returns (decision 0001), read
 * through the shared structural reader of `@rolechain/aws-rules`, so this package never loads the provider.
 */
import {
  ASSUMED_IDENTITY,
  learnSourceIdentity,
  readAssumedIdentity as readAttached,
} from '@rolechain/aws-rules';

export { ASSUMED_IDENTITY };

/** The parts of the provider's `AssumedIdentity` this package reads. */
export interface AssumedIdentityView {
  readonly arn: string;
  readonly accountId: string;
  /** The last hop's role. */
  readonly roleArn: string;
  readonly sessionName: string;
  readonly sourceIdentity: string | undefined;
  /** Assumed-role ARN of every hop, first to last. */
  readonly hopArns: readonly string[];
  /** ARN of the identity the chain started from, when the provider knew it. */
  readonly sourceArn: string | undefined;
}

type Bag = Record<PropertyKey, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

/**
 * The identity metadata attached to a credentials object, or undefined when there is none or it does not
 * have the documented shape, or names no hop (a partial or foreign value is ignored rather than half-trusted).
 */
export function readAssumedIdentity(credentials: object): AssumedIdentityView | undefined {
  const identity = readAttached(credentials);
  if (identity === undefined || identity.chain.length === 0) return undefined;
  return {
    arn: identity.arn,
    accountId: identity.accountId,
    roleArn: identity.roleArn,
    sessionName: identity.sessionName,
    sourceIdentity: identity.sourceIdentity,
    hopArns: identity.chain.map((hop) => hop.arn),
    sourceArn: identity.source.arn,
  };
}

/**
 * Asks the provider behind `credentials` to learn the base identity (its one `GetCallerIdentity`, started only
 * when something asks): the logger asks the first time it logs an identity whose base is unknown.
 */
export function askForSourceIdentity(credentials: object): void {
  const identity = readAttached(credentials);
  if (identity !== undefined) learnSourceIdentity(identity);
}

/**
 * Whether the metadata on `credentials` names the base identity's ARN yet: the provider learns it in the
 * when first asked, after handing the credentials out. Two property reads, for the per-request path.
 */
export function sourceArnKnown(credentials: object): boolean {
  const meta = (credentials as Bag)[ASSUMED_IDENTITY];
  return isBag(meta) && isBag(meta['source']) && typeof meta['source']['arn'] === 'string';
}
