import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCredentials } from './credentials';
import { ASSUMED_IDENTITY, getAssumedIdentity, type AssumedIdentity } from './identity';

const secretAccessKey = 'Zr9w1gJ6kQ+secret/Value0123456789abcdEFGH';
const sessionToken = 'IQoJb3JpZ2luX2VjE' + 'x'.repeat(200);
const identity: AssumedIdentity = {
  arn: 'arn:aws:sts::333333333333:assumed-role/b/s',
  accountId: '333333333333',
  roleArn: 'arn:aws:iam::333333333333:role/b',
  sessionName: 's',
  chain: [],
  source: { accessKeyId: 'AKIA…MPLE' },
};

function make() {
  return createCredentials(
    {
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey,
      sessionToken,
      expiration: new Date('2026-11-28T09:00:00Z'),
      accountId: '333333333333',
    },
    identity,
    ['assume-role'],
  );
}

describe('createCredentials', () => {
  it('exposes every field a v3 client signs with', () => {
    const credentials = make();
    expect(credentials.accessKeyId).toBe('ASIAIOSFODNN7EXAMPLE');
    expect(credentials.secretAccessKey).toBe(secretAccessKey);
    expect(credentials.sessionToken).toBe(sessionToken);
    expect(credentials.accountId).toBe('333333333333');
    expect('credentialScope' in credentials).toBe(false);
  });

  it('records the SDK credential feature the SDK own role assumer records', () => {
    expect((make() as { $source?: unknown }).$source).toEqual({ CREDENTIALS_STS_ASSUME_ROLE: 'i' });
    const profile = createCredentials({ ...make(), accountId: undefined }, identity, [
      'assume-role',
      'profile-source-profile',
    ]);
    expect((profile as { $source?: unknown }).$source).toEqual({
      CREDENTIALS_STS_ASSUME_ROLE: 'i',
      CREDENTIALS_PROFILE_SOURCE_PROFILE: 'o',
    });
  });

  it('stays mutable for the SDK', () => {
    const credentials = make() as { $source?: Record<string, string> };
    credentials.$source = { ...credentials.$source, CREDENTIALS_CODE: 'e' };
    expect(credentials.$source['CREDENTIALS_CODE']).toBe('e');
  });

  it('carries the identity as an own enumerable symbol that JSON and Object.keys skip', () => {
    const credentials = make();
    expect(getAssumedIdentity(credentials)).toBe(identity);
    expect(Object.getOwnPropertyDescriptor(credentials, ASSUMED_IDENTITY)?.enumerable).toBe(true);
    expect(Object.keys(credentials)).not.toContain(ASSUMED_IDENTITY);
  });

  it('never shows the secret key or the session token in inspect, console or JSON', () => {
    const credentials = make();
    for (const shown of [
      inspect(credentials, { depth: 10 }),
      inspect({ wrapped: credentials }, { depth: 10 }),
      JSON.stringify(credentials),
      JSON.stringify({ credentials }),
    ]) {
      expect(shown).not.toContain(secretAccessKey);
      expect(shown).not.toContain(sessionToken.slice(0, 20));
      expect(shown).not.toContain('ASIAIOSFODNN7EXAMPLE');
      expect(shown).toContain('ASIA…MPLE');
    }
    expect(inspect(credentials)).toContain('[REDACTED]');
  });
});
