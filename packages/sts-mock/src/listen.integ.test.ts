import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests, StsMockInputError } from '@rolechain/sts-mock';
import type { ListeningServer } from '@rolechain/sts-mock';

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

  test('a non-loopback host is refused before binding', async () => {
    await expect(sts.listen({ host: '0.0.0.0' })).rejects.toThrow(StsMockInputError);
    await expect(sts.listen({ host: '0.0.0.0' })).rejects.toMatchObject({ field: 'host' });
  });
});
