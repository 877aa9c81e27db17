import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { checkKnownKeys } from './known-keys';

const context = { call: 'inject()', param: 'fault', prefix: 'fault.' };
const known = ['action', 'error', 'times'];

function refusal(input: unknown): StsMockInputError {
  try {
    checkKnownKeys(input, known, context);
  } catch (error) {
    if (error instanceof StsMockInputError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('checkKnownKeys', () => {
  test('accepts any subset of the known keys, including none', () => {
    expect(() => {
      checkKnownKeys({}, known, context);
      checkKnownKeys({ action: 'AssumeRole', times: 2 }, known, context);
    }).not.toThrow();
  });

  test('refuses an unknown key, naming it under the prefix and listing the known ones', () => {
    const error = refusal({ action: 'AssumeRole', tiems: 3 });
    expect(error.field).toBe('fault.tiems');
    expect(error.message).toBe(
      'fault.tiems: is not a known option of inject() (known: action, error, times)',
    );
  });

  test('suggests the known key that differs only in case', () => {
    expect(refusal({ Times: 3 }).message).toContain("(did you mean 'times'?)");
  });

  test("never shows the unknown key's value, which may be a secret under the wrong name", () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(refusal({ secretAcessKey: secret }).message).not.toContain(secret);
  });

  test.each([
    [null, 'null'],
    [[], 'an array'],
    [3, '3'],
    ['JBSWY3DPEHPK3PXP', 'a string'],
  ])('refuses %j as the whole input, naming the parameter', (input, got) => {
    const error = refusal(input);
    expect(error.field).toBe('fault');
    expect(error.message).toBe(`fault: inject() expects an object, got ${got}`);
  });
});
