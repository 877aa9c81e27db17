import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshCache, type Fetched } from './refresh-cache';

const MIN = 60_000;
const LIFETIME = 60 * MIN;

class Transient extends Error {
  override name = 'Throttling';
}
class Permanent extends Error {
  override name = 'AccessDenied';
}

interface Pending {
  resolve: (value: Fetched<string>) => void;
  reject: (error: unknown) => void;
}

/** A cache over a fetch the test completes by hand, on a clock the test moves. */
function setup() {
  let clock = 1_000_000;
  const pending: Pending[] = [];
  const failures: { error: unknown; background: boolean }[] = [];
  const streaks: { at: number; failures: number; since: number }[] = [];
  let version = 0;
  const cache = new RefreshCache<string>({
    fetch: () =>
      new Promise<Fetched<string>>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
    now: () => clock,
    points: (_receivedAt, expiresAt) => ({
      advisoryAt: expiresAt - 15 * MIN,
      mandatoryAt: expiresAt - MIN,
      expiresAt,
    }),
    isRetryable: (error) => error instanceof Transient,
    nextAttemptAt: (now, streak) => {
      streaks.push({ at: now, failures: streak.failures, since: streak.since });
      return now + 1000 * streak.failures;
    },
    onFailure: (error, background) => failures.push({ error, background }),
  });
  return {
    cache,
    pending,
    failures,
    streaks,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
    /** Completes the oldest pending fetch with a new value living LIFETIME from now. */
    complete: async () => {
      version += 1;
      pending.shift()!.resolve({ value: `v${version}`, expiresAt: clock + LIFETIME });
      await flush();
    },
    fail: async (error: unknown) => {
      pending.shift()!.reject(error);
      await flush();
    },
  };
}

