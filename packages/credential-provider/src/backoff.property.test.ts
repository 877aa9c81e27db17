import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './backoff';

describe('nextAttemptAt', () => {
  it('lands in [now, expiry) whatever the failures, options and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (now, failures, lasted, baseMs, maxMs, draw, left) => {
          const streak = { failures, since: now - lasted };
          const next = nextAttemptAt(now, streak, now + left, { baseMs, maxMs }, () => draw);
          expect(next).toBeGreaterThanOrEqual(now);
          expect(next).toBeLessThan(now + left);
        },
      ),
    );
  });

  it('while a caller waits, waits at most max(1 s, a tenth of the streak) and never more than maxMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { nil: undefined }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (now, failures, lasted, baseMs, maxMs, draw) => {
          const streak = { failures, since: now - lasted };
          const options = maxMs === undefined ? { baseMs } : { baseMs, maxMs };
          const next = nextAttemptAt(now, streak, undefined, options, () => draw);
          expect(next).toBeGreaterThanOrEqual(now);
          expect(next - now).toBeLessThanOrEqual(Math.max(1000, lasted / 10));
          expect(next - now).toBeLessThanOrEqual(maxMs ?? 300_000);
        },
      ),
    );
  });

  it('while a caller waits, the later a failure in a streak, the higher the ceiling (never lower)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: 1, max: 100 }),
        (since, lasted, more, failures) => {
          // With the largest draw the delay is the ceiling itself.
          const draw = () => 1;
          const early =
            nextAttemptAt(since + lasted, { failures, since }, undefined, {}, draw) - (since + lasted);
          const late =
            nextAttemptAt(since + lasted + more, { failures: failures + 1, since }, undefined, {}, draw) -
            (since + lasted + more);
          expect(late).toBeGreaterThanOrEqual(early);
        },
      ),
    );
  });
});
