import { describe, expect, it } from 'vitest';
import { nextAttemptAt, WAITING_MAX_MS } from './backoff';

const valid = 10_000_000; // an expiry far away: the background path

describe('nextAttemptAt in the background (valid credentials cached)', () => {
  it('draws from the whole of [0, ceiling): full jitter, the ceiling doubling per failure', () => {
    expect(nextAttemptAt(0, 1, valid, {}, () => 0)).toBe(0);
    expect(nextAttemptAt(0, 1, valid, {}, () => 0.5)).toBe(500);
    expect(nextAttemptAt(0, 3, valid, {}, () => 0.25)).toBe(1000);
    expect(nextAttemptAt(0, 3, valid, {}, () => 0.999)).toBeCloseTo(3996);
  });

  it('stops growing at the maximum', () => {
    expect(nextAttemptAt(0, 40, 10 * valid, {}, () => 0.5)).toBe(150_000);
    expect(nextAttemptAt(0, 10, valid, { baseMs: 100, maxMs: 5000 }, () => 0.5)).toBe(2500);
  });

  it('always lands before the cached credential expires', () => {
    const now = 1_000_000;
    const expiresAt = now + 10_000;
    let at = now;
    for (let failures = 1; failures < 20; failures += 1) {
      const next = nextAttemptAt(at, failures, expiresAt, {}, () => 0.999_999);
      expect(next).toBeGreaterThanOrEqual(at);
      expect(next).toBeLessThan(expiresAt);
      at = next;
    }
  });
});

describe('nextAttemptAt while a caller waits (nothing valid cached)', () => {
  it('uses full jitter with a ceiling of at most WAITING_MAX_MS, with or without an expired credential', () => {
    expect(WAITING_MAX_MS).toBe(1000);
    expect(nextAttemptAt(0, 1, undefined, { baseMs: 100 }, () => 0.5)).toBe(50);
    expect(nextAttemptAt(0, 3, undefined, { baseMs: 100 }, () => 0.5)).toBe(200);
    expect(nextAttemptAt(0, 30, undefined, {}, () => 0.5)).toBe(500);
    expect(nextAttemptAt(10_000, 30, 5_000, {}, () => 0.999)).toBeCloseTo(10_999);
    expect(nextAttemptAt(10_000, 30, 5_000, { maxMs: 200 }, () => 0.5)).toBe(10_100);
  });
});
