import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from '@aws-sdk/client-sts';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import { failure } from './test-support/sts-failure';

let offsetMs = 0;
const sts = createStsMock({ now: () => new Date(Date.now() + offsetMs) });
const server = setupServer(...sts.handlers);
beforeAll(() => {
  server.listen(failOnUnhandledRequests);
});
afterAll(() => {
  server.close();
});
afterEach(() => {
  offsetMs = 0;
  sts.reset();
  vi.useRealTimers();
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const role = sts.createRole({ accountId: '222222222222', roleName: 'app', trustedPrincipals: [alice.arn] });

function sessionClient(credentials: Credentials, maxAttempts = 1): STSClient {
  return new STSClient({
    region: 'us-east-1',
    maxAttempts,
    credentials: {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    },
  });
}

async function assume(durationSeconds?: number): Promise<Credentials> {
  const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
  const out = await client.send(
    new AssumeRoleCommand({
      RoleArn: role.arn,
      RoleSessionName: 'auth-test',
      ...(durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds }),
    }),
  );
  return out.Credentials!;
}

describe('credentials over time', () => {
  test('a session works until its Expiration and then gets ExpiredToken', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const credentials = await assume(900);
    expect(credentials.Expiration).toEqual(new Date('2026-03-01T10:15:00Z'));

    vi.setSystemTime(new Date('2026-03-01T10:14:59Z'));
    const identity = await sessionClient(credentials).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/app/auth-test');

    vi.setSystemTime(new Date('2026-03-01T10:15:00Z'));
    const error = await failure(sessionClient(credentials).send(new GetCallerIdentityCommand({})));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      'ExpiredToken',
      'The security token included in the request is expired',
      403,
    ]);
  });

  test('a client clock 20 minutes behind gets "Signature expired" with a Date header, corrects its skew and succeeds', async () => {
    offsetMs = 20 * 60 * 1000;
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials });
    const identity = await client.send(new GetCallerIdentityCommand({}));

    expect(identity.Arn).toBe(alice.arn);
    expect(identity.$metadata.attempts).toBe(2);
    expect(sts.calls.map((call) => [call.status, call.errorCode])).toEqual([
      [403, 'SignatureDoesNotMatch'],
      [200, undefined],
    ]);
    expect(Math.abs(client.config.systemClockOffset - offsetMs)).toBeLessThan(5000);
  });

  test('the first rejection names both times and the 15-minute window', async () => {
    offsetMs = 20 * 60 * 1000;
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
    const error = await failure(client.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
    const serverDate = Date.parse(error.$response!.headers['date']!);
    expect(Math.abs(serverDate - (Date.now() + offsetMs))).toBeLessThan(2000);
  });

  test('a clock 14 minutes off is inside the window and needs no retry', async () => {
    offsetMs = 14 * 60 * 1000;
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: alice.arn });
  });
});

describe('session tokens', () => {
  test('temporary keys without their session token are InvalidClientTokenId', async () => {
    const credentials = await assume();
    const client = new STSClient({
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey! },
    });
    const error = await failure(client.send(new GetCallerIdentityCommand({})));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidClientTokenId', 403]);
  });

  test("another session's token is InvalidClientTokenId", async () => {
    const first = await assume();
    const second = await assume();
    const error = await failure(
      sessionClient({ ...first, SessionToken: second.SessionToken }).send(new GetCallerIdentityCommand({})),
    );
    expect(error.name).toBe('InvalidClientTokenId');
  });

  test('a long-term key sent with a session token is InvalidClientTokenId', async () => {
    const other = await assume();
    const client = new STSClient({
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { ...alice.credentials, sessionToken: other.SessionToken! },
    });
    const error = await failure(client.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
  });
});

describe('signing scope', () => {
  test('a request signed for another region than the endpoint is rejected', async () => {
    const client = new STSClient({
      region: 'eu-west-1',
      endpoint: 'https://sts.us-east-2.amazonaws.com',
      credentials: alice.credentials,
      maxAttempts: 1,
    });
    const error = await failure(client.send(new GetCallerIdentityCommand({})));
    expect([error.name, error.message]).toEqual([
      'SignatureDoesNotMatch',
      'Credential should be scoped to a valid region. ',
    ]);
  });

  test('an unsigned request is MissingAuthenticationToken', async () => {
    const response = await fetch('https://sts.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});
