import type { MedianInterval } from './stats';

/** A number for people: three significant digits, thousands grouped, no exponent. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || Number.isInteger(value)) {
    return Math.round(value).toLocaleString('en-US');
  }
  const digits = magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** A value with its unit, e.g. `41.2 ns`, `3 calls`. */
export function formatValue(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

/** A median's 95 % interval as a goal column states it, e.g. `median's 95 % interval 1.53 – 35.7 ms`. */
export function formatInterval(interval: MedianInterval, unit: string): string {
  return `median's 95 % interval ${formatNumber(interval.low)} – ${formatNumber(interval.high)} ${unit}`;
}

/** A ratio, e.g. `0.10×`. */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}
