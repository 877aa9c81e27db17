/**
 * Full-jitter exponential backoff (AWS's "full jitter": the delay is drawn uniformly from zero to the capped
 * exponential), on two paths. A background refresh (valid credentials cached, nobody waits) backs off up to
 * `maxMs` and always lands before the cached credential expires. A waiting refresh (nothing valid cached, a
 * caller waits) backs off up to {@link WAITING_MAX_MS}, so a throttled fleet keeps STS's bucket busy instead
 * of sleeping through refills while its callers wait.
 */

/** Backoff tuning, in milliseconds. */
export interface BackoffOptions {
  /** First delay ceiling (default 1000). Doubles per consecutive failure. */
  baseMs?: number;
  /** Largest delay ceiling (default 300000, five minutes). */
  maxMs?: number;
}

const DEFAULT_BASE_MS = 1000;
const DEFAULT_MAX_MS = 300_000;

/** The largest delay ceiling while a caller waits (no valid credentials cached). */
export const WAITING_MAX_MS = 1000;

/**
 * The time of the next attempt after `failures` consecutive failures (1 for the first). The delay is drawn
 * from [0, c) with c = min(max, base·2^(failures−1)), max being `maxMs` in the background and at most
 * {@link WAITING_MAX_MS} while nothing valid is cached (`expiresAt` undefined or past). In the background the
 * delay is also capped at half the time left before `expiresAt`, so retries keep coming — closer and closer —
 * while the cached credential is still valid.
 */
export function nextAttemptAt(
  now: number,
  failures: number,
  expiresAt: number | undefined,
  options: BackoffOptions,
  random: () => number,
): number {
  const base = options.baseMs ?? DEFAULT_BASE_MS;
  const valid = expiresAt !== undefined && expiresAt > now;
  const max = Math.min(options.maxMs ?? DEFAULT_MAX_MS, valid ? Infinity : WAITING_MAX_MS);
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  const delay = random() * ceiling;
  return now + (valid ? Math.min(delay, (expiresAt - now) / 2) : delay);
}
