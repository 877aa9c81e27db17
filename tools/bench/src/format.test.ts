import { describe, expect, it } from 'vitest';
import { formatInterval } from './format';

describe('formatInterval', () => {
  it("states a median's interval with three significant digits and its unit, as the goal columns show it", () => {
    expect(formatInterval({ low: 1.5312, high: 35.71 }, 'ms')).toBe("median's 95 % interval 1.53 – 35.7 ms");
    expect(formatInterval({ low: -0.1191, high: 1234.5 }, 'µs')).toBe(
      "median's 95 % interval -0.119 – 1,235 µs",
    );
  });
});
