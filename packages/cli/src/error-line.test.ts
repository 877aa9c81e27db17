import { describe, expect, test } from 'vitest';
import { errorLine } from './error-line';

describe('errorLine', () => {
  test("an error's name and the first line of its message", () => {
    class RoleChainError extends Error {
      override readonly name = 'RoleChainError';
    }
    expect(errorLine(new RoleChainError('hop 1 of 1 (arn): AccessDenied\n  at somewhere'))).toBe(
      'RoleChainError: hop 1 of 1 (arn): AccessDenied',
    );
  });

  test('a thrown non-error as text', () => {
    expect(errorLine('boom')).toBe('boom');
  });
});
