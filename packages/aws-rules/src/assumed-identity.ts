/**
 * The identity metadata `@rolechain/credential-provider` attaches to the credentials it returns, read by
 * any package without loading the provider (decision 0001): the registered symbol, the secret-free shape,
 * and a structural reader that trusts nothing it has not checked.
 */

/** Registered symbol under which credentials carry their {@link AssumedIdentity}. */
export const ASSUMED_IDENTITY: unique symbol = Symbol.for('@rolechain/assumed-identity') as never;

/** One assumed role of the chain, first to last. */
export interface AssumedHop {
  roleArn: string;
  /** Session ARN, `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  expiration: Date;
}

/** Who signs with these credentials, and how they were obtained. Plain data, no secret. */
export interface AssumedIdentity {
  /** Session ARN of the final hop. */
  arn: string;
  accountId: string;
  roleArn: string;
  sessionName: string;
  /** Set when a hop passed `SourceIdentity` (it then persists through the chain). */
  sourceIdentity?: string;
  chain: AssumedHop[];
  /**
   * The base identity. `arn`/`accountId` are filled by one `GetCallerIdentity` per source key, started when
   * something first asks ({@link learnSourceIdentity}), so they appear shortly after; `accessKeyId` is masked
   * (`ASIA…WXYZ`).
   */
  source: { arn?: string; accountId?: string; accessKeyId: string };
}

/**
 * Registered symbol under which the provider hangs, on an identity's `source`, the function that starts its
 * one `GetCallerIdentity` for the base identity (nothing runs before something asks, at most one at a time).
 */
export const LEARN_SOURCE: unique symbol = Symbol.for('@rolechain/learn-source') as never;

type Bag = Record<PropertyKey, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function isHop(value: unknown): value is AssumedHop {
  return (
    isBag(value) &&
    typeof value['roleArn'] === 'string' &&
    typeof value['arn'] === 'string' &&
    value['expiration'] instanceof Date
  );
}

/**
 * The identity attached to `credentials` under {@link ASSUMED_IDENTITY}, or `undefined` when there is none
 * or it does not have the documented shape (a partial or foreign value is ignored rather than half-trusted).
 * Never throws, whatever `credentials` is.
 */
export function readAssumedIdentity(credentials: unknown): AssumedIdentity | undefined {
  try {
    if (!isBag(credentials)) return undefined;
    const meta = credentials[ASSUMED_IDENTITY];
    if (!isBag(meta)) return undefined;
    const { arn, accountId, roleArn, sessionName, sourceIdentity, chain, source } = meta;
    if (
      typeof arn !== 'string' ||
      typeof accountId !== 'string' ||
      typeof roleArn !== 'string' ||
      typeof sessionName !== 'string' ||
      !isOptionalString(sourceIdentity) ||
      !Array.isArray(chain) ||
      !chain.every(isHop) ||
      !isBag(source) ||
      typeof source['accessKeyId'] !== 'string' ||
      !isOptionalString(source['arn']) ||
      !isOptionalString(source['accountId'])
    ) {
      return undefined;
    }
    return meta as unknown as AssumedIdentity;
  } catch {
    return undefined; // a proxy whose traps throw is not an identity either
  }
}

/**
 * Asks the provider that made `identity` to learn its base identity's ARN, when it is not known yet: calls the
 * function it hung under {@link LEARN_SOURCE}, if any. Never throws; the answer lands in `identity.source`.
 */
export function learnSourceIdentity(identity: AssumedIdentity): void {
  if (identity.source.arn !== undefined) return;
  try {
    const learn: unknown = (identity.source as Bag)[LEARN_SOURCE];
    if (typeof learn === 'function') (learn as () => void)();
  } catch {
    // a hook that throws is not ours: nothing to learn from it
  }
}
