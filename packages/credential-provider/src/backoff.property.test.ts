import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './backoff';

describe('nextAttemptAt', () => {
  it('lands in [now, expiry) whatever the failures, options and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (now, failures, baseMs, maxMs, draw, left) => {
          const next = nextAttemptAt(now, failures, now + left, { baseMs, maxMs }, () => draw);
          expect(next).toBeGreaterThanOrEqual(now);
          expect(next).toBeLessThan(now + left);
        },
      ),
    );
  });

  it('waits at most a second while a caller waits, whatever the failures, options and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (now, failures, baseMs, draw) => {
          const next = nextAttemptAt(now, failures, undefined, { baseMs }, () => draw);
          expect(next).toBeGreaterThanOrEqual(now);
          expect(next).toBeLessThanOrEqual(now + 1000);
        },
      ),
    );
  });
});
