import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainConfigError } from './errors';
import { fromRoleChainProfile } from './from-role-chain-profile';
import { getAssumedIdentity } from './identity';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

const { sts, server } = useStsMock();
const hosts: string[] = [];
server.events.on('request:start', ({ request }) => {
  const url = new URL(request.url);
  if (url.host.startsWith('sts.')) hosts.push(url.host);
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const serial = alice.mfaSerialNumber as string;
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });

const dir = mkdtempSync(join(tmpdir(), 'rolechain-profiles-'));
const configFilepath = join(dir, 'config');
const filepath = join(dir, 'credentials');
writeFileSync(
  configFilepath,
  `[default]
region = eu-west-1
output = json

[profile a]
role_arn = ${a.arn}
source_profile = base
role_session_name = from-profile
region = eu-west-1

[profile b]
role_arn = ${b.arn}
source_profile = a
duration_seconds = 900

[profile a-plain]
role_arn = ${a.arn}
source_profile = base

[profile eu-b]
role_arn = ${b.arn}
source_profile = a-plain
region = eu-central-1

[profile env-a]
role_arn = ${a.arn}
credential_source = Environment

[profile mfa-a]
role_arn = ${a.arn}
source_profile = base
mfa_serial = ${serial}

[profile loop-1]
role_arn = ${a.arn}
source_profile = loop-2

[profile loop-2]
role_arn = ${b.arn}
source_profile = loop-1

[profile typo]
role_arn = ${a.arn}
source_profile = base
duration_second = 900

[profile bad-external-id]
role_arn = ${a.arn}
source_profile = base
external_id = x
`,
);
writeFileSync(
  filepath,
  `[base]
aws_access_key_id = ${alice.accessKeyId}
aws_secret_access_key = ${alice.secretAccessKey}
`,
);

failOnUnhandledRejections();
beforeEach(() => {
  hosts.length = 0;
});

function assumeRoleCalls() {
  return sts.calls.filter((call) => call.action === 'AssumeRole');
}

function profile(name: string, extra: object = {}) {
  return fromRoleChainProfile({ profile: name, configFilepath, filepath, region: 'eu-west-1', ...extra });
}

describe('fromRoleChainProfile', () => {
  it('status() has no hops until the first call reads the profiles, then one per role profile', async () => {
    const credentials = profile('b');
    expect(credentials.status()).toEqual([]);
    await credentials();
    expect(credentials.status()).toMatchObject([
      { hop: 1, roleArn: a.arn, state: 'fresh', failures: 0 },
      { hop: 2, roleArn: b.arn, state: 'fresh', failures: 0 },
    ]);
  });

  it('follows source_profile from the base keys through every role profile', async () => {
    const credentials = profile('b');
    const me = await new STSClient({ region: 'eu-west-1', credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    expect(me.Arn).toMatch(/^arn:aws:sts::333333333333:assumed-role\/b\/rolechain-[0-9a-f]{8}$/);
    expect(
      assumeRoleCalls().map((call) => [
        call.params['RoleArn'],
        call.params['RoleSessionName'],
        call.caller?.arn,
      ]),
    ).toEqual([
      [a.arn, 'from-profile', alice.arn],
      [
        b.arn,
        expect.stringMatching(/^rolechain-/) as unknown,
        'arn:aws:sts::222222222222:assumed-role/a/from-profile',
      ],
    ]);
    expect(assumeRoleCalls()[1]?.params['DurationSeconds']).toBe('900');
    const issued = await credentials();
    expect(getAssumedIdentity(issued)?.chain.map((hop) => hop.roleArn)).toEqual([a.arn, b.arn]);
    // Asking for the identity learns the base identity: let that call land before the next test.
    await vi.waitFor(() => {
      expect(getAssumedIdentity(issued)?.source.arn).toBeDefined();
    });
    expect((issued as { $source?: unknown }).$source).toMatchObject({
      CREDENTIALS_STS_ASSUME_ROLE: 'i',
      CREDENTIALS_PROFILE_SOURCE_PROFILE: 'o',
    });
  });

  it("uses the named profile's region for hops whose profile has none", async () => {
    const credentials = fromRoleChainProfile({ profile: 'eu-b', configFilepath, filepath });
    await credentials();
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(hosts)).toEqual(new Set(['sts.eu-central-1.amazonaws.com']));
  });

  it('takes base credentials from the environment with credential_source = Environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', alice.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', alice.secretAccessKey);
    await profile('env-a')();
    expect(assumeRoleCalls().map((call) => call.caller?.arn)).toEqual([alice.arn]);
  });

  it('asks the mfaCodeProvider for mfa_serial', async () => {
    const mfaCodeProvider = vi.fn((serialNumber: string) => Promise.resolve(sts.mfaCode(serialNumber)));
    await profile('mfa-a', { mfaCodeProvider })();
    expect(mfaCodeProvider).toHaveBeenCalledWith(serial);
    expect(assumeRoleCalls()[0]?.params).toMatchObject({ SerialNumber: serial, TokenCode: '***' });
  });

  it.each([
    ['loop-1', 'profile "loop-1": source_profile cycle: "loop-1" → "loop-2" → "loop-1"'],
    [
      'typo',
      `profile "typo" duration_second: is not a setting fromRoleChainProfile reads: did you mean 'duration_seconds'?`,
    ],
    ['bad-external-id', 'profile "bad-external-id" external_id: must be 2–1224 characters'],
    ['missing', 'profile "missing": is not in the shared config or credentials file'],
    ['default', 'profile "default": has no credentials'],
  ])('rejects profile %s before any network call', async (name, message) => {
    const error = await profile(name)().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect((error as Error).message).toContain(message);
    expect(sts.calls).toEqual([]);
  });

  it('checks provider options at once, before reading any file', () => {
    expect(() =>
      fromRoleChainProfile({ profile: 'b', configFilepath: '/nonexistent', timeoutMs: -1 }),
    ).toThrow(/^timeoutMs: must be a positive number of milliseconds, got -1$/);
    expect(() => fromRoleChainProfile({ profile: 'b', regoin: 'eu-west-1' } as never)).toThrow(
      /^regoin: is not a known option/,
    );
  });

  it('refuses options that belong to fromRoleChain', () => {
    expect(() => fromRoleChainProfile({ profile: 'b', roles: [] } as never)).toThrow(
      /roles: is not used by fromRoleChainProfile/,
    );
  });
});
