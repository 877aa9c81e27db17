import { describe, expect, test } from 'vitest';
import { ParamValidator, patterns } from './validation';

describe('ParamValidator', () => {
  test('no failures, no error', () => {
    const validator = new ParamValidator();
    validator.string('roleSessionName', 'ok-name', { min: 2, max: 64, ...patterns.roleSessionName });
    expect(validator.error()).toBeUndefined();
  });

  test('lengths count characters, not UTF-16 units', () => {
    const validator = new ParamValidator();
    validator.string('tags.1.member.value', '😀'.repeat(256), { max: 256 });
    expect(validator.error()).toBeUndefined();
  });

  test('secret values are masked in messages', () => {
    const validator = new ParamValidator();
    validator.string('tokenCode', '12x', { min: 6, max: 6, ...patterns.tokenCode, secret: true });
    const message = validator.error()?.message ?? '';
    expect(message).toContain("Value '***' at 'tokenCode'");
    expect(message).not.toContain('12x');
  });

  test('several failures make one ValidationError with the count', () => {
    const validator = new ParamValidator();
    validator.required('roleArn', undefined);
    validator.integer('durationSeconds', '60', 900, 43200);
    expect(validator.error()).toMatchObject({
      code: 'ValidationError',
      status: 400,
      message:
        "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
  });
});
