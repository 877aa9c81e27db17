import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { http, passthrough } from 'msw';
import { beforeEach, describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

// The mock's own clock, moved by hand: the SDK keeps signing with the real one, so a test moves it less than
// SigV4's 15 minutes. Each test starts it at the real time again (reset() has refilled the buckets).
let time = Date.now();
function advance(ms: number): void {
  time += ms;
}
beforeEach(() => {
  time = Date.now();
});

const { sts, server } = useStsMock({ now: () => new Date(time), throttle: { ratePerSecond: 2, burst: 3 } });

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const bob = sts.createUser({ accountId: '333333333333', userName: 'bob' });
const role = sts.createRole({ accountId: '222222222222', roleName: 'app', trustedPrincipals: [alice.arn] });

/** One attempt per send, so the SDK's retries neither hide a Throttling answer nor wait on real timers. */
function client(credentials: AwsCredentialIdentity, region = 'eu-west-1'): STSClient {
  return new STSClient({ region, credentials, maxAttempts: 1 });
}

const whoami = (sts: STSClient) => sts.send(new GetCallerIdentityCommand({}));

/** Sends `count` GetCallerIdentity calls one after the other; all must pass. */
async function spend(sts: STSClient, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await whoami(sts);
}

/** The outcome of one more call: `'ok'` or the STS error code. */
async function outcome(sts: STSClient): Promise<string> {
  return whoami(sts).then(
    () => 'ok',
    (error: unknown) => (error as Error).name,
  );
}

describe('a token bucket per account and region', () => {
  test('burst calls pass, the next gets Throttling "Rate exceeded" (400), recorded with its caller', async () => {
    const alices = client(alice.credentials);
    await alices.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'one' }));
    await spend(alices, 2);
    const error = await failure(whoami(alices));
    expect([error.name, error.message, error.$metadata.httpStatusCode, error.$fault]).toEqual([
      'Throttling',
      'Rate exceeded',
      400,
      'client',
    ]);
    expect(sts.calls.map((call) => [call.action, call.status, call.errorCode, call.caller?.arn])).toEqual([
      ['AssumeRole', 200, undefined, alice.arn],
      ['GetCallerIdentity', 200, undefined, alice.arn],
      ['GetCallerIdentity', 200, undefined, alice.arn],
      ['GetCallerIdentity', 400, 'Throttling', alice.arn],
    ]);
  });

  test('the bucket refills at exactly the rate on the mock clock: at 2/s, one call per 500 ms', async () => {
    const alices = client(alice.credentials);
    await spend(alices, 3);
    advance(499);
    expect(await outcome(alices)).toBe('Throttling');
    advance(1);
    expect([await outcome(alices), await outcome(alices)]).toEqual(['ok', 'Throttling']);
    advance(1000);
    expect([await outcome(alices), await outcome(alices), await outcome(alices)]).toEqual([
      'ok',
      'ok',
      'Throttling',
    ]);
  });

  test('a throttled call takes no token: the first call after 500 ms passes however many were refused', async () => {
    const alices = client(alice.credentials);
    await spend(alices, 3);
    for (let index = 0; index < 5; index += 1) expect(await outcome(alices)).toBe('Throttling');
    advance(500);
    expect(await outcome(alices)).toBe('ok');
  });

  test('it holds at most burst tokens, however long the bucket stays unused', async () => {
    const alices = client(alice.credentials);
    advance(600_000);
    await spend(alices, 3);
    expect(await outcome(alices)).toBe('Throttling');
  });

  test('each account has its own bucket, and a role session counts against the role’s account', async () => {
    const alices = client(alice.credentials);
    const assumed = await alices.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'two' }));
    await spend(alices, 2);
    expect(await outcome(alices)).toBe('Throttling');
    await spend(client(bob.credentials), 3);
    const { AccessKeyId, SecretAccessKey, SessionToken } = assumed.Credentials!;
    const session = client({
      accessKeyId: AccessKeyId!,
      secretAccessKey: SecretAccessKey!,
      sessionToken: SessionToken!,
    });
    await spend(session, 3);
    expect([await outcome(session), await outcome(client(bob.credentials))]).toEqual([
      'Throttling',
      'Throttling',
    ]);
  });

  test('each region has its own bucket', async () => {
    await spend(client(alice.credentials, 'eu-west-1'), 3);
    expect(await outcome(client(alice.credentials, 'eu-west-1'))).toBe('Throttling');
    await spend(client(alice.credentials, 'us-east-1'), 3);
    expect(await outcome(client(alice.credentials, 'us-east-1'))).toBe('Throttling');
  });

  test('a call refused before authentication takes no token', async () => {
    const forged = client({ ...alice.credentials, secretAccessKey: 'x'.repeat(40) });
    for (let index = 0; index < 5; index += 1) expect(await outcome(forged)).toBe('SignatureDoesNotMatch');
    await spend(client(alice.credentials), 3);
    expect(await outcome(client(alice.credentials))).toBe('Throttling');
  });

  test('reset() refills every bucket', async () => {
    await spend(client(alice.credentials), 3);
    expect(await outcome(client(alice.credentials))).toBe('Throttling');
    sts.reset();
    await spend(client(alice.credentials), 3);
  });
});

