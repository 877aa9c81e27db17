import { describe, expect, test } from 'vitest';
import { accountOfAccessKeyId, newAccessKeyId, newId, newSecretAccessKey, newSessionToken } from './ids';

describe('identifiers', () => {
  test('ids have the IAM prefixes and 20 characters', () => {
    expect(newId('AROA')).toMatch(/^AROA[A-Z2-7]{16}$/);
    expect(newAccessKeyId('ASIA', '123456789012')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(newSecretAccessKey()).toHaveLength(40);
  });

  test.each(['000000000001', '123456789012', '999999999999'])('key ids encode account %s', (account) => {
    expect(accountOfAccessKeyId(newAccessKeyId('AKIA', account))).toBe(account);
  });

  test('session tokens are at least the requested size', () => {
    expect(newSessionToken(4096)).toHaveLength(4096);
    expect(newSessionToken().length).toBeGreaterThan(200);
  });
});
