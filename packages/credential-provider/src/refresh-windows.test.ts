import { describe, expect, it } from 'vitest';
import { defaultWindows, refreshPoints, windowsFor } from './refresh-windows';

const MIN = 60_000;

describe('defaultWindows', () => {
  it.each([
    // lifetime, advisory, mandatory
    [15 * MIN, 5 * MIN, 1 * MIN],
    [20 * MIN, 5 * MIN, 1 * MIN],
    [21 * MIN, 10.5 * MIN, 1 * MIN], // 15 min capped at L/2
    [30 * MIN, 15 * MIN, 1 * MIN],
    [60 * MIN, 15 * MIN, 1 * MIN],
    [89 * MIN, 15 * MIN, 1 * MIN],
    [90 * MIN, 45 * MIN, 1 * MIN], // 60 min capped at L/2
    [120 * MIN, 60 * MIN, 1 * MIN],
    [12 * 60 * MIN, 60 * MIN, 1 * MIN],
  ])('a %i ms lifetime gets advisory %i ms and mandatory %i ms', (lifetime, advisory, mandatory) => {
    expect(defaultWindows(lifetime)).toEqual({ advisoryMs: advisory, mandatoryMs: mandatory });
  });

  it('never gives an advisory window above half the lifetime, and M = min(60 s, A/2)', () => {
    expect(defaultWindows(8 * MIN)).toEqual({ advisoryMs: 4 * MIN, mandatoryMs: 1 * MIN });
    expect(defaultWindows(60 * 1000)).toEqual({ advisoryMs: 30_000, mandatoryMs: 15_000 });
    expect(defaultWindows(-5)).toEqual({ advisoryMs: 0, mandatoryMs: 0 });
  });
});

describe('windowsFor', () => {
  it('applies overrides', () => {
    expect(windowsFor(60 * MIN, { advisoryMs: 10 * MIN, mandatoryMs: 2 * MIN })).toEqual({
      advisoryMs: 10 * MIN,
      mandatoryMs: 2 * MIN,
    });
  });

  it('derives the mandatory window from an overridden advisory one', () => {
    expect(windowsFor(60 * MIN, { advisoryMs: 30_000 })).toEqual({ advisoryMs: 30_000, mandatoryMs: 15_000 });
  });

  it('caps overrides at half the lifetime and the mandatory window at the advisory one', () => {
    expect(windowsFor(10 * MIN, { advisoryMs: 9 * MIN, mandatoryMs: 8 * MIN })).toEqual({
      advisoryMs: 5 * MIN,
      mandatoryMs: 5 * MIN,
    });
  });
});

describe('refreshPoints', () => {
  const receivedAt = 1_000_000;
  const expiresAt = receivedAt + 60 * MIN;

  it('puts the points at the window edges without jitter', () => {
    expect(refreshPoints(receivedAt, expiresAt, {}, () => 0)).toEqual({
      advisoryAt: expiresAt - 15 * MIN,
      mandatoryAt: expiresAt - MIN,
      expiresAt,
    });
    expect(refreshPoints(receivedAt, expiresAt, { jitter: false }, () => 0.99)).toEqual({
      advisoryAt: expiresAt - 15 * MIN,
      mandatoryAt: expiresAt - MIN,
      expiresAt,
    });
  });

  it('draws the advisory point over the first half of its window and the mandatory one up to M/4 later', () => {
    const latest = refreshPoints(receivedAt, expiresAt, {}, () => 0.999_999);
    expect(latest.advisoryAt).toBeCloseTo(expiresAt - 15 * MIN + (15 * MIN) / 2, -1);
    expect(latest.mandatoryAt).toBeCloseTo(expiresAt - MIN + MIN / 4, -1);
    expect(latest.advisoryAt).toBeLessThan(latest.mandatoryAt);
    expect(latest.mandatoryAt).toBeLessThan(expiresAt);
    const middle = refreshPoints(receivedAt, expiresAt, {}, () => 0.5);
    expect(middle.advisoryAt).toBe(expiresAt - 15 * MIN + (15 * MIN) / 4);
  });

  it('spreads a fleet uniformly over half the advisory window: 7.5 min for 1 h sessions', () => {
    const draws = Array.from({ length: 101 }, (_, index) => index / 101);
    const points = draws.map((draw) => refreshPoints(receivedAt, expiresAt, {}, () => draw).advisoryAt);
    const spread = Math.max(...points) - Math.min(...points);
    expect(spread).toBeGreaterThan(7.4 * MIN);
    expect(spread).toBeLessThan(7.5 * MIN);
    expect(Math.min(...points)).toBe(expiresAt - 15 * MIN);
  });

  it('never puts the advisory point after the mandatory one, whatever the overrides', () => {
    const points = refreshPoints(
      receivedAt,
      expiresAt,
      { advisoryMs: 10 * MIN, mandatoryMs: 10 * MIN },
      () => 0.9,
    );
    expect(points.advisoryAt).toBeLessThanOrEqual(points.mandatoryAt);
    expect(points.mandatoryAt).toBeLessThan(expiresAt);
  });

  it('spreads two credentials received together', () => {
    const values = [0.1, 0.2, 0.8, 0.9];
    const random = () => values.shift() ?? 0;
    const a = refreshPoints(receivedAt, expiresAt, {}, random);
    const b = refreshPoints(receivedAt, expiresAt, {}, random);
    expect(b.advisoryAt - a.advisoryAt).toBeGreaterThan(MIN);
  });
});
