import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/**
 * Registers vitest hooks that fail any test during which a promise rejected with nobody listening: the
 * provider promises that never happens, whatever STS does. Call it once at the top of a test file.
 */
export function failOnUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    expect(unhandled).toEqual([]);
  });
}
