import { expect, test } from 'vitest';
import { createDemoClock } from './demo-clock';

test('follows the real clock until advanced, then stays ahead by the offset', () => {
  let real = 1_000;
  const clock = createDemoClock(() => real);
  expect(clock.now()).toBe(1_000);
  clock.advance(3_600_000);
  real = 1_500;
  expect(clock.now()).toBe(3_601_500);
  expect(clock.date()).toEqual(new Date(3_601_500));
  expect(clock.offsetMs()).toBe(3_600_000);
});

test('tells listeners the new offset on every advance until they unsubscribe', () => {
  const clock = createDemoClock(() => 0);
  const seen: number[] = [];
  const stop = clock.onAdvance((offset) => {
    seen.push(offset);
  });
  clock.advance(10);
  clock.advance(5);
  stop();
  clock.advance(1);
  expect(seen).toEqual([10, 15]);
});

test('refuses to move backwards or by a non-number', () => {
  const clock = createDemoClock(() => 0);
  expect(() => {
    clock.advance(-1);
  }).toThrow('advance: -1 is not a non-negative number of milliseconds');
  expect(() => {
    clock.advance(Number.NaN);
  }).toThrow(RangeError);
});
