import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMfaSerialNumber, isPolicyArn, isRoleArn, parseRoleArn } from './arn';

const nameChar = fc.constantFrom(...Array.from('abcXYZ019_+=,.@-'));
const roleName = fc.string({ unit: nameChar, minLength: 1, maxLength: 64 });
const pathSegment = fc.string({
  unit: fc.constantFrom(...Array.from('abc:09_-')),
  minLength: 1,
  maxLength: 20,
});
const path = fc
  .array(pathSegment, { maxLength: 5 })
  .map((segments) => (segments.length === 0 ? '/' : `/${segments.join('/')}/`));
const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'aws-eusc');
const account = fc.stringMatching(/^\d{12}$/);

describe('role ARNs (property)', () => {
  it('accepts every role ARN built from IAM rules, and gives its parts back', () => {
    fc.assert(
      fc.property(partition, account, path, roleName, (p, a, rolePath, name) => {
        const arn = `arn:${p}:iam::${a}:role${rolePath}${name}`;
        expect(parseRoleArn(arn)).toEqual({ partition: p, accountId: a, path: rolePath, roleName: name });
      }),
    );
  });

  it('refuses a role name longer than 64 characters, whatever the path', () => {
    fc.assert(
      fc.property(path, fc.string({ unit: nameChar, minLength: 65, maxLength: 300 }), (rolePath, name) => {
        expect(isRoleArn(`arn:aws:iam::123456789012:role${rolePath}${name}`)).toBe(false);
      }),
    );
  });

  it('never throws and stays fast, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string({ maxLength: 3000 })), (value) => {
        expect(typeof isRoleArn(value)).toBe('boolean');
        expect(typeof isPolicyArn(value)).toBe('boolean');
        expect(typeof isMfaSerialNumber(value)).toBe('boolean');
      }),
    );
    const hostile = `arn:aws:iam::123456789012:role${'/'.repeat(2000)}`;
    expect(isRoleArn(hostile)).toBe(false);
    expect(isRoleArn(`arn:aws:iam::123456789012:role/${'a/'.repeat(1000)}!`)).toBe(false);
  });
});
