import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { TokenBuckets, checkThrottle } from './throttle';

// Whatever the order and spacing of calls, a bucket never lets more through in a window than its size plus
// what its rate refills in that window, never throws, and lets a full burst through after a long enough pause.

/** A rate of `perSecond / divisor` calls per second, so the bound below is checked in whole numbers. */
const rate = fc.record({ perSecond: fc.integer({ min: 1, max: 50 }), divisor: fc.constantFrom(1, 2, 4, 10) });
const burst = fc.integer({ min: 1, max: 10 });
const step = fc.record({ advanceMs: fc.integer({ min: 0, max: 3000 }), key: fc.constantFrom('a', 'b') });
const steps = fc.array(step, { maxLength: 60 });
const start = Date.UTC(2026, 11, 2, 6, 30);

interface Outcome {
  readonly at: number;
  readonly passed: boolean;
}

function run(
  buckets: TokenBuckets,
  sequence: readonly { advanceMs: number; key: string }[],
): Map<string, Outcome[]> {
  const outcomes = new Map<string, Outcome[]>();
  let now = start;
  for (const { advanceMs, key } of sequence) {
    now += advanceMs;
    const list = outcomes.get(key) ?? [];
    list.push({ at: now, passed: buckets.take(key, now) });
    outcomes.set(key, list);
  }
  return outcomes;
}

describe('TokenBuckets (property)', () => {
  test('in any window, the calls let through are at most burst + rate × window, per key', () => {
    fc.assert(
      fc.property(rate, burst, steps, ({ perSecond, divisor }, size, sequence) => {
        const buckets = new TokenBuckets({ ratePerSecond: perSecond / divisor, burst: size });
        for (const outcomes of run(buckets, sequence).values()) {
          const times = [...new Set(outcomes.map((outcome) => outcome.at))];
          for (const from of times) {
            for (const to of times.filter((time) => time >= from)) {
              const passed = outcomes.filter((o) => o.passed && o.at >= from && o.at <= to).length;
              // passed ≤ burst + (perSecond / divisor) × (to - from) / 1000, multiplied out.
              expect(passed * 1000 * divisor).toBeLessThanOrEqual(
                size * 1000 * divisor + perSecond * (to - from),
              );
            }
          }
        }
      }),
    );
  });

  test('after a pause of burst / rate seconds, exactly burst calls pass at once, whatever came before', () => {
    fc.assert(
      fc.property(rate, burst, steps, ({ perSecond, divisor }, size, sequence) => {
        const ratePerSecond = perSecond / divisor;
        const buckets = new TokenBuckets({ ratePerSecond, burst: size });
        const last = start + sequence.reduce((sum, { advanceMs }) => sum + advanceMs, 0);
        run(buckets, sequence);
        const later = last + Math.ceil((size * 1000 * divisor) / perSecond);
        const passed = Array.from({ length: size + 1 }, () => buckets.take('a', later));
        expect(passed).toEqual([...Array.from({ length: size }, () => true), false]);
      }),
    );
  });

  test('a clock that moves back and forth never throws, and lets through at most burst + rate × forward time', () => {
    const jump = fc.record({ advanceMs: fc.integer({ min: -5000, max: 3000 }), key: fc.constant('a') });
    fc.assert(
      fc.property(
        rate,
        burst,
        fc.array(jump, { maxLength: 60 }),
        ({ perSecond, divisor }, size, sequence) => {
          const buckets = new TokenBuckets({ ratePerSecond: perSecond / divisor, burst: size });
          const passed = [...(run(buckets, sequence).get('a') ?? [])].filter((o) => o.passed).length;
          const forwardMs = sequence.reduce((sum, { advanceMs }) => sum + Math.max(0, advanceMs), 0);
          expect(passed * 1000 * divisor).toBeLessThanOrEqual(size * 1000 * divisor + perSecond * forwardMs);
        },
      ),
    );
  });
});

describe('checkThrottle (property)', () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
  const field = fc.oneof(
    fc.anything(),
    fc.double(),
    fc.integer({ min: -10, max: 2_000_000 }),
    fc.constantFrom(0, -0, 1e6, 1e6 + 1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '5'),
  );
  const input = fc.oneof(
    fc.anything(),
    fc.record({ ratePerSecond: field, burst: field }, { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom('ratePerSecond', 'burst', '__proto__', 'constructor', 'rate'), field),
  );

  test('returns a valid throttle or throws StsMockInputError naming a throttle field, and nothing else', () => {
    fc.assert(
      fc.property(input, (value) => {
        try {
          const checked = checkThrottle(value);
          expect(checked.ratePerSecond).toBeGreaterThan(0);
          expect(Number.isInteger(checked.burst) && checked.burst >= 1).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(StsMockInputError);
          expect((error as StsMockInputError).field).toMatch(/^throttle(\.|$)/);
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
      }),
    );
  });
});
