import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProfileChainOptions, RoleChainConfigError } from '@rolechain/credential-provider';
import { describe, expect, test } from 'vitest';
import { formatFinding, lintProfiles, requiresExternalId } from './lint-rules';

const a = 'arn:aws:iam::222222222222:role/a';
const b = 'arn:aws:iam::333333333333:role/b';

type Config = Record<string, Record<string, string>>;

/** Writes `profiles` as a shared config file (and no credentials file); returns the paths. */
function files(profiles: Config) {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-lint-'));
  const configFilepath = join(dir, 'config');
  const text = Object.entries(profiles)
    .map(
      ([name, settings]) =>
        `[${name === 'default' ? name : `profile ${name}`}]\n` +
        Object.entries(settings)
          .map(([key, value]) => `${key} = ${value}\n`)
          .join(''),
    )
    .join('\n');
  writeFileSync(configFilepath, text);
  return { configFilepath, filepath: join(dir, 'no-credentials') };
}

async function lines(profiles: Config, trust: ReadonlyMap<string, unknown> = new Map()) {
  return (await lintProfiles(files(profiles), () => trust)).map(formatFinding);
}

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

const base = { aws_access_key_id: 'AKIAEXAMPLEBASE00001', aws_secret_access_key: 'base-secret-key-value' };

describe('lintProfiles', () => {
  test('a clean chain has no findings', async () => {
    expect(
      await lines({
        base: { ...base, region: 'eu-west-1' },
        a: { role_arn: a, source_profile: 'base', duration_seconds: '7200', output: 'json' },
        b: { role_arn: b, source_profile: 'a', duration_seconds: '3600', role_session_name: 'ci@acme' },
      }),
    ).toEqual([]);
  });

  test("what the provider refuses is an error in the provider's words, once however many profiles lead to it", async () => {
    expect(
      await lines({
        a: { role_arn: 'arn:aws:iam::1:role/a', credential_source: 'Environment' },
        b: { role_arn: b, source_profile: 'a' },
        c: {
          role_arn: `arn:aws:iam::222222222222:role/${'r'.repeat(100)}`,
          credential_source: 'Environment',
        },
      }),
    ).toEqual([
      expect.stringMatching(/^error: profile "a" role_arn: .*"arn:aws:iam::1:role\/a"/) as string,
      expect.stringMatching(/^error: profile "c" role_arn: /) as string,
    ]);
  });

  test('a role ARN of one partition with a region of another is an error; a region of no partition a warning', async () => {
    const found = await lines({
      china: {
        role_arn: 'arn:aws-cn:iam::222222222222:role/a',
        credential_source: 'Environment',
        region: 'us-east-1',
      },
      mars: { output: 'json', region: 'mars-1' },
    });
    expect(found).toEqual([
      expect.stringMatching(/^error: profile "china" .*aws-cn.*us-east-1/) as string,
      'warning: profile "mars" region: "mars-1" is not a region of any AWS partition',
    ]);
  });

  test('a profile without a role is a chain of zero hops, refused where the provider refuses it', async () => {
    expect(
      await lines({
        keys: { ...base, region: 'eu-west-1' },
        half: { aws_access_key_id: 'AKIAEXAMPLEBASE00001' },
        typo: { ...base, regoin: 'eu-west-1' },
        mars: { ...base, region: 'mars-1' },
        settings: { region: 'eu-west-1', output: 'json' },
      }),
    ).toEqual([
      'error: profile "half" aws_secret_access_key: is missing (both keys are needed)',
      `error: profile "typo" regoin: is not a setting fromRoleChainProfile reads: did you mean 'region'?`,
      expect.stringMatching(/^error: profile "mars" region: must be an AWS region name/) as string,
    ]);
  });

  test('a chained hop asking for more than an hour, from a role or from session keys, is a warning', async () => {
    expect(
      await lines({
        base: { ...base, aws_session_token: 'session-token-value' },
        a: { role_arn: a, source_profile: 'base', duration_seconds: '7200' },
        b: { role_arn: b, source_profile: 'a', duration_seconds: '3601' },
      }),
    ).toEqual([
      'warning: profile "a" duration_seconds: 7200 is more than STS allows a role assumed by role chaining (3600): source_profile "base" gives session credentials, so rolechain asks for 3600',
      'warning: profile "b" duration_seconds: 3601 is more than STS allows a role assumed by role chaining (3600): source_profile "a" gives session credentials, so rolechain asks for 3600',
    ]);
  });

  test('a setting nothing reads and no near miss of one the provider reads is a warning; nested settings are read', async () => {
    expect(
      await lines({
        unused: { ...base, colour: 'blue', 's3.addressing_style': 'path' },
      }),
    ).toEqual([
      'warning: profile "unused" colour: is not a setting rolechain or the AWS SDK reads; remove it or fix its spelling',
    ]);
  });

  test('external_id missing where the trust policy requires it is a warning; present or not required is fine', async () => {
    const profiles = {
      a: { role_arn: a, credential_source: 'Environment' },
      b: { role_arn: b, source_profile: 'a' },
    };
    expect(await lines(profiles, new Map([[b, externalIdTrust]]))).toEqual([
      `warning: profile "b" external_id: is missing: the trust policy of ${b} requires sts:ExternalId`,
    ]);
    expect(
      await lines(
        { ...profiles, b: { ...profiles.b, external_id: 'partner-42' } },
        new Map([[b, externalIdTrust]]),
      ),
    ).toEqual([]);
    expect(await lines(profiles)).toEqual([]);
  });

  test('no secret of the files is in any finding', async () => {
    const found = await lines({
      base: { ...base, aws_session_token: 'session-token-value', regoin: 'x' },
      a: { role_arn: a, source_profile: 'base', aws_secret_access_key: 'inline-secret-value' },
    });
    expect(found.length).toBeGreaterThan(0);
    for (const secret of [base.aws_secret_access_key, 'session-token-value', 'inline-secret-value']) {
      expect(found.join('\n')).not.toContain(secret);
    }
  });
});

