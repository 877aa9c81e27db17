// A profile with no role_arn is a chain of zero hops: fromRoleChainProfile hands on the profile's own
// credentials exactly as their source gives them (long-term keys without a session token or expiration),
// cached like a hop's session, with no STS call and no role identity.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainConfigError, RoleChainError } from './errors';
import { fromRoleChainProfile } from './from-role-chain-profile';
import { getAssumedIdentity } from './identity';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

const { sts } = useStsMock();
failOnUnhandledRejections();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const ops = sts.createRole({
  accountId: '222222222222',
  roleName: 'ops',
  trustedPrincipals: [alice.arn],
  maxSessionDuration: 43200,
});

const dir = mkdtempSync(join(tmpdir(), 'rolechain-zero-hops-'));
const runs = join(dir, 'runs');
const expiration = '2030-01-01T00:00:00.000Z';
/** A credential_process helper that counts its runs and prints alice's keys, with `extra` fields. */
function helper(name: string, extra: Record<string, string>): string {
  const file = join(dir, `${name}.cjs`);
  const output = {
    Version: 1,
    AccessKeyId: alice.accessKeyId,
    SecretAccessKey: alice.secretAccessKey,
    ...extra,
  };
  writeFileSync(
    file,
    `require('node:fs').appendFileSync(${JSON.stringify(runs)}, ${JSON.stringify(`${name}\n`)});\n` +
      `process.stdout.write(${JSON.stringify(JSON.stringify(output))});\n`,
  );
  return `"${process.execPath}" "${file}"`;
}
const failing = join(dir, 'failing.cjs');
writeFileSync(failing, "process.stderr.write('corp-login: session expired\\n'); process.exit(3);\n");

const configFilepath = join(dir, 'config');
const filepath = join(dir, 'credentials');
writeFileSync(
  configFilepath,
  `[profile keys]
aws_access_key_id = ${alice.accessKeyId}
aws_secret_access_key = ${alice.secretAccessKey}

[profile process-expiring]
credential_process = ${helper('expiring', { SessionToken: 'process-session-token', Expiration: expiration })}

[profile process-long-term]
credential_process = ${helper('long-term', {})}

[profile process-failing]
credential_process = "${process.execPath}" "${failing}"

[profile no-credentials]
output = json
`,
);
writeFileSync(filepath, '');

function helperRuns(): string[] {
  try {
    return readFileSync(runs, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

beforeEach(() => {
  writeFileSync(runs, '');
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) vi.stubEnv(name, undefined);
});

function profile(name: string, now?: () => number) {
  return fromRoleChainProfile({
    profile: name,
    configFilepath,
    filepath,
    ...(now === undefined ? {} : { now }),
  });
}

describe('fromRoleChainProfile on a profile without role_arn (zero hops)', () => {
  it('returns long-term keys as they are: no session token, no expiration, no STS call, no region needed', async () => {
    const credentials = profile('keys');
    const issued = await credentials();
    expect(issued.accessKeyId).toBe(alice.accessKeyId);
    expect(issued.secretAccessKey).toBe(alice.secretAccessKey);
    expect('sessionToken' in issued).toBe(false);
    expect('expiration' in issued).toBe(false);
    expect(sts.calls).toEqual([]);
    // No role was assumed: no role identity, and status() has no hop.
    expect(getAssumedIdentity(issued)).toBeUndefined();
    expect(credentials.status()).toEqual([]);
    // They sign as alice herself.
    const me = await new STSClient({ region: 'eu-west-1', credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    expect(me.Arn).toBe(alice.arn);
  });

  it('never prints the secret', async () => {
    const issued = await profile('keys')();
    for (const text of [inspect(issued), JSON.stringify(issued), inspect([issued])]) {
      expect(text).not.toContain(alice.secretAccessKey);
    }
    expect(inspect(issued)).toContain("secretAccessKey: '[REDACTED]'");
    expect(inspect(issued)).not.toContain('sessionToken');
  });

  it('caches credential_process credentials until their refresh window, one run for many calls', async () => {
    let now = Date.parse('2029-12-31T00:00:00Z');
    const credentials = profile('process-expiring', () => now);
    const first = await credentials();
    expect(first).toMatchObject({ sessionToken: 'process-session-token', expiration: new Date(expiration) });
    for (let call = 0; call < 5; call += 1) expect(await credentials()).toBe(first);
    expect(helperRuns()).toEqual(['expiring']);
    // Inside the last minute before expiry, callers wait for a new run.
    now = Date.parse(expiration) - 30_000;
    await credentials();
    expect(helperRuns()).toEqual(['expiring', 'expiring']);
  });

  it('keeps credentials without an Expiration until invalidate(), which runs the process again', async () => {
    let now = Date.parse('2029-12-31T00:00:00Z');
    const credentials = profile('process-long-term', () => now);
    const first = await credentials();
    expect('sessionToken' in first).toBe(false);
    expect('expiration' in first).toBe(false);
    now += 400 * 24 * 3_600_000;
    expect(await credentials()).toBe(first);
    expect(helperRuns()).toEqual(['long-term']);
    credentials.invalidate();
    await credentials();
    expect(helperRuns()).toEqual(['long-term', 'long-term']);
    expect(() => {
      credentials.invalidate(1);
    }).toThrow(/^invalidate\(fromHop\): must be left out: the chain has no hops/);
  });

  it("fails with the source's own error, as hop 0 of 0", async () => {
    const error = await profile('process-failing')().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({ hop: 0, hops: 0 });
    expect((error as Error).message).toContain('corp-login: session expired');
  });

  it('still refuses a profile with no credentials at all, before any call', async () => {
    const error = await profile('no-credentials')().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect((error as Error).message).toBe(
      'profile "no-credentials": has no credentials: give it keys, SSO, credential_process, or a role_arn',
    );
  });

  it('serves as the source of a further chain as long-term keys: the first hop is not clamped', async () => {
    writeFileSync(
      join(dir, 'config-chain'),
      `[profile keys]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n`,
    );
    const base = fromRoleChainProfile({
      profile: 'keys',
      configFilepath: join(dir, 'config-chain'),
      filepath,
    });
    const { fromRoleChain } = await import('./from-role-chain');
    await fromRoleChain({
      source: base,
      region: 'eu-west-1',
      roles: [{ roleArn: ops.arn, durationSeconds: 7200 }],
    })();
    expect(sts.calls.find((call) => call.action === 'AssumeRole')?.params['DurationSeconds']).toBe('7200');
  });
});
