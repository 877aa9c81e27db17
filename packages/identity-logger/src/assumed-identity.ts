/**
 * The registered symbol under which `@rolechain/credential-provider` attaches the assumed identity to the
 * credentials it returns (decision 0001). Read structurally, so this package never loads the provider.
 */
export const ASSUMED_IDENTITY: unique symbol = Symbol.for('@rolechain/assumed-identity') as never;

/** The parts of the provider's `AssumedIdentity` this package reads. */
export interface AssumedIdentityView {
  readonly arn: string;
  readonly accountId: string;
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

function optionalString(value: unknown): string | undefined | false {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : false;
}

/**
 * The identity metadata attached to a credentials object, or undefined when there is none or it does not
 * have the documented shape (a partial or foreign value is ignored rather than half-trusted).
 */
export function readAssumedIdentity(credentials: object): AssumedIdentityView | undefined {
  const meta = (credentials as Bag)[ASSUMED_IDENTITY];
  if (!isBag(meta)) return undefined;
  const { arn, accountId, sessionName, chain, source } = meta;
  if (typeof arn !== 'string' || typeof accountId !== 'string' || typeof sessionName !== 'string') {
    return undefined;
  }
  const sourceIdentity = optionalString(meta.sourceIdentity);
  if (sourceIdentity === false || !Array.isArray(chain) || chain.length === 0) return undefined;
  const hopArns: string[] = [];
  for (const hop of chain as unknown[]) {
    if (!isBag(hop) || typeof hop.arn !== 'string') return undefined;
    hopArns.push(hop.arn);
  }
  if (!isBag(source)) return undefined;
  const sourceArn = optionalString(source.arn);
  if (sourceArn === false) return undefined;
  return { arn, accountId, sessionName, sourceIdentity, hopArns, sourceArn };
}

/**
 * Whether the metadata on `credentials` names the base identity's ARN yet: the provider learns it in the
 * background, after handing the credentials out. Two property reads, for the per-request path.
 */
export function sourceArnKnown(credentials: object): boolean {
  const meta = (credentials as Bag)[ASSUMED_IDENTITY];
  return isBag(meta) && isBag(meta.source) && typeof meta.source.arn === 'string';
}
