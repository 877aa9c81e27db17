import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import { fromRoleChain } from './from-role-chain';
import { fromRoleChainProfile } from './from-role-chain-profile';
import type { RoleChainOptions } from './options';

// Whatever a caller passes, fromRoleChain either builds a provider or throws RoleChainConfigError, before any
// network call (building makes none), never echoing a secret and never touching Object.prototype.

const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzPLANTEDSECRET';
const sessionToken = 'IQoJb3JpZ2luX2VjEPLANTEDSESSIONTOKENxyz0123456789';
const mfaCode = '493817';
const secrets = [secretAccessKey, sessionToken, mfaCode];

const optionKeys = [
  'source',
  'roles',
  'region',
  'stsClientConfig',
  'logger',
  'now',
  'strictDuration',
  'refreshWindows',
  'backoff',
  'timeoutMs',
  'startupBudgetMs',
];
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Places where a caller puts secrets, well-formed or not. */
const secretBearing = fc.constantFrom<unknown>(
  { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey, sessionToken },
  { accessKeyId: '', secretAccessKey },
  { secretAccessKey, sessionToken },
  { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 42, sessionToken },
  { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey, sessionToken } },
  { serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: mfaCode },
  { serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: () => Promise.resolve(mfaCode) },
);

const odd = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  key: fc.oneof(fc.string(), fc.constantFrom(...optionKeys, ...hostileKeys)),
  maxDepth: 3,
});
const milliseconds = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, Number.MAX_VALUE, Infinity, NaN, 1e-300),
);
const roleArn = fc.oneof(
  fc.constantFrom(
    'arn:aws:iam::222222222222:role/a',
    'arn:aws-cn:iam::222222222222:role/path/b',
    'arn:aws:iam::222222222222:user/not-a-role',
    `arn:aws:iam::222222222222:role/${'r'.repeat(65)}`,
  ),
  fc.string(),
);
const value = fc.oneof(odd, secretBearing, milliseconds, fc.string());
const hop = fc.dictionary(
  fc.constantFrom(
    'roleArn',
    'roleSessionName',
    'externalId',
    'durationSeconds',
    'policy',
    'policyArns',
    'tags',
    'transitiveTagKeys',
    'sourceIdentity',
    'mfa',
    'region',
    ...hostileKeys,
  ),
  value,
  { maxKeys: 6 },
);
const roles = fc.array(
  fc.tuple(roleArn, hop).map(([arn, rest]) => ({ roleArn: arn, ...rest })),
  { maxLength: 4 },
);
const options = fc.oneof(
  fc.record(
    {
      source: fc.oneof(secretBearing, odd),
      roles: fc.oneof(roles, secretBearing, odd),
      region: fc.oneof(fc.constantFrom('eu-west-1', 'mars-1', 'cn-north-1'), fc.string(), odd),
      stsClientConfig: fc.oneof(secretBearing, odd),
      timeoutMs: milliseconds,
      startupBudgetMs: milliseconds,
      refreshWindows: fc.record(
        { advisoryMs: milliseconds, mandatoryMs: milliseconds },
        { requiredKeys: [] },
      ),
      backoff: fc.record({ baseMs: milliseconds, maxMs: milliseconds }, { requiredKeys: [] }),
      strictDuration: fc.oneof(fc.boolean(), odd),
    },
    { requiredKeys: ['roles'] },
  ),
  fc.dictionary(fc.constantFrom(...optionKeys, ...hostileKeys), value, { maxKeys: 6 }),
  odd,
);

function rendered(error: unknown): string {
  const err = error as Error;
  return [err.message, String(err.stack), JSON.stringify(err), inspect(err, { depth: 5 })].join('\n');
}

describe('fromRoleChain options (property)', () => {
  it('only RoleChainConfigError escapes, no planted secret in any rendering, Object.prototype untouched', () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(options, (input) => {
        try {
          fromRoleChain(input as RoleChainOptions);
        } catch (error) {
          expect(error).toBeInstanceOf(RoleChainConfigError);
          const text = rendered(error);
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      }),
    );
  });

  it('fromRoleChainProfile: the same, for its own options too (checked before any file is read)', () => {
    const profileOptions = fc.record(
      {
        profile: value,
        configFilepath: value,
        filepath: value,
        mfaCodeProvider: fc.oneof(
          value,
          fc.constant(() => Promise.resolve(mfaCode)),
        ),
        region: value,
        timeoutMs: milliseconds,
        roles: value,
      },
      { requiredKeys: [] },
    );
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(fc.oneof(profileOptions, odd), (input) => {
        try {
          fromRoleChainProfile(input as never);
        } catch (error) {
          expect(error).toBeInstanceOf(RoleChainConfigError);
          const text = rendered(error);
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      }),
    );
  });

  it('stsClientConfig.maxAttempts: a number is accepted exactly when it is a whole number of at least 1', () => {
    const attempts = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(0, -0, -1, 0.5, 1, 2 ** 53, Infinity, -Infinity, NaN, Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(attempts, (maxAttempts) => {
        const build = () =>
          fromRoleChain({
            roles: [{ roleArn: 'arn:aws:iam::222222222222:role/a' }],
            stsClientConfig: { maxAttempts },
          });
        if (Number.isSafeInteger(maxAttempts) && maxAttempts >= 1) expect(build).not.toThrow();
        else {
          expect(build).toThrow(RoleChainConfigError);
          expect(build).toThrow(`stsClientConfig.maxAttempts: must be a whole number of attempts`);
        }
      }),
    );
  });
});
