import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './backoff';

describe('nextAttemptAt', () => {
  it('doubles the ceiling per failure and draws from its upper half', () => {
    expect(nextAttemptAt(0, 1, undefined, {}, () => 0)).toBe(500);
    expect(nextAttemptAt(0, 1, undefined, {}, () => 1)).toBe(1000);
    expect(nextAttemptAt(0, 3, undefined, {}, () => 1)).toBe(4000);
    expect(nextAttemptAt(0, 3, undefined, {}, () => 0)).toBe(2000);
  });

  it('stops growing at the maximum', () => {
    expect(nextAttemptAt(0, 40, undefined, {}, () => 1)).toBe(300_000);
    expect(nextAttemptAt(0, 10, undefined, { baseMs: 100, maxMs: 5000 }, () => 1)).toBe(5000);
  });

  it('always lands before the cached credential expires', () => {
    const now = 1_000_000;
    const expiresAt = now + 10_000;
    let at = now;
    for (let failures = 1; failures < 20; failures += 1) {
      const next = nextAttemptAt(at, failures, expiresAt, {}, () => 1);
      expect(next).toBeGreaterThan(at);
      expect(next).toBeLessThan(expiresAt);
      at = next;
    }
  });

  it('ignores an expiry already past', () => {
    expect(nextAttemptAt(10_000, 1, 5_000, {}, () => 1)).toBe(11_000);
  });
});
