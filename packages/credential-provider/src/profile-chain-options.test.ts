import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RoleChainConfigError } from './errors';
import { fromRoleChainProfile } from './from-role-chain-profile';
import { resolveProfileChainOptions } from './profile-chain-options';

const roleA = 'arn:aws:iam::222222222222:role/a';
const roleB = 'arn:aws:iam::333333333333:role/b';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const dir = mkdtempSync(join(tmpdir(), 'rolechain-resolve-'));
const configFilepath = join(dir, 'config');
const filepath = join(dir, 'credentials');
writeFileSync(
  configFilepath,
  `[default]
region = eu-west-1

[profile a]
role_arn = ${roleA}
source_profile = base
role_session_name = ci

[profile b]
role_arn = ${roleB}
source_profile = a
region = eu-central-1
output = json

[profile bad-external-id]
role_arn = ${roleA}
source_profile = base
external_id = x

[profile wrong-partition]
role_arn = arn:aws-cn:iam::222222222222:role/a
source_profile = base
region = eu-west-1

[profile bad-region]
role_arn = ${roleA}
source_profile = base
region = not a region

[profile long-second]
role_arn = ${roleB}
source_profile = a
duration_seconds = 7200

[profile irsa]
role_arn = ${roleB}
web_identity_token_file = /var/run/secrets/token

[profile saml-tools]
role_arn = ${roleA}
source_profile = base
x_principal_arn = arn:aws:iam::111111111111:saml-provider/corp
mfa_serial_number = 1
s3 =
  addressing_style = path

[profile base]
region = us-east-1
`,
);
writeFileSync(
  filepath,
  `[base]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = ${secret}
`,
);

const files = { configFilepath, filepath };

async function rejection(promise: Promise<unknown>): Promise<RoleChainConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RoleChainConfigError);
  return error as RoleChainConfigError;
}

describe('resolveProfileChainOptions', () => {
  it('returns the merged profiles, the hops with their profiles and the source, without any secret in the chain', async () => {
    const chain = await resolveProfileChainOptions({ ...files, profile: 'b' });
    expect(chain.profile).toBe('b');
    expect(chain.hops).toEqual([
      { profile: 'a', hop: { roleArn: roleA, roleSessionName: 'ci' } },
      { profile: 'b', hop: { roleArn: roleB, region: 'eu-central-1' } },
    ]);
    expect(chain.source).toEqual({ kind: 'static', profile: 'base' });
    // The base profile's settings from both files, merged.
    expect({ ...chain.profiles['base'] }).toEqual({
      region: 'us-east-1',
      aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      aws_secret_access_key: secret,
    });
    expect(JSON.stringify({ hops: chain.hops, source: chain.source })).not.toContain(secret);
  });

  it("gives lint each profile's unknown keys (other tools' settings) and the settings without effect", async () => {
    const chain = await resolveProfileChainOptions({ ...files, profile: 'saml-tools' });
    expect(chain.hops).toEqual([{ profile: 'saml-tools', hop: { roleArn: roleA } }]);
    expect(chain.unknownKeys).toEqual({
      'saml-tools': ['x_principal_arn', 'mfa_serial_number', 's3.addressing_style'],
      base: [],
    });
    expect(chain.unusedKeys).toEqual({ 'saml-tools': [], base: [] });
  });

  it('resolves a profile without role_arn as a chain of zero hops: keys, or a web identity profile', async () => {
    await expect(resolveProfileChainOptions({ ...files, profile: 'base' })).resolves.toMatchObject({
      hops: [],
      source: { kind: 'static', profile: 'base' },
    });
    await expect(resolveProfileChainOptions({ ...files, profile: 'irsa' })).resolves.toMatchObject({
      hops: [],
      source: { kind: 'sdk-profile', profile: 'irsa' },
    });
  });

  it('starts from AWS_PROFILE when no profile is given', async () => {
    vi.stubEnv('AWS_PROFILE', 'a');
    expect((await resolveProfileChainOptions(files)).profile).toBe('a');
  });

  it.each([
    ['bad-external-id', 'hop 1: profile "bad-external-id" external_id: must be 2–1224 characters'],
    ['wrong-partition', 'profile "wrong-partition" role_arn: is in partition aws-cn'],
    ['bad-region', 'profile "bad-region" region: must be an AWS region name'],
    ['default', 'profile "default": has no credentials'],
    ['missing', 'profile "missing": is not in the shared config or credentials file'],
  ])(
    'throws the RoleChainConfigError fromRoleChainProfile throws, naming the profile (%s)',
    async (profile, message) => {
      const resolved = await rejection(resolveProfileChainOptions({ ...files, profile }));
      expect(resolved.message).toContain(message);
      const provided = await rejection(fromRoleChainProfile({ ...files, profile })());
      expect(provided.message).toBe(resolved.message);
      expect(provided.field).toBe(resolved.field);
      expect(provided.hop).toBe(resolved.hop);
    },
  );

  it('applies the provider options: strictDuration refuses a chained hop of 7200 s', async () => {
    await expect(resolveProfileChainOptions({ ...files, profile: 'long-second' })).resolves.toMatchObject({
      hops: [{ profile: 'a' }, { profile: 'long-second', hop: { durationSeconds: 7200 } }],
    });
    const error = await rejection(
      resolveProfileChainOptions({ ...files, profile: 'long-second', strictDuration: true }),
    );
    expect(error.message).toContain('profile "long-second" duration_seconds: 7200 exceeds the 3600 s limit');
  });

  it("names the start profile's region when it is the default region and is wrong", async () => {
    writeFileSync(
      join(dir, 'config-bad-default-region'),
      `[profile top]\nrole_arn = ${roleA}\ncredential_source = Environment\nregion = mars\n`,
    );
    const error = await rejection(
      resolveProfileChainOptions({
        configFilepath: join(dir, 'config-bad-default-region'),
        filepath,
        profile: 'top',
      }),
    );
    expect(error.message).toMatch(/^(hop 1: )?profile "top" region: must be an AWS region name/);
  });

  it('checks the provider options like fromRoleChainProfile, before reading any file', async () => {
    const error = await rejection(
      resolveProfileChainOptions({ configFilepath: '/nonexistent', timeoutMs: -1 }),
    );
    expect(error.message).toBe('timeoutMs: must be a positive number of milliseconds, got -1');
  });
});
