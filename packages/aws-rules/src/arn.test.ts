import { describe, expect, it } from 'vitest';
import { isAccountId, isMfaSerialNumber, isPolicyArn, isRoleArn, parseRoleArn } from './arn';
import { INVALID_ROLE_ARNS, VALID_ROLE_ARNS } from './fixtures';

describe('isRoleArn', () => {
  it.each(VALID_ROLE_ARNS.map((arn) => [arn]))('accepts %s', (arn) => {
    expect(isRoleArn(arn)).toBe(true);
  });

  it.each(INVALID_ROLE_ARNS.map((arn) => [arn]))('refuses %j', (arn) => {
    expect(isRoleArn(arn)).toBe(false);
  });

  it('refuses a role name of 65 or 100 characters, which IAM cannot create', () => {
    expect(isRoleArn(`arn:aws:iam::123456789012:role/${'a'.repeat(64)}`)).toBe(true);
    expect(isRoleArn(`arn:aws:iam::123456789012:role/${'a'.repeat(65)}`)).toBe(false);
    expect(isRoleArn(`arn:aws:iam::123456789012:role/path/${'a'.repeat(100)}`)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 12, {}, ['arn:aws:iam::123456789012:role/x']]) {
      expect(isRoleArn(value)).toBe(false);
    }
  });
});

describe('parseRoleArn', () => {
  it('takes a role ARN apart', () => {
    expect(parseRoleArn('arn:aws-eusc:iam::123456789012:role/team/ci/deployer')).toEqual({
      partition: 'aws-eusc',
      accountId: '123456789012',
      path: '/team/ci/',
      roleName: 'deployer',
    });
    expect(parseRoleArn('arn:aws:iam::123456789012:role/x')?.path).toBe('/');
  });
});

describe('isPolicyArn', () => {
  it("accepts the customer's and AWS's managed policies, with paths", () => {
    for (const arn of [
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws-cn:iam::123456789012:policy/team/Deploy+Read',
      `arn:aws:iam::123456789012:policy/${'p'.repeat(128)}`,
    ]) {
      expect(isPolicyArn(arn), arn).toBe(true);
    }
  });

  it('refuses roles, other services and malformed names', () => {
    for (const arn of [
      'arn:aws:iam::123456789012:role/x',
      'arn:aws:s3:::bucket/policy/x',
      'arn:aws:iam::aws:policy/',
      'arn:aws:iam::aws:policy/a b',
      `arn:aws:iam::123456789012:policy/${'p'.repeat(129)}`,
      'arn:aws:iam::12345:policy/x',
      'ReadOnlyAccess',
    ]) {
      expect(isPolicyArn(arn), arn).toBe(false);
    }
  });
});

describe('isMfaSerialNumber', () => {
  it('accepts device ARNs and hardware serials, and refuses the rest', () => {
    expect(isMfaSerialNumber('arn:aws:iam::123456789012:mfa/alice')).toBe(true);
    expect(isMfaSerialNumber('GAHT12345678')).toBe(true);
    expect(isMfaSerialNumber('short')).toBe(false);
    expect(isMfaSerialNumber('arn:aws:iam::123456789012:mfa/a b')).toBe(false);
    expect(isMfaSerialNumber('x'.repeat(257))).toBe(false);
    expect(isMfaSerialNumber(123456789)).toBe(false);
  });
});

describe('isAccountId', () => {
  it('accepts exactly twelve digits', () => {
    expect(isAccountId('000000000000')).toBe(true);
    expect(isAccountId('12345678901')).toBe(false);
    expect(isAccountId('12345678901a')).toBe(false);
    expect(isAccountId(123456789012)).toBe(false);
  });
});
