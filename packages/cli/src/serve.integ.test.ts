// `rolechain serve`, the built executable in a child process, against the STS mock served over real HTTP on
// loopback (AWS_ENDPOINT_URL_STS), read by the AWS SDK for JavaScript's own container credentials provider.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromHttp, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createStsMock } from '@rolechain/sts-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildCli } from './test-support/built-cli';
import { serveToExit, startServe, stopAll } from './test-support/serve-process';

const sts = createStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const first = sts.createRole({
  accountId: '222222222222',
  roleName: 'first',
  trustedPrincipals: [alice.arn],
});
const second = sts.createRole({
  accountId: '333333333333',
  roleName: 'second',
  trustedPrincipals: [first.arn],
});
const third = sts.createRole({
  accountId: '444444444444',
  roleName: 'third',
  trustedPrincipals: [second.arn],
});
const locked = sts.createRole({
  accountId: '555555555555',
  roleName: 'locked',
  trustedPrincipals: [alice.arn],
});
const threeHops = `app=${first.arn},${second.arn},${third.arn}`;
const thirdSession = /^arn:aws:sts::444444444444:assumed-role\/third\//;
/** The SDK's container provider gives up after 1 s by default; a loaded CI machine may answer slower. */
const patient = { timeout: 10_000 };

let stsUrl = '';
let closeSts: () => Promise<void> = () => Promise.resolve();
let home = '';

beforeAll(async () => {
  await buildCli();
  const listening = await sts.listen({ host: '127.0.0.1' });
  stsUrl = listening.url;
  closeSts = () => listening.close();
}, 120_000);
afterAll(() => closeSts());
afterEach(async () => {
  await stopAll();
  sts.reset();
});

