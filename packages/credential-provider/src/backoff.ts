/** Jittered exponential backoff that always lands before the cached credential expires. */

/** Backoff tuning, in milliseconds. */
export interface BackoffOptions {
  /** First delay (default 1000). Doubles per consecutive failure. */
  baseMs?: number;
  /** Largest delay (default 300000, five minutes). */
  maxMs?: number;
}

const DEFAULT_BASE_MS = 1000;
const DEFAULT_MAX_MS = 300_000;

/**
 * The time of the next attempt after `failures` consecutive failures (1 for the first). The delay is drawn from
 * [d/2, d] with d = min(max, base·2^(failures−1)), then capped at half the time left before `expiresAt`, so
 * retries keep coming — closer and closer — while the cached credential is still valid.
 */
export function nextAttemptAt(
  now: number,
  failures: number,
  expiresAt: number | undefined,
  options: BackoffOptions,
  random: () => number,
): number {
  const base = options.baseMs ?? DEFAULT_BASE_MS;
  const max = options.maxMs ?? DEFAULT_MAX_MS;
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  let delay = ceiling / 2 + (random() * ceiling) / 2;
  if (expiresAt !== undefined && expiresAt > now) delay = Math.min(delay, (expiresAt - now) / 2);
  return now + delay;
}
