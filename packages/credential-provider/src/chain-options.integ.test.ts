import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { setCredentialFeature } from '@aws-sdk/core/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainConfigError, RoleChainError } from './errors';
import { fromRoleChain } from './from-role-chain';
import { getAssumedIdentity } from './identity';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

const T0 = Date.parse('2026-11-28T08:00:00.000Z');
/** One clock for the mock, the provider and the SDK's signer: the faked system time. */
const now = (): number => Date.now();
const { sts, server } = useStsMock({ now: () => new Date(now()) });
const hosts: string[] = [];
server.events.on('request:start', ({ request }) => {
  hosts.push(new URL(request.url).host);
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const serial = alice.mfaSerialNumber as string;
const a = sts.createRole({
  accountId: '222222222222',
  roleName: 'a',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
      },
    ],
  },
  maxSessionDuration: 7200,
});
const b = sts.createRole({
  accountId: '333333333333',
  roleName: 'b',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: [a.arn, alice.arn] },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
      },
    ],
  },
  maxSessionDuration: 43200,
});
const guarded = sts.createRole({
  accountId: '444444444444',
  roleName: 'guarded',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  },
});

const records: { level: string; record: Record<string, unknown> }[] = [];
const logger = {
  debug: (record: Record<string, unknown>) => records.push({ level: 'debug', record }),
  info: (record: Record<string, unknown>) => records.push({ level: 'info', record }),
  warn: (record: Record<string, unknown>) => records.push({ level: 'warn', record }),
  error: (record: Record<string, unknown>) => records.push({ level: 'error', record }),
};

failOnUnhandledRejections();
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterAll(() => {
  vi.useRealTimers();
});
beforeEach(() => {
  records.length = 0;
  hosts.length = 0;
});

function assumeRoleParams() {
  return sts.calls.filter((call) => call.action === 'AssumeRole').map((call) => call.params);
}