/** A hermetic environment: the mock's URL, alice's keys, a private HOME and config, no metadata service. */
function serveEnv(): Record<string, string> {
  home = mkdtempSync(join(tmpdir(), 'rolechain-serve-'));
  writeFileSync(join(home, 'config'), '');
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    TMPDIR: home,
    AWS_ENDPOINT_URL_STS: stsUrl,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: alice.accessKeyId,
    AWS_SECRET_ACCESS_KEY: alice.secretAccessKey,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

const start = (args: readonly string[], env = serveEnv()) => startServe(args, env);
const failedServe = (args: readonly string[], env = serveEnv()) => serveToExit(args, env);

/** The identity `credentials` sign as, from the mock. */
async function callerArn(credentials: ReturnType<typeof fromHttp>): Promise<string | undefined> {
  const client = new STSClient({ region: 'eu-west-1', endpoint: stsUrl, credentials });
  return (await client.send(new GetCallerIdentityCommand({}))).Arn;
}

function assumeRoleCalls(): number {
  return sts.calls.filter((call) => call.action === 'AssumeRole').length;
}

/** The status and body of one GET on a new connection, with `headers` (a `host` one replaces the URL's). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('rolechain serve', { timeout: 30_000 }, () => {
  test("the SDK's default chain, given the two variables, signs as the chain's last role", async () => {
    const { ready, stderr } = await start(['--chain', threeHops]);
    expect(ready.chains['app']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chains\/app$/);
    expect(statSync(ready.tokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(ready.tokenFile, '..')).mode & 0o777).toBe(0o700);
    // Nothing else may give the SDK credentials: no keys, no profile, no shared files.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
    vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', devNull);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', devNull);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', ready.chains['app']);
    vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', ready.tokenFile);
    expect(await callerArn(fromNodeProviderChain(patient))).toMatch(thirdSession);
    expect(stderr()).toBe('');
  });

  test('one server, 50 SDK providers each with its own HTTP client: 3 AssumeRole calls for a 3-hop chain', async () => {
    const { ready } = await start(['--chain', threeHops]);
    const clients = Array.from({ length: 50 }, () =>
      fromHttp({
        ...patient,
        awsContainerCredentialsFullUri: ready.chains['app'] ?? '',
        awsContainerAuthorizationTokenFile: ready.tokenFile,
      }),
    );
    const arns = await Promise.all(clients.map((credentials) => callerArn(credentials)));
    expect(new Set(arns).size).toBe(1);
    expect(arns[0]).toMatch(thirdSession);
    expect(assumeRoleCalls()).toBe(3);
    expect(
      sts.calls.filter((call) => call.action === 'GetCallerIdentity' && call.caller?.arn === arns[0]),
    ).toHaveLength(50);
  });

  test('several named chains, each at its own path with its own cache', async () => {
    const { ready } = await start(['--chain', threeHops, '--chain', `short=${first.arn}`]);
    const read = (name: string) =>
      callerArn(
        fromHttp({
          ...patient,
          awsContainerCredentialsFullUri: ready.chains[name] ?? '',
          awsContainerAuthorizationTokenFile: ready.tokenFile,
        }),
      );
    expect(await read('short')).toMatch(/^arn:aws:sts::222222222222:assumed-role\/first\//);
    expect(await read('app')).toMatch(thirdSession);
    expect(assumeRoleCalls()).toBe(4);
    const other = ready.chains['app']?.replace(/app$/, 'nope') ?? '';
    expect((await get(other)).status).toBe(404);
  });

  test('a rotated token file: the old token is refused at once, the new one accepted', async () => {
    const env = serveEnv();
    const tokenFile = join(home, 'token');
    const oldToken = 'old-token-0123456789abcdef';
    const newToken = 'new-token-fedcba9876543210';
    writeFileSync(tokenFile, oldToken);
    const { ready, stderr } = await start(['--chain', threeHops, '--token-file', tokenFile], env);
    expect(ready.tokenFile).toBe(tokenFile);
    const url = ready.chains['app'] ?? '';
    const withToken = (token: string) =>
      fromHttp({
        ...patient,
        awsContainerCredentialsFullUri: url,
        awsContainerAuthorizationToken: token,
        maxRetries: 0,
      });
    expect(await callerArn(withToken(oldToken))).toMatch(thirdSession);

    writeFileSync(tokenFile, newToken);
    await expect(withToken(oldToken)()).rejects.toThrow('Server responded with status: 403');
    expect(await callerArn(withToken(newToken))).toMatch(thirdSession);
    // A client reading the file, as the SDKs do with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, follows it.
    expect(
      await callerArn(
        fromHttp({
          ...patient,
          awsContainerCredentialsFullUri: url,
          awsContainerAuthorizationTokenFile: tokenFile,
        }),
      ),
    ).toMatch(thirdSession);

    // A file that holds no valid token refuses everyone, and says so once; the generated file is not made.
    writeFileSync(tokenFile, `${newToken}\n`);
    await expect(withToken(newToken)()).rejects.toThrow('Server responded with status: 403');
    // The child's stderr reaches this process on its own schedule: wait for the line, do not race it.
    await vi.waitFor(() => {
      expect(stderr()).toContain('must hold the token alone');
    });
    expect(stderr()).toBe(
      `rolechain serve: token file ${tokenFile} must hold the token alone: 16 to 4096 visible ASCII characters, ` +
        'without spaces or a newline at the end (clients send the file as it is; write it with printf, not ' +
        'echo); every request is refused until it holds a token again\n',
    );
    expect(stderr()).not.toContain(newToken);
  });

  test('a request from a web page or for a rebound name is refused, token or not', async () => {
    const { ready } = await start(['--chain', threeHops]);
    const url = ready.chains['app'] ?? '';
    const token = readFileSync(ready.tokenFile, 'utf8');
    const port = new URL(url).port;
    expect((await get(url, { authorization: token, host: `attacker.example:${port}` })).status).toBe(403);
    expect((await get(url, { authorization: token, origin: 'http://attacker.example' })).status).toBe(403);
    expect((await get(url, { authorization: 'not-the-token' })).status).toBe(403);
    expect((await get(url, { authorization: token })).status).toBe(200);
  });

  test("/healthz shows each chain's hops from the provider's status, without a secret", async () => {
    const { ready } = await start(['--chain', threeHops]);
    const credentials = await fromHttp({
      ...patient,
      awsContainerCredentialsFullUri: ready.chains['app'] ?? '',
      awsContainerAuthorizationTokenFile: ready.tokenFile,
    })();
    const health = await get(ready.health);
    expect(health.status).toBe(200);
    const report = JSON.parse(health.body) as {
      status: string;
      chains: Record<string, { status: string; hops: { hop: number; roleArn: string; state: string }[] }>;
    };
    expect(report.status).toBe('ok');
    expect(report.chains['app']?.status).toBe('ok');
    expect(report.chains['app']?.hops.map(({ hop, roleArn, state }) => [hop, roleArn, state])).toEqual([
      [1, first.arn, 'fresh'],
      [2, second.arn, 'fresh'],
      [3, third.arn, 'fresh'],
    ]);
    for (const secret of [
      credentials.secretAccessKey,
      credentials.sessionToken ?? '',
      credentials.accessKeyId,
    ]) {
      expect(health.body).not.toContain(secret);
    }
  });

  test.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: stops listening, exits 0, and removes the token file it made',
    async (signal) => {
      const { child, ready, stderr, exit } = await start(['--chain', threeHops]);
      child.kill(signal);
      expect(await exit).toBe(0);
      expect(stderr()).toBe(`rolechain serve: ${signal}: stopping\n`);
      expect(existsSync(ready.tokenFile)).toBe(false);
      await expect(get(ready.health)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    },
  );

  test('a chain that cannot be assumed: exit 1 naming it, and nothing is served', async () => {
    const result = await failedServe(['--chain', threeHops, '--chain', `bad=${first.arn},${locked.arn}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^rolechain serve: Error: chain bad: RoleChainError: hop 2 of 2 \\(${locked.arn}\\): AccessDenied: [^\\n]*\\n$`,
      ),
    );
    expect(result.stderr).not.toContain(alice.secretAccessKey);
  });

  test('a profile chain of the shared config, and a profile with mfa_serial refused without a terminal', async () => {
    const env = serveEnv();
    const mfaUser = sts.createUser({ accountId: '111111111111', userName: 'mfa-user', mfa: true });
    writeFileSync(
      env['AWS_CONFIG_FILE'] ?? '',
      `[profile base]\nrole_arn = ${first.arn}\ncredential_source = Environment\n\n` +
        `[profile reader]\nrole_arn = ${second.arn}\nsource_profile = base\nrole_session_name = sidecar\n\n` +
        `[profile guarded]\nrole_arn = ${first.arn}\ncredential_source = Environment\n` +
        `mfa_serial = ${mfaUser.mfaSerialNumber ?? ''}\n`,
    );
    const { ready } = await start(['--chain', 'web=reader'], env);
    const arn = await callerArn(
      fromHttp({
        ...patient,
        awsContainerCredentialsFullUri: ready.chains['web'] ?? '',
        awsContainerAuthorizationTokenFile: ready.tokenFile,
      }),
    );
    expect(arn).toBe('arn:aws:sts::333333333333:assumed-role/second/sidecar');

    sts.reset();
    const refused = await failedServe(['--chain', 'web=reader', '--chain', 'admin=guarded'], env);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      `rolechain serve: --chain admin: mfa_serial ${mfaUser.mfaSerialNumber ?? ''} needs an MFA code at every ` +
        'refresh and there is no terminal to ask for it; serve a chain without mfa_serial (see rolechain serve --help)\n',
    );
    expect(sts.calls).toEqual([]);
  });

  test.each([
    [['--chain', 'app'], '--chain must be NAME=PROFILE or NAME=ROLE_ARN[,ROLE_ARN…] (value not shown)'],
    [['--chain', 'app=arn:aws:iam::1:role/x'], '--chain app: must be an IAM role ARN'],
    [['--chain', threeHops, '--host', '10.0.0.7'], '--host 10.0.0.7 is not a loopback address'],
    [
      ['--chain', threeHops, '--token-file', '/nonexistent/token'],
      '--token-file /nonexistent/token: cannot be read (ENOENT)',
    ],
  ])('usage error %j: exit 2 before any STS call or listening', async (args, message) => {
    const result = await failedServe(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(sts.calls).toEqual([]);
  });
});
