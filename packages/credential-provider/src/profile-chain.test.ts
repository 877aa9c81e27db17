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
      'profile "dev" rol_session_name: is not a setting',
    ],
    [
      { dev: { role_arn: roleA, credential_source: 'Environment', web_identity_token_file: '/t' } },
      'dev',
      'profile "dev" web_identity_token_file: cannot be combined with source_profile or credential_source',
    ],
    [
      { dev: { web_identity_token_file: '/t' } },
      'dev',
      'profile "dev" web_identity_token_file: needs role_arn in the same profile',
    ],
    [
      { dev: { role_arn: roleA, web_identity_token_file: '/t', duration_seconds: '900' } },
      'dev',
      'profile "dev" duration_seconds: is not used in a web identity profile',
    ],
    [
      { dev: { role_arn: roleA, credential_source: 'Environment', aws_secret_access_key: 'S3CRETVALUE' } },
      'dev',
      'profile "dev" aws_secret_access_key: is not supported',
    ],
    [{ dev: { aws_access_key_id: 'A' } }, 'dev', 'profile "dev" aws_secret_access_key: is missing'],
    [{ dev: { region: 'eu-west-1' } }, 'dev', 'profile "dev": has no credentials'],
  ])('rejects bad profiles (#%#)', (profiles, start, message) => {
    const error = reject(() => resolveProfileChain(profiles, start));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('S3CRETVALUE');
  });
});
