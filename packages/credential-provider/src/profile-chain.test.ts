import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import { resolveProfileChain } from './profile-chain';

const roleA = 'arn:aws:iam::222222222222:role/a';
const roleB = 'arn:aws:iam::333333333333:role/b';

function reject(run: () => unknown): RoleChainConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RoleChainConfigError);
    return error as RoleChainConfigError;
  }
  throw new Error('expected a RoleChainConfigError');
}

describe('resolveProfileChain', () => {
  it('follows source_profile to static keys and lists the roles source-first', () => {
    const chain = resolveProfileChain(
      {
        base: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'secret', region: 'eu-west-1' },
        a: {
          role_arn: roleA,
          source_profile: 'base',
          external_id: 'ext-1',
          role_session_name: 'ci',
          duration_seconds: '7200',
          output: 'json',
        },
        b: { role_arn: roleB, source_profile: 'a', region: 'us-west-2' },
      },
      'b',
    );
    expect(chain.hops).toEqual([
      {
        profile: 'a',
        hop: { roleArn: roleA, externalId: 'ext-1', roleSessionName: 'ci', durationSeconds: 7200 },
      },
      { profile: 'b', hop: { roleArn: roleB, region: 'us-west-2' } },
    ]);
    // The source names the profile holding the keys, never the keys themselves.
    expect(chain.source).toEqual({ kind: 'static', profile: 'base' });
  });

  it.each(['Environment', 'Ec2InstanceMetadata', 'EcsContainer'])(
    'supports credential_source = %s',
    (value) => {
      const chain = resolveProfileChain({ a: { role_arn: roleA, credential_source: value } }, 'a');
      expect(chain.source).toEqual({ kind: 'credential_source', profile: 'a', value });
    },
  );

  it('leaves SSO and credential_process base profiles to the SDK', () => {
    const chain = resolveProfileChain(
      {
        sso: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'r' },
        a: { role_arn: roleA, source_profile: 'sso' },
      },
      'a',
    );
    expect(chain.source).toEqual({ kind: 'sdk-profile', profile: 'sso' });
  });

  it('leaves a web identity profile (role_arn + web_identity_token_file) to the SDK as the source', () => {
    const chain = resolveProfileChain(
      {
        irsa: { role_arn: roleB, web_identity_token_file: '/var/run/token', role_session_name: 'app' },
        a: { role_arn: roleA, source_profile: 'irsa' },
      },
      'a',
    );
    expect(chain.hops).toEqual([{ profile: 'a', hop: { roleArn: roleA } }]);
    expect(chain.source).toEqual({ kind: 'sdk-profile', profile: 'irsa' });
  });

  it('asks the mfaCodeProvider for the device of mfa_serial', async () => {
    const asked: string[] = [];
    const chain = resolveProfileChain(
      {
        base: { aws_access_key_id: 'A', aws_secret_access_key: 'S' },
        a: { role_arn: roleA, source_profile: 'base', mfa_serial: 'arn:aws:iam::111111111111:mfa/alice' },
      },
      'a',
      (serial) => {
        asked.push(serial);
        return Promise.resolve('123456');
      },
    );
    expect(await chain.hops[0]?.hop.mfa?.tokenCode()).toBe('123456');
    expect(asked).toEqual(['arn:aws:iam::111111111111:mfa/alice']);
  });

  it('names every profile of a cycle', () => {
    const error = reject(() =>
      resolveProfileChain(
        {
          a: { role_arn: roleA, source_profile: 'b' },
          b: { role_arn: roleB, source_profile: 'c' },
          c: { role_arn: roleB, source_profile: 'a' },
        },
        'a',
      ),
    );
    expect(error.message).toBe('profile "a": source_profile cycle: "a" → "b" → "c" → "a"');
  });

  it.each([
    [{}, 'dev', 'profile "dev": is not in the shared config or credentials file'],
    [
      { dev: { role_arn: roleA, source_profile: 'gone' } },
      'dev',
      'profile "dev" source_profile: names "gone", which does not exist',
    ],
    [
      { dev: { role_arn: roleA } },
      'dev',
      'profile "dev" role_arn: needs a source_profile or a credential_source',
    ],
    [
      { dev: { role_arn: roleA, credential_source: 'Environment', source_profile: 'x' } },
      'dev',
      'profile "dev" credential_source: cannot be combined with source_profile',
    ],
    [
      { dev: { role_arn: roleA, credential_source: 'Env' } },
      'dev',
      'profile "dev" credential_source: must be Environment',
    ],
    [{ dev: { role_arn: roleA, credential_source: 'Environment', duration_seconds: '1h' } }, 'dev', '"1h"'],
    [
      { dev: { role_arn: roleA, credential_source: 'Environment', mfa_serial: 'arn:aws:iam::1:mfa/x' } },
      'dev',
      'mfaCodeProvider',
    ],
    [
      { dev: { role_arn: roleA, credential_source: 'Environment', rol_session_name: 'x' } },
      'dev',
      `profile "dev" rol_session_name: is not a setting fromRoleChainProfile reads: did you mean 'role_session_name'?`,
    ],
    [
      {
        base: { aws_access_key_id: 'A', aws_secret_access_key: 'S3CRETVALUE' },
        dev: { role_arn: roleA, source_profle: 'base' },
      },
      'dev',
      `profile "dev" source_profle: is not a setting fromRoleChainProfile reads: did you mean 'source_profile'?`,
    ],
    [
      {
        dev: {
          aws_access_key_id: 'A',
          aws_secret_access_key: 'S3CRETVALUE',
          aws_sesion_token: 'S3CRETVALUE',
        },
      },
      'dev',
      `did you mean 'aws_session_token'?`,
    ],
    [
      { dev: { role_arn: roleA, source_profile: 'dev' } },
      'dev',
      'profile "dev" source_profile: names the profile itself, which then needs aws_access_key_id',
    ],
    [
      { dev: { web_identity_token_file: '/t' } },
      'dev',
      'profile "dev" web_identity_token_file: needs role_arn in the same profile',
    ],
    [{ dev: { aws_access_key_id: 'A' } }, 'dev', 'profile "dev" aws_secret_access_key: is missing'],
    [{ dev: { region: 'eu-west-1' } }, 'dev', 'profile "dev": has no credentials'],
  ])('rejects bad profiles (#%#)', (profiles, start, message) => {
    const error = reject(() => resolveProfileChain(profiles, start));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('S3CRETVALUE');
  });

  it('accepts the settings of other tools as the SDK does, and lists them per profile for lint', () => {
    const chain = resolveProfileChain(
      {
        saml: {
          aws_access_key_id: 'AKIAEXAMPLE',
          aws_secret_access_key: 'secret',
          x_principal_arn: 'arn:aws:iam::111111111111:saml-provider/idp',
          x_security_token_expires: '2026-01-01T00:00:00Z',
          mfa_serial: 'arn:aws:iam::111111111111:mfa/alice',
          credential_source: 'Ec2InstanceMetadata',
          's3.addressing_style': 'path',
          'api_versions.ec2': '2016-11-15',
          endpoint_discovery_enabled: 'true',
        },
        a: {
          role_arn: roleA,
          source_profile: 'saml',
          endpoint_url: 'http://localhost:4566',
          services: 'local',
        },
      },
      'a',
    );
    expect(chain.hops).toEqual([{ profile: 'a', hop: { roleArn: roleA } }]);
    expect(chain.source).toEqual({ kind: 'static', profile: 'saml' });
    expect(chain.unknownKeys).toEqual({
      a: [],
      saml: ['x_principal_arn', 'x_security_token_expires', 's3.addressing_style', 'api_versions.ec2'],
    });
    // Settings we read elsewhere that have no effect here: the SDK ignores them too.
    expect(chain.unusedKeys).toEqual({ a: [], saml: ['mfa_serial', 'credential_source'] });
  });

  it("uses a source profile's static keys, not its role_arn, as the SDK and botocore do", () => {
    const chain = resolveProfileChain(
      {
        both: {
          aws_access_key_id: 'AKIAEXAMPLE',
          aws_secret_access_key: 'secret',
          role_arn: roleB,
          source_profile: 'gone',
        },
        a: { role_arn: roleA, source_profile: 'both' },
      },
      'a',
    );
    expect(chain.hops.map((hop) => hop.profile)).toEqual(['a']);
    expect(chain.source).toEqual({ kind: 'static', profile: 'both' });
    expect(chain.unusedKeys['both']).toEqual(['role_arn', 'source_profile']);
  });

  it("assumes the start profile's role even when it holds keys, as the SDK does", () => {
    const chain = resolveProfileChain(
      {
        base: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'secret' },
        a: {
          role_arn: roleA,
          source_profile: 'base',
          aws_access_key_id: 'AKIAOTHER',
          aws_secret_access_key: 'other',
        },
      },
      'a',
    );
    expect(chain.source).toEqual({ kind: 'static', profile: 'base' });
    expect(chain.unusedKeys['a']).toEqual(['aws_access_key_id', 'aws_secret_access_key']);
  });

  it("assumes a self-referencing profile's role with its own keys (the AWS CLI's form)", () => {
    const chain = resolveProfileChain(
      {
        self: {
          aws_access_key_id: 'AKIAEXAMPLE',
          aws_secret_access_key: 'secret',
          role_arn: roleA,
          source_profile: 'self',
        },
      },
      'self',
    );
    expect(chain.hops).toEqual([{ profile: 'self', hop: { roleArn: roleA } }]);
    expect(chain.source).toEqual({ kind: 'static', profile: 'self' });
  });

  it('takes a source profile with credential_source and no role_arn as that source, as the SDK does', () => {
    const chain = resolveProfileChain(
      { ec2: { credential_source: 'Ec2InstanceMetadata' }, a: { role_arn: roleA, source_profile: 'ec2' } },
      'a',
    );
    expect(chain.source).toEqual({ kind: 'credential_source', profile: 'ec2', value: 'Ec2InstanceMetadata' });
  });

  it.each([
    [{ aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'secret' }, 'static'],
    [{ credential_process: 'aws-vault export --format=json dev' }, 'sdk-profile'],
    [
      { sso_session: 'corp', sso_account_id: '111111111111', sso_role_name: 'Admin', role_arn: roleA },
      'sdk-profile',
    ],
    [{ role_arn: roleA, web_identity_token_file: '/t', duration_seconds: '900' }, 'sdk-profile'],
  ])('resolves a profile with no role of ours as a chain of zero hops (#%#)', (data, kind) => {
    const chain = resolveProfileChain({ dev: data }, 'dev');
    expect(chain.hops).toEqual([]);
    expect(chain.source).toEqual({ kind, profile: 'dev' });
  });
});
