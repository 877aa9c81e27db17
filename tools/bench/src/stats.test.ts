import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alternatingPairMeans, medianInterval, quantile, ratio, summarize } from './stats';

describe('quantile', () => {
  it('interpolates between neighbours', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40], 0.25)).toBeCloseTo(17.5);
    expect(quantile([10, 20, 30, 40], 1)).toBe(40);
  });

  it('rejects an empty set and a q outside 0..1', () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1], 1.5)).toThrow(/1\.5/);
  });
});

describe('summarize', () => {
  it('gives median and interquartile range whatever the input order', () => {
    const summary = summarize([9, 1, 5, 3, 7]);
    expect(summary).toEqual({ median: 5, p25: 3, p75: 7, min: 1, max: 9, n: 5 });
  });

  it('does not reorder the caller array', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('names a measurement that is not a number', () => {
    expect(() => summarize([1, Number.NaN])).toThrow(/NaN/);
    expect(() => summarize([])).toThrow(/no measurements/);
  });
});

describe('ratio', () => {
  it('divides ours by the anchor and refuses a zero anchor', () => {
    expect(ratio(3, 30)).toBeCloseTo(0.1);
    expect(ratio(0, 0)).toBeUndefined();
  });
});

describe('medianInterval', () => {
  it('brackets the median by about ±1.96·√n/2 ranks', () => {
    const values = Array.from({ length: 1001 }, (_, index) => 1000 - index); // 0..1000, reversed
    // Ranks 500 ∓ 31.
    expect(medianInterval(values)).toEqual({ low: 469, high: 531 });
  });

  it('always contains the median, and narrows as measurements grow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const { low, high } = medianInterval(values);
          const { median } = summarize(values);
          expect(low).toBeLessThanOrEqual(median);
          expect(high).toBeGreaterThanOrEqual(median);
        },
      ),
    );
    const spread = (n: number) => {
      const { low, high } = medianInterval(Array.from({ length: n }, (_, index) => index / n));
      return high - low;
    };
    expect(spread(10_000)).toBeLessThan(spread(100));
  });

  it('refuses an empty set', () => {
    expect(() => medianInterval([])).toThrow(RangeError);
  });
});

describe('alternatingPairMeans', () => {
  it('cancels what running second adds, whichever side ran second', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -30, max: 30, noNaN: true }),
        (trueDifferences, second) => {
          // Round r runs a first when r is even: b ran second and carries `second`; else a carries it.
          const paired = trueDifferences.flatMap((difference) => [difference + second, difference - second]);
          const means = alternatingPairMeans(paired);
          expect(means).toHaveLength(trueDifferences.length);
          means.forEach((mean, index) => {
            expect(mean).toBeCloseTo(trueDifferences[index] ?? Number.NaN, 9);
          });
        },
      ),
    );
  });

  it('leaves out a last round that has no reversed partner', () => {
    expect(alternatingPairMeans([4, 2, 9])).toEqual([3]);
    expect(alternatingPairMeans([7])).toEqual([]);
  });
});