describe('listen()', () => {
  test('serves the same buckets over real HTTP', async () => {
    const listening = await sts.listen({ host: '127.0.0.1' });
    try {
      server.use(
        http.all(
          ({ request }) => new URL(request.url).origin === listening.url,
          () => passthrough(),
        ),
      );
      await spend(client(alice.credentials), 2);
      const overHttp = new STSClient({
        region: 'eu-west-1',
        endpoint: listening.url,
        credentials: alice.credentials,
        maxAttempts: 1,
      });
      expect([await outcome(overHttp), await outcome(overHttp)]).toEqual(['ok', 'Throttling']);
    } finally {
      await listening.close();
    }
  });
});

describe('injected faults come first', () => {
  test('an injected fault answers instead of the throttle, and takes no token', async () => {
    const alices = client(alice.credentials);
    sts.inject({ error: 'InternalFailure', times: 2 });
    expect([await outcome(alices), await outcome(alices)]).toEqual(['InternalFailure', 'InternalFailure']);
    await spend(alices, 3);
    sts.inject({ error: 'ServiceUnavailable', times: 1 });
    expect([await outcome(alices), await outcome(alices)]).toEqual(['ServiceUnavailable', 'Throttling']);
  });
});

describe('AssumeRoleWithWebIdentity, sent unsigned', () => {
  const issuer = 'https://token.actions.githubusercontent.com';
  const github = sts.createOidcProvider({
    accountId: '222222222222',
    issuer,
    audiences: ['sts.amazonaws.com'],
  });
  const ci = sts.createRole({ accountId: '222222222222', roleName: 'ci', trustedPrincipals: [github.arn] });
  const anonymous = new STSClient({
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: () => Promise.reject(new Error('AssumeRoleWithWebIdentity must not need credentials')),
  });
  const token = (): string =>
    sts.mintWebIdentityToken({
      issuer,
      subject: 'repo:acme/app:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
    });
  const assume = (webIdentityToken = token(), roleArn = ci.arn): Promise<string> =>
    anonymous
      .send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: 'gha',
          WebIdentityToken: webIdentityToken,
        }),
      )
      .then(
        () => 'ok',
        (error: unknown) => (error as Error).name,
      );

  test('counts against the account of the role it names', async () => {
    expect([await assume(), await assume(), await assume(), await assume()]).toEqual([
      'ok',
      'ok',
      'ok',
      'Throttling',
    ]);
    await spend(client(alice.credentials), 3);
  });

  test('the token is one of the action’s checks: a forged one spends a token, an unknown role none', async () => {
    const forged = `${token().slice(0, -4)}AAAA`;
    const unknownRole = 'arn:aws:iam::222222222222:role/nobody';
    expect([
      await assume(forged),
      await assume(undefined, unknownRole),
      await assume(undefined, unknownRole),
    ]).toEqual(['InvalidIdentityTokenException', 'AccessDenied', 'AccessDenied']);
    expect([await assume(), await assume(), await assume()]).toEqual(['ok', 'ok', 'Throttling']);
  });
});
