import { isRegion } from '@rolechain/aws-rules';
import type { AwsCredentialIdentity } from '@smithy/types';
import { askForSourceIdentity, readAssumedIdentity, sourceArnKnown } from './assumed-identity';
import type { CallerIdentityResolver } from './caller-identity-resolver';
import { identityFromAssumed, unresolvedIdentity, type LoggedIdentity } from './identity';

/** Where a key is looked up when the request's region is unknown or not a region of any partition. */
const FALLBACK_LOOKUP_REGION = 'us-east-1';

/**
 * The STS region to resolve a key in: the request's own region when it is a region of an AWS partition, so
 * a key of the European Sovereign Cloud, China or GovCloud is asked about in its own partition (STS in
 * another partition does not know it); else us-east-1.
 */
export function lookupRegion(region: string | null): string {
  return isRegion(region) ? region : FALLBACK_LOOKUP_REGION;
}

/** When the cache asks the provider again for a base identity it has not learnt yet. */
export interface AskPacing {
  readonly now: () => number;
  /** Milliseconds after an ask before the next one, while the base identity stays unknown. */
  readonly retryAfterMs: number;
}

/** A rolechain identity built before the provider learnt the base identity, and when that was last asked. */
interface AwaitingSource {
  readonly identity: LoggedIdentity;
  askedAt: number;
}

/**
 * The identities already worked out, per credentials object (the SDK reuses one until it refreshes): read
 * from rolechain metadata, else resolved once per key with `GetCallerIdentity`, else the masked key alone.
 * Repeated requests with the same credentials cost one WeakMap lookup.
 */
export class IdentityCache {
  readonly #resolver: CallerIdentityResolver | undefined;
  readonly #byCredentials = new WeakMap<object, LoggedIdentity>();
  /** rolechain identities built before the provider learnt the base identity: rebuilt once it has. */
  readonly #awaitingSource = new WeakMap<object, AwaitingSource>();
  readonly #pacing: AskPacing;

  /**
   * `resolver` resolves keys without rolechain metadata; without one they are logged unresolved. `pacing`
   * spaces the asks for a base identity: the provider sends a `GetCallerIdentity` for each ask after a failed
   * one, so asking on every record would send one per request while STS cannot answer.
   */
  constructor(resolver: CallerIdentityResolver | undefined, pacing: AskPacing) {
    this.#resolver = resolver;
    this.#pacing = pacing;
  }

  /** The identity behind `credentials` when known now; otherwise a promise of it (lookup under way). */
  identityOf(
    credentials: AwsCredentialIdentity,
    region: string | null,
  ): LoggedIdentity | Promise<LoggedIdentity> {
    const cached = this.#byCredentials.get(credentials);
    if (cached !== undefined) return cached;
    const partial = this.#awaitingSource.get(credentials);
    if (partial !== undefined && !sourceArnKnown(credentials)) {
      // Again after the delay: the provider retries a lookup that failed only when asked.
      const now = this.#pacing.now();
      if (now - partial.askedAt >= this.#pacing.retryAfterMs) {
        partial.askedAt = now;
        askForSourceIdentity(credentials);
      }
      return partial.identity;
    }
    const assumed = readAssumedIdentity(credentials);
    let identity: LoggedIdentity | undefined;
    const resolver = this.#resolver;
    if (assumed !== undefined) {
      identity = identityFromAssumed(assumed, credentials.accessKeyId);
      // The provider learns the base identity's ARN when asked: ask once, and keep this one aside until then.
      if (assumed.sourceArn === undefined) {
        askForSourceIdentity(credentials);
        this.#awaitingSource.set(credentials, { identity, askedAt: this.#pacing.now() });
        return identity;
      }
    } else if (resolver === undefined) identity = unresolvedIdentity(credentials.accessKeyId);
    else {
      identity = resolver.known(credentials.accessKeyId);
      if (identity === undefined) return resolver.resolve(credentials, lookupRegion(region));
      if (identity.resolvedBy === 'none') return identity; // a failed lookup: retried later, not cached here
    }
    this.#byCredentials.set(credentials, identity);
    return identity;
  }
}
