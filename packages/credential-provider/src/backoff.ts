/**
 * Full-jitter exponential backoff (AWS's "full jitter": the delay is drawn uniformly from zero to the capped
 * exponential), on two paths. A background refresh (valid credentials cached, nobody waits) backs off up to
 * `maxMs` and always lands before the cached credential expires. A waiting refresh (nothing valid cached, a
 * caller waits) backs off up to {@link WAITING_MIN_CEILING_MS}, or a tenth of the time the failures have lasted
 * when that is longer: a throttled fleet keeps STS's bucket busy instead of sleeping through refills, each
 * caller waits at most about a tenth longer than the queue needs, and a long wait asks less and less often.
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

/** The delay ceiling while a caller waits (no valid credentials cached), until the failures last 10 s. */
export const WAITING_MIN_CEILING_MS = 1000;

/** While a caller waits, the delay ceiling grows to this share of the time the failures have lasted. */
export const WAITING_CEILING_SHARE = 0.1;

/** When to try again: a streak of `failures` consecutive failures (1 for the first) that began at `since`. */
export interface FailureStreak {
  readonly failures: number;
  readonly since: number;
}

/**
 * The time of the next attempt after a streak of failures. The delay is drawn from [0, c) with
 * c = min(max, base·2^(failures−1)). In the background `max` is `maxMs`, and the delay is also capped at half
 * the time left before `expiresAt`, so retries keep coming — closer and closer — while the cached credential is
 * still valid. While nothing valid is cached (`expiresAt` undefined or past) `max` is at most
 * max({@link WAITING_MIN_CEILING_MS}, {@link WAITING_CEILING_SHARE} · (now − since)).
 */
export function nextAttemptAt(
  now: number,
  streak: FailureStreak,
  expiresAt: number | undefined,
  options: BackoffOptions,
  random: () => number,
): number {
  const base = options.baseMs ?? DEFAULT_BASE_MS;
  const valid = expiresAt !== undefined && expiresAt > now;
  const waiting = Math.max(WAITING_MIN_CEILING_MS, (now - streak.since) * WAITING_CEILING_SHARE);
  const max = Math.min(options.maxMs ?? DEFAULT_MAX_MS, valid ? Infinity : waiting);
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(streak.failures - 1, 0), 30));
  const delay = random() * ceiling;
  return now + (valid ? Math.min(delay, (expiresAt - now) / 2) : delay);
}
