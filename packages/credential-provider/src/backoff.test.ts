import { describe, expect, it } from 'vitest';
import { nextAttemptAt, WAITING_CEILING_SHARE, WAITING_MIN_CEILING_MS } from './backoff';

const valid = 10_000_000; // an expiry far away: the background path

/** A streak of `failures` that began at 0. */
const streak = (failures: number, since = 0) => ({ failures, since });

describe('nextAttemptAt in the background (valid credentials cached)', () => {
  it('draws from the whole of [0, ceiling): full jitter, the ceiling doubling per failure', () => {
    expect(nextAttemptAt(0, streak(1), valid, {}, () => 0)).toBe(0);
    expect(nextAttemptAt(0, streak(1), valid, {}, () => 0.5)).toBe(500);
    expect(nextAttemptAt(0, streak(3), valid, {}, () => 0.25)).toBe(1000);
    expect(nextAttemptAt(0, streak(3), valid, {}, () => 0.999)).toBeCloseTo(3996);
  });

  it('stops growing at the maximum', () => {
    expect(nextAttemptAt(0, streak(40), 10 * valid, {}, () => 0.5)).toBe(150_000);
    expect(nextAttemptAt(0, streak(10), valid, { baseMs: 100, maxMs: 5000 }, () => 0.5)).toBe(2500);
  });

  it('does not depend on how long the failures have lasted', () => {
    const now = 5_000_000;
    expect(nextAttemptAt(now, streak(2, now - 10), valid, {}, () => 0.5)).toBe(now + 1000);
    expect(nextAttemptAt(now, streak(2, 0), valid, {}, () => 0.5)).toBe(now + 1000);
  });

  it('always lands before the cached credential expires', () => {
    const now = 1_000_000;
    const expiresAt = now + 10_000;
    let at = now;
    for (let failures = 1; failures < 20; failures += 1) {
      const next = nextAttemptAt(at, streak(failures, now), expiresAt, {}, () => 0.999_999);
      expect(next).toBeGreaterThanOrEqual(at);
      expect(next).toBeLessThan(expiresAt);
      at = next;
    }
  });
});

describe('nextAttemptAt while a caller waits (nothing valid cached)', () => {
  it('uses full jitter with a ceiling of a second for the first 10 s of failures, with or without an expired credential', () => {
    expect(WAITING_MIN_CEILING_MS).toBe(1000);
    expect(WAITING_CEILING_SHARE).toBe(0.1);
    expect(nextAttemptAt(0, streak(1), undefined, { baseMs: 100 }, () => 0.5)).toBe(50);
    expect(nextAttemptAt(0, streak(3), undefined, { baseMs: 100 }, () => 0.5)).toBe(200);
    expect(nextAttemptAt(0, streak(30), undefined, {}, () => 0.5)).toBe(500);
    expect(nextAttemptAt(10_000, streak(30), 5_000, {}, () => 0.999)).toBeCloseTo(10_999);
    expect(nextAttemptAt(10_000, streak(30), 5_000, { maxMs: 200 }, () => 0.5)).toBe(10_100);
  });

  it('lets the ceiling grow to a tenth of the time the failures have lasted, up to maxMs', () => {
    // 40 s of failures: the ceiling is 4 s, so a caller asks about every 2 s instead of every 0.5 s.
    expect(nextAttemptAt(40_000, streak(60), undefined, {}, () => 0.5)).toBe(42_000);
    expect(nextAttemptAt(1_040_000, streak(60, 1_000_000), undefined, {}, () => 0.999)).toBeCloseTo(
      1_043_996,
    );
    // The exponential still bounds the first failures of a streak that began long ago…
    expect(nextAttemptAt(40_000, streak(1), undefined, {}, () => 0.5)).toBe(40_500);
    // …and maxMs bounds every ceiling: an hour of failures waits at most 5 minutes, or what the user set.
    expect(nextAttemptAt(3_600_000, streak(60), undefined, {}, () => 0.5)).toBe(3_600_000 + 150_000);
    expect(nextAttemptAt(3_600_000, streak(60), undefined, { maxMs: 2000 }, () => 0.5)).toBe(3_601_000);
  });
});
