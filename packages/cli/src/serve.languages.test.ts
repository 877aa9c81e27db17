// `rolechain serve` read by clients that are not ours: Debian's boto3 and AWS CLI (/usr/bin), each in its own
// process, with the container credentials variables, against the STS mock served on loopback. One server,
// one cache: every client of every language signs as the chain's last role, for 3 AssumeRole calls in all.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createStsMock } from '@rolechain/sts-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildCli } from './test-support/built-cli';
import { startServe, stopAll, type Serving } from './test-support/serve-process';

const run = promisify(execFile);

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
const thirdSession = /^arn:aws:sts::444444444444:assumed-role\/third\/\S+$/;

let stsUrl = '';
let closeSts: () => Promise<void> = () => Promise.resolve();
let serving: Serving;
let home = '';

/** Only what each process needs: no proxy, no inherited AWS setting, private config files, no IMDS. */
function baseEnv(): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DEFAULT_REGION: 'eu-west-1',
  };
}

beforeAll(async () => {
  await buildCli();
  const listening = await sts.listen({ host: '127.0.0.1' });
  stsUrl = listening.url;
  closeSts = () => listening.close();
  home = mkdtempSync(join(tmpdir(), 'rolechain-serve-languages-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
  serving = await startServe(['--chain', `app=${first.arn},${second.arn},${third.arn}`], {
    ...baseEnv(),
    PATH: process.env['PATH'] ?? '',
    TMPDIR: home,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_STS: stsUrl,
    AWS_ACCESS_KEY_ID: alice.accessKeyId,
    AWS_SECRET_ACCESS_KEY: alice.secretAccessKey,
  });
}, 120_000);
afterAll(async () => {
  await stopAll();
  await closeSts();
});
afterEach(() => {
  expect(serving.stderr()).toBe('');
});

/**
 * A client's environment: the chain's URL and the token file, as EKS Pod Identity gives them. Debian 12's
 * botocore (1.29) and AWS CLI (2.9) predate AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE and read the token from
 * AWS_CONTAINER_AUTHORIZATION_TOKEN only, so it is given both ways, as a wrapper script would.
 */
function clientEnv(token = readFileSync(serving.ready.tokenFile, 'utf8')): Record<string, string> {
  return {
    ...baseEnv(),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: serving.ready.chains['app'] ?? '',
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: serving.ready.tokenFile,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
  };
}

const botoScript = `
import json, sys, boto3
session = boto3.Session()
identity = session.client('sts', endpoint_url=sys.argv[1]).get_caller_identity()
print(json.dumps({'arn': identity['Arn'], 'method': session.get_credentials().method}))
`;

function assumeRoleCalls(): number {
  return sts.calls.filter((call) => call.action === 'AssumeRole').length;
}

describe('rolechain serve with non-JS clients', () => {
  test("boto3's container provider signs as the chain's last role", async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', botoScript, stsUrl], { env: clientEnv() });
    const { arn, method } = JSON.parse(stdout) as { arn: string; method: string };
    expect(method).toBe('container-role');
    expect(arn).toMatch(thirdSession);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', caller: { arn } });
  });

  test('aws sts get-caller-identity shows the assumed role of the last hop', async () => {
    const { stdout } = await run(
      '/usr/bin/aws',
      ['sts', 'get-caller-identity', '--endpoint-url', stsUrl, '--output', 'json'],
      { env: clientEnv() },
    );
    const { Arn } = JSON.parse(stdout) as { Arn: string };
    expect(Arn).toMatch(thirdSession);
  });

  test('every client of every language shares one cache: 3 AssumeRole calls for the 3-hop chain', async () => {
    await Promise.all([
      ...Array.from({ length: 3 }, () =>
        run('/usr/bin/python3', ['-c', botoScript, stsUrl], { env: clientEnv() }),
      ),
      run('/usr/bin/aws', ['sts', 'get-caller-identity', '--endpoint-url', stsUrl], { env: clientEnv() }),
    ]);
    // Assumed once when serve started, before the tests; never again for any client.
    expect(assumeRoleCalls()).toBe(3);
  });

  test('a wrong token: boto3 gets no credentials and STS sees no call', async () => {
    const calls = sts.calls.length;
    const wrong = { ...clientEnv('not-the-token-0123456789'), AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '' };
    const failed = await run('/usr/bin/python3', ['-c', botoScript, stsUrl], { env: wrong }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/NoCredentialsError|CredentialRetrievalError|403/);
    expect(sts.calls).toHaveLength(calls);
  });
});
