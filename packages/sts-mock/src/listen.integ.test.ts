import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests, StsMockInputError } from '@rolechain/sts-mock';
import type { ListeningServer } from '@rolechain/sts-mock';

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