describe('source credentials', () => {
  it('accepts a provider, calls it for each first-hop refresh, and forces a refresh after invalidate()', async () => {
    const calls: unknown[] = [];
    const source = (properties?: Record<string, unknown>) => {
      calls.push(properties?.['forceRefresh']);
      return Promise.resolve(alice.credentials);
    };
    const credentials = fromRoleChain({
      source,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
      now,
    });
    await credentials();
    credentials.invalidate(2);
    await credentials();
    credentials.invalidate();
    await credentials();
    expect(calls).toEqual([undefined, true]);
  });

  it('reports a failing source as hop 0, before any AssumeRole', async () => {
    const source = () =>
      Promise.reject(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      );
    const error = await fromRoleChain({
      source,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
      now,
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({
      hop: 0,
      hops: 2,
      roleArn: undefined,
      code: 'CredentialsProviderError',
      retryable: false,
    });
    expect((error as Error).message).toBe(
      'source credentials (before hop 1 of 2): CredentialsProviderError: Could not load credentials from any providers',
    );
    expect(assumeRoleParams()).toEqual([]);
  });
});

describe('role-chaining duration limit', () => {
  it('clamps chained hops to 3600 s and warns once; a hop assumed with long-term keys keeps its duration', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [
        { roleArn: a.arn, durationSeconds: 7200 },
        { roleArn: b.arn, durationSeconds: 7200 },
      ],
      now,
      logger,
    });
    await credentials();
    credentials.invalidate();
    await credentials();
    expect(assumeRoleParams().map((params) => params['DurationSeconds'])).toEqual([
      '7200',
      '3600',
      '7200',
      '3600',
    ]);
    const warnings = records.filter(({ level }) => level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.record).toMatchObject({ hop: 2, roleArn: b.arn, requested: 7200 });
  });

  it('asks STS for the full duration with a session of unknown kind, and retries once clamped when STS says it is a role session', async () => {
    const session = await new STSClient({ region: 'eu-west-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({ RoleArn: a.arn, RoleSessionName: 'outer' }),
    );
    // Plain keys with a session token: nothing says they are a role session.
    const source = {
      accessKeyId: session.Credentials?.AccessKeyId as string,
      secretAccessKey: session.Credentials?.SecretAccessKey as string,
      sessionToken: session.Credentials?.SessionToken as string,
    };
    const credentials = fromRoleChain({
      source,
      region: 'eu-west-1',
      roles: [{ roleArn: b.arn, durationSeconds: 7200 }],
      now,
      logger,
    });
    const before = assumeRoleParams().length;
    const issued = await credentials();
    expect(issued.expiration.getTime() - now()).toBeLessThanOrEqual(3600_000);
    credentials.invalidate();
    await credentials();
    // Refused once at 7200, then clamped at once: the hop remembers what STS said.
    expect(
      assumeRoleParams()
        .slice(before)
        .map((params) => params['DurationSeconds']),
    ).toEqual(['7200', '3600', '3600']);

    const strict = fromRoleChain({
      source,
      region: 'eu-west-1',
      roles: [{ roleArn: b.arn, durationSeconds: 7200 }],
      now,
      strictDuration: true,
    });
    const error = await strict().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect(error).toMatchObject({ hop: 1, field: 'roles[0].durationSeconds' });
  });

  it('clamps the first hop without a refused call when the source says it is a role session', async () => {
    const session = await new STSClient({ region: 'eu-west-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({ RoleArn: a.arn, RoleSessionName: 'outer' }),
    );
    const source = setCredentialFeature(
      {
        accessKeyId: session.Credentials?.AccessKeyId as string,
        secretAccessKey: session.Credentials?.SecretAccessKey as string,
        sessionToken: session.Credentials?.SessionToken as string,
      },
      'CREDENTIALS_STS_ASSUME_ROLE',
      'i',
    );
    const before = assumeRoleParams().length;
    await fromRoleChain({
      source,
      region: 'eu-west-1',
      roles: [{ roleArn: b.arn, durationSeconds: 7200 }],
      now,
    })();
    expect(
      assumeRoleParams()
        .slice(before)
        .map((params) => params['DurationSeconds']),
    ).toEqual(['3600']);
  });

  it('keeps a first hop of 7200 s assumed with GetSessionToken keys, which are no role session', async () => {
    const session = await new STSClient({ region: 'eu-west-1', credentials: alice.credentials }).send(
      new GetSessionTokenCommand({ DurationSeconds: 3600 }),
    );
    const source = {
      accessKeyId: session.Credentials?.AccessKeyId as string,
      secretAccessKey: session.Credentials?.SecretAccessKey as string,
      sessionToken: session.Credentials?.SessionToken as string,
    };
    const before = assumeRoleParams().length;
    const issued = await fromRoleChain({
      source,
      region: 'eu-west-1',
      roles: [{ roleArn: b.arn, durationSeconds: 7200 }],
      now,
    })();
    expect(
      assumeRoleParams()
        .slice(before)
        .map((params) => params['DurationSeconds']),
    ).toEqual(['7200']);
    expect(issued.expiration.getTime() - now()).toBe(7200_000);
  });
});

describe('MFA', () => {
  it('asks for a code lazily, once per refresh, and never sends a code twice', async () => {
    const tokenCode = vi.fn(() => Promise.resolve(sts.mfaCode(serial)));
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: guarded.arn, mfa: { serialNumber: serial, tokenCode } }],
      now,
    });
    expect(tokenCode).not.toHaveBeenCalled();
    await Promise.all([credentials(), credentials(), credentials()]);
    expect(tokenCode).toHaveBeenCalledTimes(1);
    expect(assumeRoleParams()[0]).toMatchObject({ SerialNumber: serial, TokenCode: '***' });

    credentials.invalidate();
    const error = await credentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({ code: 'MfaTokenReused', hop: 1, retryable: false });
    expect(assumeRoleParams()).toHaveLength(1);

    vi.setSystemTime(now() + 30_000);
    credentials.invalidate();
    await credentials();
    expect(tokenCode).toHaveBeenCalledTimes(3);
    expect(assumeRoleParams()).toHaveLength(2);
  });

  it('fails with a typed error instead of hanging when no code comes', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [
        {
          roleArn: guarded.arn,
          mfa: {
            serialNumber: serial,
            tokenCode: () => new Promise<string>(() => undefined),
            timeoutMs: 120_000,
          },
        },
      ],
      now,
    });
    // Nothing reaches the network before the code, so timers can be faked for this part too.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: now() });
    try {
      const pending = credentials().catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(119_999);
      expect(assumeRoleParams()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      const error = await pending;
      expect(error).toBeInstanceOf(RoleChainError);
      expect(error).toMatchObject({ code: 'MfaTokenTimeout', hop: 1, hops: 1, roleArn: guarded.arn });
      expect((error as Error).message).toContain(`no MFA code for ${serial} within 120000 ms`);
    } finally {
      const resume = Date.now();
      vi.useRealTimers();
      vi.useFakeTimers({ toFake: ['Date'], now: resume });
    }
    expect(assumeRoleParams()).toEqual([]);
  });

  it('without MFA the trust policy denies, naming the hop', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: guarded.arn }],
      now,
    });
    await expect(credentials()).rejects.toThrow(
      /^hop 1 of 1 \(arn:aws:iam::444444444444:role\/guarded\): AccessDenied: /,
    );
  });
});

describe('session names, source identity and tags', () => {
  it('uses the given name, else the source identity in force, on every refresh', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [
        { roleArn: a.arn, sourceIdentity: 'alice', tags: { team: 'core' }, transitiveTagKeys: ['team'] },
        { roleArn: b.arn, roleSessionName: 'deploy-7' },
      ],
      now,
    });
    const first = await credentials();
    credentials.invalidate();
    await credentials();
    const names = assumeRoleParams().map((params) => params['RoleSessionName']);
    expect(names).toEqual(['alice', 'deploy-7', 'alice', 'deploy-7']);
    expect(getAssumedIdentity(first)).toMatchObject({
      sessionName: 'deploy-7',
      sourceIdentity: 'alice',
      arn: 'arn:aws:sts::333333333333:assumed-role/b/deploy-7',
    });
    // Asking for the identity learns the base identity: let that call land before the next test.
    await vi.waitFor(() => {
      expect(getAssumedIdentity(first)?.source.arn).toBe(alice.arn);
    });
  });
});

