import { describe, expect, it } from 'vitest';
import { isMaxAttempts } from './client-config';

describe('isMaxAttempts', () => {
  it('accepts a whole number of at least 1, or a provider function', () => {
    expect(isMaxAttempts(1)).toBe(true);
    expect(isMaxAttempts(10)).toBe(true);
    expect(isMaxAttempts(() => Promise.resolve(3))).toBe(true);
  });

  it('refuses what makes the SDK retry never or without end', () => {
    for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3', null, undefined]) {
      expect(isMaxAttempts(value)).toBe(false);
    }
  });
});
