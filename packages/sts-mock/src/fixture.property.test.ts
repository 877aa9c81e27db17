import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { loadFixture } from './fixture';

/** Loads `text`; the only error that may escape is the package's typed input error. */
function outcome(text: string): StsMockInputError | undefined {
  try {
    loadFixture(text);
    return undefined;
  } catch (error) {
    if (error instanceof StsMockInputError) return error;
    throw error;
  }
}

const anyJson = fc.jsonValue({ maxDepth: 6 });
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.string({ maxLength: 12 }),
);
/** An object with some keys a section knows and some it does not, each holding any JSON value. */
function entry(known: readonly string[]) {
  return fc.dictionary(fc.oneof(fc.constantFrom(...known), hostileKey), anyJson, { maxKeys: 6 });
}
const nearFixture = fc.record(
  {
    partition: anyJson,
    region: fc.oneof(fc.constant('us-east-1'), anyJson),
    throttle: fc.oneof(entry(['ratePerSecond', 'burst']), anyJson),
    clock: fc.oneof(
      fc.record({
        start: fc.oneof(
          fc.date().map((date) => date.toISOString()),
          anyJson,
        ),
      }),
      anyJson,
    ),
    users: fc.array(entry(['accountId', 'userName', 'path', 'tags', 'mfa', 'profile']), { maxLength: 3 }),
    roles: fc.array(
      entry([
        'accountId',
        'roleName',
        'path',
        'maxSessionDuration',
        'tags',
        'trustPolicy',
        'trustedPrincipals',
      ]),
      { maxLength: 3 },
    ),
    oidcProviders: fc.array(entry(['accountId', 'issuer', 'audiences', 'thumbprints']), { maxLength: 2 }),
    samlProviders: fc.array(entry(['accountId', 'name', 'issuer']), { maxLength: 2 }),
    organizations: fc.array(
      entry(['managementAccountId', 'memberAccountIds', 'delegatedAdministratorAccountIds']),
      { maxLength: 2 },
    ),
    outboundWebIdentityFederation: fc.array(entry(['accountId']), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

describe('loadFixture on hostile input', () => {
  test('any JSON text: a mock or an StsMockInputError, and Object.prototype untouched', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 8 }), fc.string({ maxLength: 64 })), (text) => {
        outcome(text);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
    );
  });

  test('fixtures near the real shape, with prototype keys anywhere: only StsMockInputError, no pollution', () => {
    fc.assert(
      fc.property(nearFixture, fc.dictionary(hostileKey, anyJson, { maxKeys: 2 }), (fixture, extra) => {
        const error = outcome(JSON.stringify({ ...extra, ...fixture }));
        if (error !== undefined) expect(error.message.startsWith(`${error.field}: `)).toBe(true);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
    );
  });

  test('a given secret access key never appears in the error, wherever the fixture goes wrong', () => {
    const secret = fc.stringMatching(/^[\x21-\x7e]{0,60}$/).map((text) => `SECRET${text}`);
    const keyId = fc.oneof(fc.constant('AKIAIOSFODNN7EXAMPLE'), anyJson);
    fc.assert(
      fc.property(secret, entry(['profile']), keyId, anyJson, (secretAccessKey, user, accessKeyId, roles) => {
        const given = { ...user, accountId: '111111111111', userName: 'alice', accessKeyId, secretAccessKey };
        const text = JSON.stringify({ users: [given, { ...given, userName: 'other' }], roles });
        expect(outcome(text)?.message ?? '').not.toContain(secretAccessKey);
      }),
    );
  });

  test('an MFA seed never appears in the error, wherever the fixture goes wrong', () => {
    const seed = fc.stringMatching(/^[A-Z2-7]{16,32}$/).map((text) => `SEED${text}`);
    fc.assert(
      fc.property(
        seed,
        entry(['accountId', 'userName', 'path', 'tags', 'profile']),
        anyJson,
        (secret, user, roles) => {
          const text = JSON.stringify({ users: [{ ...user, mfa: { base32Seed: secret } }], roles });
          expect(outcome(text)?.message ?? '').not.toContain(secret);
        },
      ),
    );
  });
});