/**
 * Profiles a real team's file holds, good and broken: for each role profile, lint calls it an error exactly
 * when `fromRoleChainProfile` refuses it, with the provider's own message (issue 14 and 18).
 */
const agreementTable: Config = {
  base: { ...base, region: 'eu-west-1' },
  session: { ...base, aws_session_token: 'session-token-value' },
  ok: { role_arn: a, source_profile: 'base' },
  chained: { role_arn: b, source_profile: 'ok', duration_seconds: '7200', role_session_name: 'nightly' },
  env: { role_arn: a, credential_source: 'Environment', region: 'eu-central-1' },
  mfa: { role_arn: a, source_profile: 'base', mfa_serial: 'arn:aws:iam::111111111111:mfa/alice' },
  partner: { role_arn: b, source_profile: 'ok', external_id: 'partner-42' },
  gov: {
    role_arn: 'arn:aws-us-gov:iam::222222222222:role/a',
    credential_source: 'Environment',
    region: 'us-gov-west-1',
  },
  china: {
    role_arn: 'arn:aws-cn:iam::222222222222:role/a',
    credential_source: 'Environment',
    region: 'us-east-1',
  },
  long: { role_arn: `arn:aws:iam::222222222222:role/${'r'.repeat(100)}`, source_profile: 'base' },
  longest: { role_arn: `arn:aws:iam::222222222222:role/${'r'.repeat(64)}`, source_profile: 'base' },
  badname: { role_arn: a, source_profile: 'base', role_session_name: 'has space' },
  badid: { role_arn: a, source_profile: 'base', external_id: 'x' },
  short: { role_arn: a, source_profile: 'base', duration_seconds: '60' },
  notnumber: { role_arn: a, source_profile: 'base', duration_seconds: '1h' },
  both: { role_arn: a, source_profile: 'base', credential_source: 'Environment' },
  neither: { role_arn: a },
  gone: { role_arn: a, source_profile: 'missing' },
  badsource: { role_arn: a, credential_source: 'Env' },
  'loop-a': { role_arn: a, source_profile: 'loop-b' },
  'loop-b': { role_arn: b, source_profile: 'loop-a' },
  keys: { role_arn: a, source_profile: 'base', aws_access_key_id: 'AKIAEXAMPLEINLINE001' },
  typo: { role_arn: a, source_profile: 'base', role_sesion_name: 'x' },
  viatypo: { role_arn: b, source_profile: 'typo' },
  halfkeys: { aws_access_key_id: 'AKIAEXAMPLEHALF00001' },
  fromhalf: { role_arn: a, source_profile: 'halfkeys' },
  mars: { role_arn: a, source_profile: 'base', region: 'mars-1' },
};

describe('lint agrees with the provider', () => {
  test('every role profile of the table: an error exactly when fromRoleChainProfile refuses it', async () => {
    const paths = files(agreementTable);
    const found = await lintProfiles(paths);
    const errors = new Set(
      found.filter((f) => f.severity === 'error').map((f) => `${f.where}: ${f.message}`),
    );
    let refusedCount = 0;
    for (const [profile, settings] of Object.entries(agreementTable)) {
      if (settings['role_arn'] === undefined) continue;
      const refused = await resolveProfileChainOptions({
        ...paths,
        profile,
        mfaCodeProvider: () => Promise.resolve('123456'),
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (refused === undefined) continue;
      refusedCount += 1;
      expect(refused).toBeInstanceOf(RoleChainConfigError);
      const { field, problem } = refused as RoleChainConfigError;
      expect(errors).toContain(`${field}: ${problem}`);
    }
    // Each error is one the provider gives for some profile, and the accepted profiles have none of their own.
    expect(refusedCount).toBeGreaterThan(10);
    for (const accepted of ['ok', 'chained', 'env', 'mfa', 'partner', 'gov', 'longest']) {
      expect([...errors].some((line) => line.startsWith(`profile "${accepted}"`))).toBe(false);
    }
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
