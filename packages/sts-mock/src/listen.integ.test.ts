import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests, StsMockInputError } from '@rolechain/sts-mock';
import type { ListeningServer } from '@rolechain/sts-mock';
import { rawHttp, rawHttpInChild } from './test-support/raw-http';

const run = promisify(execFile);
const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
const sts = createStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const role = sts.createRole({ accountId: '222222222222', roleName: 'ci', trustedPrincipals: [alice.arn] });

// msw stays on to prove nothing but the loopback server is reached: any other request fails the test.
const server = setupServer();
let listening: ListeningServer;
beforeAll(async () => {
  listening = await sts.listen({ host: '127.0.0.1' });
  const mockOrigin = listening.url;
  server.use(
    http.all(
      ({ request }) => new URL(request.url).origin === mockOrigin,
      () => passthrough(),
    ),
  );
  server.listen(failOnUnhandledRequests);
});
afterAll(async () => {
  server.close();
  await listening.close();
});

describe('listen(): the same STS over real HTTP on loopback', () => {
  test('the real STS client assumes a role and reads its identity through endpoint: url', async () => {
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new STSClient({
      region: 'us-east-1',
      endpoint: listening.url,
      credentials: alice.credentials,
    });
    const assumed = await client.send(
      new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'over-http' }),
    );
    const credentials = assumed.Credentials!;
    const identity = await new STSClient({
      region: 'us-east-1',
      endpoint: listening.url,
      credentials: {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      },
    }).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/ci/over-http');
    expect(identity.$metadata.requestId).toBe(sts.calls.at(-1)!.requestId);
  });

  test('the same checks apply: a wrong secret is SignatureDoesNotMatch', async () => {
    const client = new STSClient({
      region: 'us-east-1',
      endpoint: listening.url,
      maxAttempts: 1,
      credentials: {
        accessKeyId: alice.accessKeyId,
        secretAccessKey: 'not-the-secret-at-all-000000000000000000',
      },
    });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  test('an injected network error resets the connection, which the SDK retries', async () => {
    sts.inject({ action: 'GetCallerIdentity', networkError: true, times: 1 });
    const client = new STSClient({
      region: 'us-east-1',
      endpoint: listening.url,
      credentials: alice.credentials,
    });
    const identity = await client.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(alice.arn);
    expect(identity.$metadata.attempts).toBe(2);
  });

  test('a child process reaches it through AWS_ENDPOINT_URL_STS, with credentials from its environment', async () => {
    const script = [
      "import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';",
      "const out = await new STSClient({ region: 'eu-west-1' }).send(new GetCallerIdentityCommand({}));",
      'process.stdout.write(out.Arn);',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: workspaceRoot,
      env: {
        PATH: process.env['PATH'],
        AWS_ENDPOINT_URL_STS: listening.url,
        AWS_ACCESS_KEY_ID: alice.accessKeyId,
        AWS_SECRET_ACCESS_KEY: alice.secretAccessKey,
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      },
    });
    expect(stdout).toBe(alice.arn);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', caller: { arn: alice.arn } });
  });

  test('a non-loopback host is refused before binding', async () => {
    await expect(sts.listen({ host: '0.0.0.0' })).rejects.toThrow(StsMockInputError);
    await expect(sts.listen({ host: '0.0.0.0' })).rejects.toMatchObject({ field: 'host' });
  });
});

describe('listen() serves tests, not browsers or rebound DNS names', () => {
  const unsigned = 'Action=GetCallerIdentity&Version=2011-06-15';
  const hostOf = (): string => new URL(listening.url).host;
  const portOf = (): string => new URL(listening.url).port;

  function expectStsError(
    response: { status: number; headers: ReadonlyMap<string, string>; body: string },
    status: number,
    code: string,
  ) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).toMatch(
      new RegExp(
        `^<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\\n  <Error>\\n    <Type>Sender</Type>\\n    <Code>${code}</Code>`,
      ),
    );
  }

  test('a request from a web page (another Origin) is refused with an STS AccessDenied, 403', async () => {
    const origins = [
      'http://evil.example',
      'null',
      'https://127.0.0.1:' + portOf(),
      'http://127.0.0.1:1',
      'http://localhost',
    ];
    for (const origin of origins) {
      const response = await rawHttp(
        listening.url,
        { headers: { host: hostOf(), origin, 'content-type': 'application/x-www-form-urlencoded' } },
        unsigned,
      );
      expectStsError(response, 403, 'AccessDenied');
      expect(response.body).toContain(`Origin &apos;${origin}&apos;`);
    }
  });

  test('a Host other than the address it listens on (DNS rebinding) is refused with AccessDenied, 403', async () => {
    for (const host of [
      `evil.example:${portOf()}`,
      'evil.example',
      '127.0.0.1:1',
      `127.0.0.2:${portOf()}`,
      `sts.amazonaws.com`,
    ]) {
      const response = await rawHttp(listening.url, { headers: { host } }, unsigned);
      expectStsError(response, 403, 'AccessDenied');
    }
  });

  test('an absolute-form request target must name the address it listens on too, not another host', async () => {
    for (const path of [
      'http://evil.example/',
      'http://sts.cn-north-1.amazonaws.com.cn/',
      `http://127.0.0.2:${portOf()}/`,
    ]) {
      const response = await rawHttpInChild(listening.url, { path, headers: { host: hostOf() } }, unsigned);
      expectStsError(response, 403, 'AccessDenied');
      expect(response.body).toContain(`request target&apos;s host &apos;${new URL(path).host}&apos;`);
    }
    for (const path of ['*', 'ftp://127.0.0.1/', `http://user:pw@${hostOf()}/`]) {
      const response = await rawHttpInChild(listening.url, { path, headers: { host: hostOf() } }, unsigned);
      expectStsError(response, 400, 'InvalidParameterValue');
    }
    const ours = await rawHttpInChild(
      listening.url,
      { path: `http://${hostOf()}/?x=1`, headers: { host: hostOf() } },
      'Action=Nope&Version=2011-06-15',
    );
    expectStsError(ours, 400, 'InvalidAction');
  });

  test('a malformed or missing Host is an STS-shaped 400, not a 500 in plain text', async () => {
    for (const host of ['a b', '[::1', 'x:99999', '', 'a/b', 'user@127.0.0.1']) {
      const response = await rawHttp(listening.url, { headers: host === '' ? {} : { host } }, unsigned);
      expectStsError(response, 400, 'InvalidParameterValue');
    }
  });

  test('its own origin, its address and localhost at its port are answered by STS', async () => {
    for (const headers of [
      { host: hostOf(), origin: listening.url },
      { host: `localhost:${portOf()}`, origin: `http://localhost:${portOf()}` },
      { host: hostOf() },
    ]) {
      const response = await rawHttp(listening.url, { headers }, 'Action=Nope&Version=2011-06-15');
      expectStsError(response, 400, 'InvalidAction');
    }
  });

  test('a body over 1 MiB is refused with an STS-shaped 413 without being read to the end', async () => {
    const big = `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'x'.repeat(1024 * 1024)}`;
    expectStsError(
      await rawHttp(listening.url, { headers: { host: hostOf() } }, big),
      413,
      'RequestEntityTooLarge',
    );
    const declared = await rawHttp(
      listening.url,
      { headers: { host: hostOf(), 'content-length': String(2 ** 40) } },
      unsigned,
    );
    expectStsError(declared, 413, 'RequestEntityTooLarge');
  });
});
