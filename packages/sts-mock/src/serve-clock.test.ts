import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { createServeClock, maxClockStepSeconds, parseClockStep, parseInstant } from './serve-clock';

describe('the served clock', () => {
  test('runs with real time from its start, and moves by advance() and set()', () => {
    let real = 1_000_000;
    const clock = createServeClock(new Date('2026-03-01T10:00:00Z'), () => real);
    real += 250;
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:00.250Z');
    clock.advance(3_600_000);
    expect(clock.now().toISOString()).toBe('2026-03-01T11:00:00.250Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    real += 1000;
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:01.000Z');
  });

  test('without a start it is real time', () => {
    expect(
      createServeClock(undefined, () => 42)
        .now()
        .getTime(),
    ).toBe(42);
  });

  test.each(['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.123+02:00', '2026-03-01T10:00Z'])(
    '%s is an instant',
    (text) => {
      expect(parseInstant(text, 'now').getTime()).toBe(new Date(text).getTime());
    },
  );

  test.each([
    ['2026-03-01'],
    ['2026-03-01T10:00:00'],
    ['2026-13-01T10:00:00Z'],
    ['1969-12-31T23:59:59Z'],
    [1_700_000_000],
    [null],
  ])('%j is refused, named', (value) => {
    expect(() => parseInstant(value, 'clock.start')).toThrow(StsMockInputError);
    expect(() => parseInstant(value, 'clock.start')).toThrow(/^clock\.start: .* is not an ISO 8601 instant/);
  });

  test.each([[Number.NaN], [Infinity], ['60'], [maxClockStepSeconds + 1], [-maxClockStepSeconds - 1]])(
    'step %j is refused',
    (value) => {
      expect(() => parseClockStep(value, 'advanceSeconds')).toThrow(
        /^advanceSeconds: .* is not a number of seconds/,
      );
    },
  );
});