describe('region resolution', () => {
  function configFile(text: string): string {
    const file = join(mkdtempSync(join(tmpdir(), 'rolechain-cfg-')), 'config');
    writeFileSync(file, text);
    return file;
  }

  it('prefers the hop region over the provider region and uses regional endpoints', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn, region: 'us-west-2' }],
      now,
    });
    const issued = await credentials();
    // One call per hop, each in its region; the base identity is not asked for until someone asks.
    expect(hosts.filter((host) => host.startsWith('sts.'))).toEqual([
      'sts.eu-west-1.amazonaws.com',
      'sts.us-west-2.amazonaws.com',
    ]);
    getAssumedIdentity(issued);
    await vi.waitFor(() => {
      expect(getAssumedIdentity(issued)?.source.arn).toBe(alice.arn);
    });
    expect(hosts.filter((host) => host.startsWith('sts.')).at(-1)).toBe('sts.eu-west-1.amazonaws.com');
  });

  it("falls back to the calling client's region", async () => {
    vi.stubEnv('AWS_REGION', 'ca-central-1');
    const credentials = fromRoleChain({ source: alice.credentials, roles: [{ roleArn: a.arn }], now });
    const client = new STSClient({ region: 'ap-southeast-2', credentials });
    await client.send(new GetCallerIdentityCommand({}));
    expect(hosts[0]).toBe('sts.ap-southeast-2.amazonaws.com');
  });

  it('then to AWS_REGION, then to the profile region', async () => {
    vi.stubEnv('AWS_REGION', 'ca-central-1');
    await fromRoleChain({ source: alice.credentials, roles: [{ roleArn: a.arn }], now })();
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_PROFILE', 'work');
    vi.stubEnv('AWS_CONFIG_FILE', configFile('[profile work]\nregion = sa-east-1\n'));
    await fromRoleChain({ source: alice.credentials, roles: [{ roleArn: a.arn }], now })();
    expect(hosts.filter((host) => host.startsWith('sts.'))).toContain('sts.ca-central-1.amazonaws.com');
    expect(hosts.filter((host) => host.startsWith('sts.'))).toContain('sts.sa-east-1.amazonaws.com');
  });

  it('with no region anywhere fails before any network call (no silent us-east-1)', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_PROFILE', 'none');
    vi.stubEnv('AWS_CONFIG_FILE', configFile('[default]\nregion = us-east-1\n'));
    const error = await fromRoleChain({
      source: alice.credentials,
      roles: [{ roleArn: a.arn }],
      now,
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect((error as Error).message).toMatch(
      /^hop 1: region: no STS region for arn:aws:iam::222222222222:role\/a/,
    );
    expect(hosts).toEqual([]);
  });

  it("rejects a calling client's region outside the role's partition", async () => {
    const credentials = fromRoleChain({ source: alice.credentials, roles: [{ roleArn: a.arn }], now });
    const s3 = new S3Client({ region: 'cn-north-1', credentials, maxAttempts: 1 });
    const error = await s3.send(new ListBucketsCommand({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect((error as Error).message).toContain('is in partition aws but the STS region cn-north-1');
    expect(hosts).toEqual([]);
  });
});

describe('process lifetime', () => {
  const timers = (): number =>
    process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

  it('keeps no timer alive: not after a fetch, not during a background refresh, not while an MFA prompt waits', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const before = timers();
    const prompts: ((code: string) => void)[] = [];
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [
        {
          roleArn: guarded.arn,
          mfa: {
            serialNumber: serial,
            tokenCode: () =>
              new Promise<string>((resolve) => {
                prompts.push(resolve);
              }),
          },
        },
      ],
      now,
    });
    const pending = credentials();
    await vi.waitFor(() => {
      expect(prompts).toHaveLength(1);
    });
    expect(timers()).toBeLessThanOrEqual(before); // the 60 s prompt timeout is unref'd
    vi.setSystemTime(now() + 30_000);
    prompts[0]?.(sts.mfaCode(serial));
    const first = await pending;
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(before);

    vi.setSystemTime(first.expiration.getTime() - 5 * 60_000); // past any advisory point, before mandatory
    expect(await credentials()).toBe(first); // advisory: the background refresh asks for a code
    await vi.waitFor(() => {
      expect(prompts).toHaveLength(2);
    });
    expect(timers()).toBeLessThanOrEqual(before);
    vi.setSystemTime(now() + 30_000);
    prompts[1]?.(sts.mfaCode(serial));
    await vi.waitFor(async () => {
      expect((await credentials()).accessKeyId).not.toBe(first.accessKeyId);
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
