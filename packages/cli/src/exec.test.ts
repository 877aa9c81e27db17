import { constants } from 'node:os';
import { describe, expect, test } from 'vitest';
import { exitCodeOf } from './exec';

describe('exitCodeOf', () => {
  test('the exit code, or 128 + the signal number', () => {
    expect(exitCodeOf(0, null)).toBe(0);
    expect(exitCodeOf(7, null)).toBe(7);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(128 + constants.signals.SIGTERM);
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137);
  });
});
