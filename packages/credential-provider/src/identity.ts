/**
 * Identity metadata carried by every credentials object the provider returns (decision 0001): the
 * registered symbol, the secret-free shape, and a reader that needs no network call.
 */

/** Registered symbol under which credentials carry their {@link AssumedIdentity}. */
export const ASSUMED_IDENTITY: unique symbol = Symbol.for('@rolechain/assumed-identity');

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
   * The base identity. `arn`/`accountId` are filled by one background `GetCallerIdentity` per source key,
   * so they can appear shortly after the first credentials; `accessKeyId` is masked (`ASIA…WXYZ`).
   */
  source: { arn?: string; accountId?: string; accessKeyId: string };
}

function isAssumedIdentity(value: unknown): value is AssumedIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof AssumedIdentity, unknown>>;
  return (
    typeof candidate.arn === 'string' &&
    typeof candidate.roleArn === 'string' &&
    Array.isArray(candidate.chain) &&
    typeof candidate.source === 'object' &&
    candidate.source !== null
  );
}

/**
 * The identity attached to credentials returned by `fromRoleChain`/`fromRoleChainProfile`, or `undefined`
 * for credentials from anywhere else (or copied field by field).
 */
export function getAssumedIdentity(credentials: object | undefined): AssumedIdentity | undefined {
  if (credentials === undefined) return undefined;
  const value: unknown = (credentials as { [ASSUMED_IDENTITY]?: unknown })[ASSUMED_IDENTITY];
  return isAssumedIdentity(value) ? value : undefined;
}
