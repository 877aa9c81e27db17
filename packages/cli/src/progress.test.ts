import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { withProgress } from './progress';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

test('a slow step says once what it waits for', async () => {
  const err: string[] = [];
  let finish: (value: string) => void = () => undefined;
  const work = new Promise<string>((resolve) => (finish = resolve));
  const done = withProgress(work, 'assuming 2 roles', (text) => err.push(text), 1000);
  await vi.advanceTimersByTimeAsync(999);
  expect(err).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(err).toEqual(['rolechain: assuming 2 roles…\n']);
  finish('ok');
  await expect(done).resolves.toBe('ok');
  await vi.advanceTimersByTimeAsync(5000);
  expect(err).toHaveLength(1);
});

test('a fast step prints nothing, and a failing one rejects without printing', async () => {
  const err: string[] = [];
  await expect(withProgress(Promise.resolve(1), 'x', (text) => err.push(text), 1000)).resolves.toBe(1);
  await expect(withProgress(Promise.reject(new Error('no')), 'x', (text) => err.push(text))).rejects.toThrow(
    'no',
  );
  await vi.advanceTimersByTimeAsync(5000);
  expect(err).toEqual([]);
});
