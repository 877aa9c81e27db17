import { describe, expect, test } from 'vitest';
import { formatFinding, lintProfiles, requiresExternalId } from './lint-rules';

const a = 'arn:aws:iam::222222222222:role/a';
const b = 'arn:aws:iam::333333333333:role/b';
const lines = (...args: Parameters<typeof lintProfiles>) => lintProfiles(...args).map(formatFinding);

const externalIdTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' } },
    },
  ],
};

describe('lintProfiles', () => {
  test('a clean chain has no findings', () => {
    expect(
      lines({
        base: { aws_access_key_id: 'AKIA', aws_secret_access_key: 's', region: 'eu-west-1' },
        a: { role_arn: a, source_profile: 'base', duration_seconds: '7200', output: 'json' },
        b: { role_arn: b, source_profile: 'a', duration_seconds: '3600', role_session_name: 'ci@acme' },
      }),
    ).toEqual([]);
  });

  test('source_profile cycles are reported once, with their path', () => {
    expect(
      lines({
        x: { role_arn: a, source_profile: 'y' },
        y: { role_arn: b, source_profile: 'x' },
      }),
    ).toEqual(['profile "x" source_profile: cycle: "x" → "y" → "x"']);
  });

  test('a chained hop asking for more than an hour, from a role or from session keys', () => {
    expect(
      lines({
        base: { aws_access_key_id: 'AKIA', aws_secret_access_key: 's', aws_session_token: 't' },
        a: { role_arn: a, source_profile: 'base', duration_seconds: '7200' },
        b: { role_arn: b, source_profile: 'a', duration_seconds: '3601' },
      }),
    ).toEqual([
      'profile "a" duration_seconds: 7200 is more than STS allows a role assumed by role chaining (3600): source_profile "base" gives session credentials',
      'profile "b" duration_seconds: 3601 is more than STS allows a role assumed by role chaining (3600): source_profile "a" gives session credentials',
    ]);
  });

  test('invalid session names, durations, ARNs and sources', () => {
    expect(
      lines({
        a: { role_arn: 'arn:aws:iam::1:role/a', credential_source: 'Env', role_session_name: 'has space' },
        b: { role_arn: b, duration_seconds: '1h', source_profile: 'gone', credential_source: 'Environment' },
      }),
    ).toEqual([
      'profile "a" role_arn: "arn:aws:iam::1:role/a" is not an IAM role ARN',
      'profile "a" credential_source: must be Environment, Ec2InstanceMetadata or EcsContainer, got "Env"',
      'profile "a" role_session_name: "has space" must be 2–64 of letters, digits and +=,.@_-',
      'profile "b" credential_source: cannot be combined with source_profile; keep one',
      'profile "b" source_profile: names "gone", which does not exist',
      'profile "b" duration_seconds: must be a whole number of seconds from 900 to 43200, got "1h"',
    ]);
  });

  test('unknown keys, and base-credential keys inside a role profile', () => {
    expect(
      lines({
        base: { aws_access_key_id: 'AKIA', aws_secret_access_key: 's', regoin: 'eu-west-1' },
        a: { role_arn: a, source_profile: 'base', aws_session_token: 't', rolesessionname: 'x' },
      }),
    ).toEqual([
      'profile "base" regoin: is not a known setting; remove it or fix its spelling',
      'profile "a" aws_session_token: is not supported in a role profile: put base credentials in the source_profile',
      'profile "a" rolesessionname: is not a known setting; remove it or fix its spelling',
    ]);
  });

  test('external_id missing where the trust policy requires it; present or not required is fine', () => {
    const profiles = {
      a: { role_arn: a, credential_source: 'Environment' },
      b: { role_arn: b, source_profile: 'a' },
    };
    expect(lines(profiles, new Map([[b, externalIdTrust]]))).toEqual([
      `profile "b" external_id: is missing: the trust policy of ${b} requires sts:ExternalId`,
    ]);
    expect(
      lines(
        { ...profiles, b: { ...profiles.b, external_id: 'partner-42' } },
        new Map([[b, externalIdTrust]]),
      ),
    ).toEqual([]);
    expect(lines(profiles)).toEqual([]);
  });
});

describe('requiresExternalId', () => {
  test('every Allow for sts:AssumeRole conditions on sts:ExternalId (any case)', () => {
    expect(requiresExternalId(externalIdTrust)).toBe(true);
    const lower = {
      Statement: [
        { ...externalIdTrust.Statement[0], Condition: { stringequals: { 'STS:EXTERNALID': 'x' } } },
      ],
    };
    expect(requiresExternalId(lower)).toBe(true);
  });

  test('not when another Allow works without it, or the condition is negated or IfExists', () => {
    const open = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['sts:AssumeRole'],
    };
    expect(requiresExternalId({ Statement: [...externalIdTrust.Statement, open] })).toBe(false);
    const ifExists = { ...open, Condition: { StringEqualsIfExists: { 'sts:ExternalId': 'x' } } };
    expect(requiresExternalId({ Statement: [ifExists] })).toBe(false);
    const negated = { ...open, Condition: { StringNotEquals: { 'sts:ExternalId': 'x' } } };
    expect(requiresExternalId({ Statement: [negated] })).toBe(false);
    expect(requiresExternalId(undefined)).toBe(false);
  });
});
