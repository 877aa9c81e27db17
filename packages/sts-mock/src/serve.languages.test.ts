// `rolechain-sts-mock serve` for clients that are not ours: Debian's boto3 (/usr/bin/python3) and AWS CLI
// (/usr/bin/aws), each a child process with a hermetic environment (its own config and credentials files in
// a temp dir, no instance metadata, every non-loopback request sent to a closed proxy port), against the
// bin as a child process, driven through its control API. `npm run test:languages`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { buildServeBin, startServe } from './test-support/serve-process';
import type { Ready, Served } from './test-support/serve-process';

const run = promisify(execFile);
const python = '/usr/bin/python3';
const aws = '/usr/bin/aws';
const boto3Script = join(import.meta.dirname, '..', 'test-languages', 'boto3_sts.py');
const region = 'eu-west-1';
const alice = 'arn:aws:iam::111111111111:user/alice';
const deployer = 'arn:aws:iam::222222222222:role/deployer';
const reader = 'arn:aws:iam::333333333333:role/reader';
const locked = 'arn:aws:iam::333333333333:role/locked';
const fixture = {
  region,
  users: [{ accountId: '111111111111', userName: 'alice', profile: 'dev' }],
  roles: [
    { accountId: '222222222222', roleName: 'deployer', trustedPrincipals: [alice] },
    { accountId: '333333333333', roleName: 'reader', trustedPrincipals: [deployer] },
    { accountId: '333333333333', roleName: 'locked', trustedPrincipals: ['arn:aws:iam::999999999999:root'] },
  ],
};

let home = '';
let served: Served;
let ready: Ready;

