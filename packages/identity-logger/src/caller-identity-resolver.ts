import type { AwsCredentialIdentity } from '@smithy/types';
import { identityFromCallerIdentity, unresolvedIdentity, type LoggedIdentity } from './identity';
import { LruCache } from './lru';

/** What `GetCallerIdentity` says of a key. */
export interface CallerIdentity {
  readonly arn: string;
  readonly accountId: string;
}

/** Asks STS who owns `credentials` (in `region`). */
export type CallerIdentityLookup = (
  credentials: AwsCredentialIdentity,
  region: string,
) => Promise<CallerIdentity>;

export interface CallerIdentityResolverOptions {
  readonly lookup: CallerIdentityLookup;
  /** Keys remembered at most (least recently used dropped first). */
  readonly maxEntries: number;
  /** After a failed lookup, how long the key is reported unresolved before it is tried again. */
  readonly retryAfterMs: number;
  readonly now: () => number;
}

interface Entry {
  identity: LoggedIdentity | undefined;
  pending: Promise<LoggedIdentity> | undefined;
  /** For failed lookups: when to try again. */
  retryAt: number;
}

/**
 * Resolves access keys that carry no rolechain metadata to their principal, once per key: lookups are
 * single-flight (concurrent callers share one), results are cached in a bounded LRU, and a failure is
 * remembered for `retryAfterMs` so an unreachable STS is not asked again on every request.
 */
export class CallerIdentityResolver {
  readonly #options: CallerIdentityResolverOptions;
  readonly #entries: LruCache<string, Entry>;

  constructor(options: CallerIdentityResolverOptions) {
    this.#options = options;
    this.#entries = new LruCache(options.maxEntries);
  }

  /** The identity already known for a key, or undefined when it must be resolved first. */
  known(accessKeyId: string): LoggedIdentity | undefined {
    const entry = this.#entries.get(accessKeyId);
    if (entry?.identity === undefined) return undefined;
    if (entry.identity.resolvedBy === 'none' && this.#options.now() >= entry.retryAt) return undefined;
    return entry.identity;
  }

  /** The identity of the key `credentials` sign with. Never rejects: a failed lookup resolves unresolved. */
  resolve(credentials: AwsCredentialIdentity, region: string): Promise<LoggedIdentity> {
    const { accessKeyId } = credentials;
    const known = this.known(accessKeyId);
    if (known !== undefined) return Promise.resolve(known);
    const existing = this.#entries.get(accessKeyId);
    if (existing?.pending !== undefined) return existing.pending;
    const entry: Entry = { identity: undefined, pending: undefined, retryAt: 0 };
    const settle = (identity: LoggedIdentity): LoggedIdentity => {
      entry.identity = identity;
      entry.pending = undefined;
      return identity;
    };
    entry.pending = new Promise<CallerIdentity>((done) => {
      done(this.#options.lookup(credentials, region));
    }).then(
      (caller) => settle(identityFromCallerIdentity(caller, accessKeyId)),
      () => {
        entry.retryAt = this.#options.now() + this.#options.retryAfterMs;
        return settle(unresolvedIdentity(accessKeyId));
      },
    );
    this.#entries.set(accessKeyId, entry);
    return entry.pending;
  }
}
