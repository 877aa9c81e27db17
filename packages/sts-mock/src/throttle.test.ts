import { describe, expect, test } from 'vitest';
import { createStsMock } from './create-sts-mock';
import type { StsMockOptions } from './create-sts-mock';
import { StsMockInputError } from './errors';
import { TokenBuckets, checkThrottle } from './throttle';

describe('the throttle option', () => {
  test.each<[unknown, string, string]>([
    [{ ratePerSecond: 0, burst: 1 }, 'throttle.ratePerSecond', '0 is not a number of calls per second'],
    [{ ratePerSecond: -2, burst: 1 }, 'throttle.ratePerSecond', '-2 is not'],
    [{ ratePerSecond: Number.NaN, burst: 1 }, 'throttle.ratePerSecond', 'NaN is not'],
    [{ ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 }, 'throttle.ratePerSecond', 'Infinity is not'],
    [{ ratePerSecond: '5', burst: 1 }, 'throttle.ratePerSecond', '5 is not'],
    [{ ratePerSecond: 1_000_001, burst: 1 }, 'throttle.ratePerSecond', 'at most 1000000'],
    [{ burst: 1 }, 'throttle.ratePerSecond', 'undefined is not'],
    [{ ratePerSecond: 1, burst: 0 }, 'throttle.burst', '0 is not a whole number of calls from 1 to 1000000'],
    [{ ratePerSecond: 1, burst: 1.5 }, 'throttle.burst', '1.5 is not'],
    [{ ratePerSecond: 1, burst: 1_000_001 }, 'throttle.burst', '1000001 is not'],
    [{ ratePerSecond: 1 }, 'throttle.burst', 'undefined is not'],
    [{ ratePerSecond: 1, burst: 1, rate: 5 }, 'throttle.rate', 'is not a known option of createStsMock()'],
    [{ RatePerSecond: 1, burst: 1 }, 'throttle.RatePerSecond', "did you mean 'ratePerSecond'?"],
    [100, 'throttle', 'expects an object, got 100'],
    [[1, 1], 'throttle', 'expects an object, got an array'],
    [null, 'throttle', 'expects an object, got null'],
  ])('%j is refused, naming %s and the value', (throttle, field, text) => {
    const create = () => createStsMock({ throttle } as StsMockOptions);
    expect(create).toThrow(StsMockInputError);
    expect(create).toThrow(expect.objectContaining({ field }));
    expect(create).toThrow(text);
  });

  test('the smallest and largest valid values are accepted', () => {
    expect(checkThrottle({ ratePerSecond: Number.MIN_VALUE, burst: 1 })).toEqual({
      ratePerSecond: Number.MIN_VALUE,
      burst: 1,
    });
    expect(checkThrottle({ ratePerSecond: 1_000_000, burst: 1_000_000 })).toEqual({
      ratePerSecond: 1_000_000,
      burst: 1_000_000,
    });
  });

  test('the mock keeps its own copy: changing the object afterwards changes nothing', () => {
    const throttle = { ratePerSecond: 1, burst: 1 };
    const checked = checkThrottle(throttle);
    throttle.burst = 5;
    expect(checked.burst).toBe(1);
  });
});

describe('TokenBuckets', () => {
  const at = Date.UTC(2026, 11, 2, 6, 30);

  test('a rate below one per second refills exactly: 0.1/s gives one token after 10 s, not before', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 0.1, burst: 1 });
    expect(buckets.take('a', at)).toBe(true);
    expect(buckets.take('a', at + 9_999)).toBe(false);
    expect(buckets.take('a', at + 10_000)).toBe(true);
    expect(buckets.take('a', at + 10_000)).toBe(false);
  });

  test('a clock moved back neither refills nor drains a bucket', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 2 });
    expect([buckets.take('a', at), buckets.take('a', at), buckets.take('a', at)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(buckets.take('a', at - 60_000)).toBe(false);
    expect(buckets.take('a', at - 59_000)).toBe(true);
    const full = new TokenBuckets({ ratePerSecond: 1, burst: 2 });
    expect(full.take('a', at)).toBe(true);
    expect([full.take('a', at - 60_000), full.take('a', at - 60_000)]).toEqual([true, false]);
  });
});