beforeAll(async () => {
  buildServeBin();
  home = mkdtempSync(join(tmpdir(), 'sts-mock-languages-'));
  writeFileSync(join(home, 'org.json'), JSON.stringify(fixture));
  writeFileSync(join(home, 'config'), '');
  served = await startServe(['serve', '--fixture', 'org.json', '--write-credentials', 'credentials'], home);
  ready = served.ready!;
}, 120_000);
afterAll(async () => {
  await served.stop();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(async () => {
  await control('POST', 'reset');
});

interface Keys {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
}

/** The environment of a client: nothing from ours but what it needs, and no way off loopback. */
function clientEnv(credentials: Keys | 'profile', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keys =
    credentials === 'profile'
      ? { AWS_PROFILE: 'dev' }
      : {
          AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
          AWS_SESSION_TOKEN: credentials.SessionToken,
        };
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: ready.credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_PAGER: '',
    AWS_RETRY_MODE: 'standard',
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost,::1',
    ...keys,
    ...extra,
  };
}

type Boto3Answer =
  | { ok: true; result: Record<string, unknown> & { Credentials?: Keys; Arn?: string } }
  | { ok: false; code: string; message: string; status: number; attempts: number };

async function boto3(
  operation: string,
  params: Record<string, unknown>,
  credentials: Keys | 'profile',
  extra: Record<string, string> = {},
): Promise<Boto3Answer> {
  const { stdout } = await run(python, [boto3Script, ready.url, operation, JSON.stringify(params)], {
    env: clientEnv(credentials, extra),
  });
  return JSON.parse(stdout) as Boto3Answer;
}

async function cli(
  args: readonly string[],
  credentials: Keys | 'profile',
  extra: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      aws,
      ['--endpoint-url', ready.url, '--output', 'json', 'sts', ...args],
      {
        env: clientEnv(credentials, extra),
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function control(method: string, name: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${ready.controlUrl}/${name}`, {
    method,
    headers: { authorization: `Bearer ${ready.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

function keysOf(answer: Boto3Answer): Keys {
  if (!answer.ok || answer.result.Credentials === undefined) throw new Error(JSON.stringify(answer));
  return answer.result.Credentials;
}

describe('boto3 against rolechain-sts-mock serve', () => {
  test('the clients cannot leave loopback: real AWS is behind a closed proxy port', async () => {
    const realSts = 'https://sts.us-east-1.amazonaws.com';
    await expect(
      run(python, [boto3Script, realSts, 'get_caller_identity'], {
        env: clientEnv('profile', { AWS_MAX_ATTEMPTS: '1' }),
      }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('ProxyConnectionError') as unknown });
  });

  test('a role chain from the written profile: two AssumeRole hops, then the assumed-role ARN', async () => {
    const first = keysOf(await boto3('assume_role', { RoleArn: deployer, RoleSessionName: 'py' }, 'profile'));
    const second = keysOf(await boto3('assume_role', { RoleArn: reader, RoleSessionName: 'py2' }, first));
    expect(await boto3('get_caller_identity', {}, second)).toMatchObject({
      ok: true,
      result: { Arn: 'arn:aws:sts::333333333333:assumed-role/reader/py2', Account: '333333333333' },
    });
    expect(await control('GET', 'calls')).toMatchObject({
      calls: [
        { action: 'AssumeRole', caller: { arn: alice }, status: 200 },
        {
          action: 'AssumeRole',
          caller: { arn: 'arn:aws:sts::222222222222:assumed-role/deployer/py' },
          status: 200,
        },
        { action: 'GetCallerIdentity', status: 200 },
      ],
    });
  });

  test('a trust policy that refuses the caller: AccessDenied in a ClientError', async () => {
    expect(await boto3('assume_role', { RoleArn: locked, RoleSessionName: 'py' }, 'profile')).toEqual({
      ok: false,
      code: 'AccessDenied',
      message: `User: ${alice} is not authorized to perform: sts:AssumeRole on resource: ${locked}`,
      status: 403,
      attempts: 1,
    });
  });

  test('an injected fault: boto3 retries Throttling and succeeds, or reports it with retries off', async () => {
    await control('POST', 'faults', { action: 'GetCallerIdentity', error: 'Throttling', times: 2 });
    expect(await boto3('get_caller_identity', {}, 'profile', { AWS_MAX_ATTEMPTS: '3' })).toMatchObject({
      ok: true,
      result: { Arn: alice },
    });
    expect(await control('GET', 'calls')).toMatchObject({
      calls: [{ errorCode: 'Throttling' }, { errorCode: 'Throttling' }, { status: 200 }],
    });
    await control('POST', 'faults', { action: 'GetCallerIdentity', error: 'Throttling', times: 1 });
    expect(await boto3('get_caller_identity', {}, 'profile', { AWS_MAX_ATTEMPTS: '1' })).toEqual({
      ok: false,
      code: 'Throttling',
      message: 'Rate exceeded',
      status: 400,
      attempts: 1,
    });
  });

  test('the clock moved through the control API expires the session: ExpiredToken', async () => {
    // Back 10 minutes, then 15 minutes on: the session ends while the client's own clock stays within
    // SigV4's 15-minute window of the mock's (botocore does not correct clock skew).
    await control('POST', 'clock', { advanceSeconds: -600 });
    const session = keysOf(
      await boto3(
        'assume_role',
        { RoleArn: deployer, RoleSessionName: 'py', DurationSeconds: 900 },
        'profile',
      ),
    );
    expect(await boto3('get_caller_identity', {}, session)).toMatchObject({ ok: true });
    await control('POST', 'clock', { advanceSeconds: 901 });
    expect(await boto3('get_caller_identity', {}, session)).toEqual({
      ok: false,
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      status: 403,
      attempts: 1,
    });
    await control('POST', 'clock', { advanceSeconds: -301 });
  });
});

describe('the AWS CLI against rolechain-sts-mock serve', () => {
  test('--profile from the written credentials file, a role chain, get-caller-identity', async () => {
    const first = await cli(['assume-role', '--role-arn', deployer, '--role-session-name', 'cli'], 'profile');
    expect(first.code).toBe(0);
    const hop = (JSON.parse(first.stdout) as { Credentials: Keys }).Credentials;
    const second = await cli(['assume-role', '--role-arn', reader, '--role-session-name', 'cli2'], hop);
    const identity = await cli(
      ['get-caller-identity'],
      (JSON.parse(second.stdout) as { Credentials: Keys }).Credentials,
    );
    expect(JSON.parse(identity.stdout)).toMatchObject({
      Arn: 'arn:aws:sts::333333333333:assumed-role/reader/cli2',
    });
  });

  test('a refused AssumeRole: exit 254 and the AccessDenied message', async () => {
    const denied = await cli(['assume-role', '--role-arn', locked, '--role-session-name', 'cli'], 'profile');
    expect(denied.code).toBe(254);
    expect(denied.stderr).toContain(
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${alice} is not authorized to perform: sts:AssumeRole on resource: ${locked}`,
    );
  });

  test('an injected 503 is retried; with retries off the CLI reports it', async () => {
    await control('POST', 'faults', { error: 'ServiceUnavailable', times: 1 });
    expect(JSON.parse((await cli(['get-caller-identity'], 'profile')).stdout)).toMatchObject({ Arn: alice });
    await control('POST', 'faults', { error: 'ServiceUnavailable', times: 1 });
    const failed = await cli(['get-caller-identity'], 'profile', { AWS_MAX_ATTEMPTS: '1' });
    expect(failed.code).toBe(254);
    expect(failed.stderr).toContain('(ServiceUnavailable) when calling the GetCallerIdentity operation');
  });

  test('the clock moved through the control API: ExpiredToken', async () => {
    await control('POST', 'clock', { advanceSeconds: -600 });
    const assumed = await cli(
      ['assume-role', '--role-arn', deployer, '--role-session-name', 'cli', '--duration-seconds', '900'],
      'profile',
    );
    const session = (JSON.parse(assumed.stdout) as { Credentials: Keys }).Credentials;
    await control('POST', 'clock', { advanceSeconds: 901 });
    const expired = await cli(['get-caller-identity'], session);
    expect(expired.code).toBe(254);
    expect(expired.stderr).toContain(
      'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired',
    );
    await control('POST', 'clock', { advanceSeconds: -301 });
  });
});
