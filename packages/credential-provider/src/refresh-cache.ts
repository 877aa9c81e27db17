import type { FailureStreak } from './backoff';
import type { RefreshPoints } from './refresh-windows';

/** What a fetch produced: the value and its absolute expiry on the cache's clock. */
export interface Fetched<T> {
  value: T;
  expiresAt: number;
}

interface Entry<T> extends RefreshPoints {
  value: T;
  /** When the value arrived, on the cache's clock. */
  receivedAt: number;
  /** Resolved once per entry and handed to every caller: the cached path allocates nothing. */
  promise: Promise<T>;
}

/** What a {@link RefreshCache} holds now, for status reports (times on the cache's clock). */
export interface CacheState {
  /** The cached value's refresh points and arrival; absent before the first value or after `invalidate()`. */
  readonly cached: (RefreshPoints & { readonly receivedAt: number }) | undefined;
  /** A fetch is running (in the background or awaited). */
  readonly refreshing: boolean;
  /** Consecutive failed fetches since the last success. */
  readonly failures: number;
  /** The latest failure since the last success, and when it happened. */
  readonly lastError: { readonly error: unknown; readonly at: number } | undefined;
  /** No new fetch starts before this time (backoff after a failure); 0 when none is pending. */
  readonly retryAt: number;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** How a {@link RefreshCache} fetches, tells time and reacts to failures. */
export interface RefreshCacheOptions<T> {
  fetch: () => Promise<Fetched<T>>;
  now: () => number;
  /** Refresh points for a value received at `receivedAt` expiring at `expiresAt`. */
  points: (receivedAt: number, expiresAt: number) => RefreshPoints;
  /** Whether a failure is transient (serve cached, retry later) or permanent (fail fast). */
  isRetryable: (error: unknown) => boolean;
  /** When to try again after a streak of consecutive failures, the latest being `error`; before `expiresAt`. */
  nextAttemptAt: (
    now: number,
    streak: FailureStreak,
    expiresAt: number | undefined,
    error: unknown,
  ) => number;
  /** Called for every failed fetch, including background ones nobody awaits. What it throws is ignored. */
  onFailure: (error: unknown, background: boolean) => void;
}

/**
 * One cached value with single-flight refresh and three states. Fresh: the cached promise. Advisory: the
 * cached promise, and one background refresh. Mandatory or expired: wait for the refresh. A transient failure
 * while the cached value is still valid is never seen by a caller; the next attempt is backed off but always
 * before expiry. Nothing here rejects unobserved: in-flight work settles to a result object.
 */
export class RefreshCache<T> {
  private entry: Entry<T> | undefined;
  private inflight: Promise<Settled<T>> | undefined;
  private failures = 0;
  /** When the current streak of failures began (meaningful while `failures` > 0). */
  private failingSince = 0;
  private retryAt = 0;
  private lastError: unknown;
  private lastErrorAt = 0;
  private generation = 0;

  constructor(private readonly options: RefreshCacheOptions<T>) {}

  /**
   * The cached promise while fresh and before `until`, else `undefined`. The whole hot path: one clock read,
   * three compares.
   */
  fresh(until = Infinity): Promise<T> | undefined {
    const entry = this.entry;
    if (entry === undefined) return undefined;
    const now = this.options.now();
    return now < entry.advisoryAt && now < until ? entry.promise : undefined;
  }

  /**
   * When a call would retry a failed refresh while the cached value is still valid: the end of the backoff.
   * Infinity when the latest refresh did not fail, while one runs, when nothing is cached, and when the backoff
   * ends at or after expiry. Reads no clock.
   */
  retryDueAt(): number {
    const entry = this.entry;
    if (entry === undefined || this.failures === 0 || this.inflight !== undefined) return Infinity;
    return this.retryAt < entry.expiresAt ? this.retryAt : Infinity;
  }

  /** The current value by the rules above. */
  get(): Promise<T> {
    return this.fresh() ?? this.slow();
  }

  /** The cached value and its refresh points, whatever its state (for metadata and tests). */
  peek(): (RefreshPoints & { value: T }) | undefined {
    return this.entry;
  }

  /** What the cache holds now; reads no clock and starts nothing. */
  state(): CacheState {
    const entry = this.entry;
    return {
      cached:
        entry === undefined
          ? undefined
          : {
              receivedAt: entry.receivedAt,
              advisoryAt: entry.advisoryAt,
              mandatoryAt: entry.mandatoryAt,
              expiresAt: entry.expiresAt,
            },
      refreshing: this.inflight !== undefined,
      failures: this.failures,
      lastError: this.failures === 0 ? undefined : { error: this.lastError, at: this.lastErrorAt },
      retryAt: this.retryAt,
    };
  }

  /** Drops the value and any backoff; a refresh already running is detached, its result discarded. */
  invalidate(): void {
    this.entry = undefined;
    this.inflight = undefined;
    this.failures = 0;
    this.retryAt = 0;
    this.lastError = undefined;
    this.generation += 1;
  }

  private slow(): Promise<T> {
    const now = this.options.now();
    const entry = this.entry;
    const usable = entry !== undefined && now < entry.expiresAt;
    const advisory = usable && now < entry.mandatoryAt;

    if (this.inflight !== undefined) {
      return advisory ? entry.promise : this.inflight.then((settled) => this.settle(settled, entry));
    }
    if (now < this.retryAt) {
      if (usable && (advisory || this.options.isRetryable(this.lastError))) return entry.promise;
      const lastError = this.lastError;
      return Promise.reject(lastError instanceof Error ? lastError : new Error('refresh failed'));
    }
    const refresh = this.refresh(advisory);
    return advisory ? entry.promise : refresh.then((settled) => this.settle(settled, entry));
  }

  private settle(settled: Settled<T>, previous: Entry<T> | undefined): T {
    if (settled.ok) return settled.value;
    if (
      previous !== undefined &&
      this.options.now() < previous.expiresAt &&
      this.options.isRetryable(settled.error)
    ) {
      return previous.value;
    }
    throw settled.error;
  }

  private refresh(background: boolean): Promise<Settled<T>> {
    const generation = this.generation;
    const run = new Promise<Fetched<T>>((resolve) => {
      resolve(this.options.fetch());
    }).then(
      (fetched): Settled<T> => {
        if (generation === this.generation) {
          const receivedAt = this.options.now();
          const value = fetched.value;
          this.entry = {
            ...this.options.points(receivedAt, fetched.expiresAt),
            receivedAt,
            value,
            promise: Promise.resolve(value),
          };
          this.failures = 0;
          this.retryAt = 0;
          this.lastError = undefined;
        }
        return { ok: true, value: fetched.value };
      },
      (error: unknown): Settled<T> => {
        if (generation === this.generation) {
          const now = this.options.now();
          this.failures += 1;
          if (this.failures === 1) this.failingSince = now;
          this.lastError = error;
          this.lastErrorAt = now;
          const entry = this.entry;
          const permanentInAdvisory =
            entry !== undefined && now < entry.mandatoryAt && !this.options.isRetryable(error);
          // A permanent failure is not retried in the background: the next try waits for the mandatory window.
          this.retryAt = permanentInAdvisory
            ? entry.mandatoryAt
            : this.options.nextAttemptAt(
                now,
                { failures: this.failures, since: this.failingSince },
                entry?.expiresAt,
                error,
              );
        }
        try {
          this.options.onFailure(error, background);
        } catch {
          // A failing logger must not turn a handled failure into an unhandled rejection.
        }
        return { ok: false, error };
      },
    );
    this.inflight = run;
    void run.then(() => {
      if (this.inflight === run) this.inflight = undefined;
    });
    return run;
  }
}
