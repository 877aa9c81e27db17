import type { CacheState } from './refresh-cache';

/**
 * Where a hop's cached session stands: `empty` before its first fetch (or after `invalidate()`), then by the
 * refresh windows: `fresh`, `advisory` (the next call starts one background refresh), `mandatory` (calls wait
 * for a refresh), `expired`.
 */
export type RoleChainHopState = 'empty' | 'fresh' | 'advisory' | 'mandatory' | 'expired';

/** One hop of `provider.status()`: what its cache holds, with no secret. Times are on the provider's clock. */
export interface RoleChainHopStatus {
  /** 1-based, as in errors and logs. */
  readonly hop: number;
  readonly roleArn: string;
  readonly state: RoleChainHopState;
  /** When the cached session arrived. */
  readonly receivedAt?: Date;
  /** From then on, the next call starts a background refresh (the advisory window). */
  readonly refreshFrom?: Date;
  /** From then on, calls wait for a refresh (the mandatory window). */
  readonly waitFrom?: Date;
  /** When the cached session expires, moved earlier if STS's clock runs ahead of the provider's. */
  readonly expiration?: Date;
  /** An AssumeRole for this hop is running. */
  readonly refreshing: boolean;
  /** Failed refreshes in a row since the last success (0 after it). */
  readonly failures: number;
  /** The latest of those failures (a `RoleChainError`, secret-free) and when it happened. */
  readonly lastError?: Error;
  readonly lastErrorAt?: Date;
  /** While backing off after a failure: no new attempt starts before this time. */
  readonly retryAt?: Date;
}

function stateAt(now: number, cached: NonNullable<CacheState['cached']>): RoleChainHopState {
  if (now >= cached.expiresAt) return 'expired';
  if (now >= cached.mandatoryAt) return 'mandatory';
  return now >= cached.advisoryAt ? 'advisory' : 'fresh';
}

/**
 * A time of the cache as a Date. Refresh points carry jitter in fractions of a millisecond; rounding up keeps
 * "from then on" true at the Date shown (a truncated `retryAt` would still be inside the backoff).
 */
function dateOf(time: number): Date {
  return new Date(Math.ceil(time));
}

/** The status of hop `hop` (1-based) from its cache's state at `now`. */
export function hopStatus(hop: number, roleArn: string, cache: CacheState, now: number): RoleChainHopStatus {
  const { cached, lastError } = cache;
  return {
    hop,
    roleArn,
    state: cached === undefined ? 'empty' : stateAt(now, cached),
    ...(cached === undefined
      ? {}
      : {
          receivedAt: dateOf(cached.receivedAt),
          refreshFrom: dateOf(cached.advisoryAt),
          waitFrom: dateOf(cached.mandatoryAt),
          expiration: dateOf(cached.expiresAt),
        }),
    refreshing: cache.refreshing,
    failures: cache.failures,
    ...(lastError === undefined
      ? {}
      : {
          // What callers were given for the same failure (see RefreshCache): never a non-Error's text.
          lastError: lastError.error instanceof Error ? lastError.error : new Error('refresh failed'),
          lastErrorAt: dateOf(lastError.at),
        }),
    ...(cache.retryAt > now ? { retryAt: dateOf(cache.retryAt) } : {}),
  };
}
