import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets } from './secrets';

const secretKey = randomBytes(30).toString('base64');
const sessionToken = 'IQoJb3JpZ2luX2VjE' + randomBytes(192).toString('base64');

describe('findSecrets', () => {
  it('flags full access key ids, secret keys and session tokens wherever they sit in a line', () => {
    expect(findSecrets(`{"key":"ASIAABCDEFGHIJKLMNOP"}`)).toEqual(['full access key id']);
    expect(findSecrets(`{"secret":"${secretKey}"}`)).toEqual(['secret access key (40 base64 characters)']);
    expect(findSecrets(`token=${sessionToken}`)).toContain('session token (long base64)');
  });

  it('passes what the loggers are meant to write: masked keys, ARNs, request ids, hashes', () => {
    const line = JSON.stringify({
      accessKeyId: 'ASIA…WXYZ',
      arn: 'arn:aws:sts::333333333333:assumed-role/report-reader/rolechain-1a2b3c',
      requestId: 'c0a8e2f4-6b1d-4f3e-9a7c-2d5e8f1b3a6c',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    expect(findSecrets(line)).toEqual([]);
  });

  it('finds a known secret verbatim even when it has no secret shape', () => {
    expect(findSecrets('mfa code 123456 used', ['123456'])).toEqual(['a known secret, verbatim']);
    expect(findSecrets('nothing here', [''])).toEqual([]);
  });
});