async function flush() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('RefreshCache', () => {
  it('fetches once for any number of concurrent first callers', async () => {
    const t = setup();
    const callers = Array.from({ length: 500 }, () => t.cache.get());
    expect(t.pending).toHaveLength(1);
    await t.complete();
    expect(new Set(await Promise.all(callers))).toEqual(new Set(['v1']));
  });

  it('serves the same resolved promise while fresh', async () => {
    const t = setup();
    const first = t.cache.get();
    await t.complete();
    await first;
    t.advance(LIFETIME - 15 * MIN - 1);
    const a = t.cache.get();
    const b = t.cache.fresh();
    expect(a).toBe(b);
    expect(await a).toBe('v1');
    expect(t.pending).toHaveLength(0);
  });

  it('in the advisory window serves cached at once and refreshes once in the background', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 15 * MIN);
    expect(t.cache.fresh()).toBeUndefined();
    const during = await Promise.all(Array.from({ length: 50 }, () => t.cache.get()));
    expect(during.every((value) => value === 'v1')).toBe(true);
    expect(t.pending).toHaveLength(1);
    await t.complete();
    expect(await t.cache.get()).toBe('v2');
    expect(t.pending).toHaveLength(0);
  });

  it('in the mandatory window makes callers wait for the new value', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - MIN);
    let settled: string | undefined;
    const waiting = t.cache.get().then((value) => (settled = value));
    await flush();
    expect(settled).toBeUndefined();
    expect(t.pending).toHaveLength(1);
    await t.complete();
    await waiting;
    expect(settled).toBe('v2');
  });

  it('after expiry makes callers wait, and a failure reaches them', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME);
    const waiting = t.cache.get();
    await t.fail(new Transient('rate exceeded'));
    await expect(waiting).rejects.toBeInstanceOf(Transient);
  });

  it('tells the backoff when a streak of failures began, and starts a new streak after a success', async () => {
    const t = setup();
    const start = t.now();
    const first = t.cache.get().catch(() => undefined);
    await t.fail(new Transient('rate exceeded'));
    await first;
    t.advance(1000);
    const second = t.cache.get().catch(() => undefined);
    await t.fail(new Transient('rate exceeded'));
    await second;
    t.advance(2000);
    const third = t.cache.get();
    await t.complete();
    expect(await third).toBe('v1');
    t.advance(LIFETIME);
    const fourth = t.cache.get().catch(() => undefined);
    await t.fail(new Transient('rate exceeded'));
    await fourth;
    expect(t.streaks).toEqual([
      { at: start, failures: 1, since: start },
      { at: start + 1000, failures: 2, since: start },
      { at: start + 3000 + LIFETIME, failures: 1, since: start + 3000 + LIFETIME },
    ]);
  });

  it('joins a background refresh already running when the mandatory window starts', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 10 * MIN);
    expect(await t.cache.get()).toBe('v1');
    t.advance(9.5 * MIN);
    const waiting = t.cache.get();
    expect(t.pending).toHaveLength(1);
    await t.complete();
    expect(await waiting).toBe('v2');
  });

  it('keeps serving through transient failures in the advisory window and retries after the backoff', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 10 * MIN);
    expect(await t.cache.get()).toBe('v1');
    await t.fail(new Transient('down'));
    expect(t.failures).toHaveLength(1);
    expect(t.failures[0]?.error).toBeInstanceOf(Transient);
    expect(t.failures[0]?.background).toBe(true);
    expect(await t.cache.get()).toBe('v1');
    expect(t.pending).toHaveLength(0);
    t.advance(999);
    expect(await t.cache.get()).toBe('v1');
    expect(t.pending).toHaveLength(0);
    t.advance(1);
    expect(await t.cache.get()).toBe('v1');
    expect(t.pending).toHaveLength(1);
    await t.complete();
    expect(await t.cache.get()).toBe('v2');
  });

  it('never fails a caller on a transient failure in the mandatory window while the value is valid', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 30_000);
    const waiting = t.cache.get();
    await t.fail(new Transient('down'));
    expect(await waiting).toBe('v1');
    expect(await t.cache.get()).toBe('v1');
    expect(t.pending).toHaveLength(0);
    t.advance(1000);
    const retried = t.cache.get();
    expect(t.pending).toHaveLength(1);
    await t.complete();
    expect(await retried).toBe('v2');
  });

  it('does not retry a permanent failure in the background, then fails fast in the mandatory window', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 10 * MIN);
    expect(await t.cache.get()).toBe('v1');
    await t.fail(new Permanent('denied'));
    t.advance(5 * MIN);
    expect(await t.cache.get()).toBe('v1');
    expect(t.pending).toHaveLength(0);
    t.advance(4.5 * MIN);
    const waiting = t.cache.get();
    expect(t.pending).toHaveLength(1);
    await t.fail(new Permanent('denied'));
    await expect(waiting).rejects.toBeInstanceOf(Permanent);
    await expect(t.cache.get()).rejects.toBeInstanceOf(Permanent);
    expect(t.pending).toHaveLength(0);
  });

  it('remembers a first-fetch failure for the backoff, then tries again', async () => {
    const t = setup();
    const first = t.cache.get();
    await t.fail(new Permanent('denied'));
    await expect(first).rejects.toBeInstanceOf(Permanent);
    await expect(t.cache.get()).rejects.toBeInstanceOf(Permanent);
    expect(t.pending).toHaveLength(0);
    t.advance(1000);
    const second = t.cache.get();
    expect(t.pending).toHaveLength(1);
    await t.complete();
    expect(await second).toBe('v1');
  });

  it('turns a synchronous throw of the fetch into a failure', async () => {
    const cache = new RefreshCache<string>({
      fetch: () => {
        throw new Permanent('sync');
      },
      now: () => 0,
      points: (_receivedAt, expiresAt) => ({ advisoryAt: expiresAt, mandatoryAt: expiresAt, expiresAt }),
      isRetryable: () => false,
      nextAttemptAt: (now) => now,
      onFailure: () => {
        throw new Error('logger broke');
      },
    });
    await expect(cache.get()).rejects.toBeInstanceOf(Permanent);
  });

  it('invalidate forgets the value and the backoff, and discards a refresh already running', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 10 * MIN);
    void t.cache.get();
    expect(t.pending).toHaveLength(1);
    t.cache.invalidate();
    expect(t.cache.peek()).toBeUndefined();
    const after = t.cache.get();
    expect(t.pending).toHaveLength(2);
    await t.complete(); // the detached refresh: its value is not kept
    expect(t.cache.peek()).toBeUndefined();
    await t.complete();
    expect(await after).toBe('v3');
    expect(t.cache.peek()?.value).toBe('v3');
  });

  it('state() tells what it holds: arrival and windows, a fetch running, failures in a row, backoff', async () => {
    const t = setup();
    expect(t.cache.state()).toEqual({
      cached: undefined,
      refreshing: false,
      failures: 0,
      lastError: undefined,
      retryAt: 0,
    });
    void t.cache.get();
    expect(t.cache.state().refreshing).toBe(true);
    const receivedAt = t.now();
    await t.complete();
    expect(t.cache.state()).toMatchObject({
      cached: {
        receivedAt,
        advisoryAt: receivedAt + LIFETIME - 15 * MIN,
        mandatoryAt: receivedAt + LIFETIME - MIN,
        expiresAt: receivedAt + LIFETIME,
      },
      refreshing: false,
    });

    t.advance(LIFETIME - 10 * MIN);
    void t.cache.get();
    const failedAt = t.now();
    const error = new Transient('slow down');
    await t.fail(error);
    t.advance(500);
    void t.cache.get(); // inside the backoff: no new fetch
    expect(t.cache.state()).toMatchObject({
      cached: { receivedAt },
      refreshing: false,
      failures: 1,
      lastError: { error, at: failedAt },
      retryAt: failedAt + 1000,
    });

    t.advance(500);
    void t.cache.get();
    await t.complete();
    expect(t.cache.state()).toMatchObject({
      cached: { receivedAt: t.now() },
      failures: 0,
      lastError: undefined,
      retryAt: 0,
    });
  });

  it('fresh(until) serves the cached promise only before both its advisory point and `until`', async () => {
    const t = setup();
    void t.cache.get();
    await t.complete();
    const cached = t.cache.fresh();
    expect(cached).toBeDefined();
    expect(t.cache.fresh(t.now() + 1)).toBe(cached);
    expect(t.cache.fresh(t.now())).toBeUndefined();
    t.advance(LIFETIME - 15 * MIN);
    expect(t.cache.fresh(Infinity)).toBeUndefined();
  });

  it('retryDueAt() is when a call would retry a failed refresh of a value still valid', async () => {
    const t = setup();
    expect(t.cache.retryDueAt()).toBe(Infinity); // nothing cached
    void t.cache.get();
    await t.complete();
    t.advance(LIFETIME - 15 * MIN);
    expect(t.cache.retryDueAt()).toBe(Infinity); // due, but nothing failed
    void t.cache.get();
    await t.fail(new Transient('slow down'));
    expect(t.cache.retryDueAt()).toBe(t.now() + 1000);
    t.advance(1000);
    void t.cache.get();
    expect(t.cache.retryDueAt()).toBe(Infinity); // retrying
    await t.complete();
    expect(t.cache.retryDueAt()).toBe(Infinity); // refreshed
    t.advance(LIFETIME - 30_000); // the mandatory window: a failure's backoff would end after expiry
    const waiting = t.cache.get().catch((error: unknown) => error);
    await t.fail(new Transient('slow down'));
    expect(await waiting).toBe('v2'); // still valid: served
    t.advance(29_999);
    void t.cache.get().catch(() => undefined);
    await t.fail(new Transient('slow down'));
    expect(t.cache.retryDueAt()).toBe(Infinity); // 1 ms left, the next backoff ends later
    t.cache.invalidate();
    expect(t.cache.retryDueAt()).toBe(Infinity);
  });

  it('schedules no timer, so it never keeps the process alive', () => {
    vi.useFakeTimers();
    try {
      const t = setup();
      void t.cache.get();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
