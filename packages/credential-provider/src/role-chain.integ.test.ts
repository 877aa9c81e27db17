import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { fromRoleChain } from './from-role-chain';
import { getAssumedIdentity } from './identity';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';
import { listBucketsStandIn } from './test-support/list-buckets-stand-in';

const T0 = Date.parse('2026-11-28T08:00:00.000Z');
/** One clock for the mock, the provider and the SDK's signer: the faked system time. */
const now = (): number => Date.now();
const signedBy: string[] = [];
const { sts } = useStsMock({
  now: () => new Date(now()),
  handlers: (mock) => [
    listBucketsStandIn(mock, (result) => {
      if (result.ok) signedBy.push(result.identity.arn);
    }),
  ],
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });
const c = sts.createRole({ accountId: '444444444444', roleName: 'c', trustedPrincipals: [b.arn] });

failOnUnhandledRejections();
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterAll(() => {
  vi.useRealTimers();
});
beforeEach(() => {
  signedBy.length = 0;
});

function assumeRoleCalls() {
  return sts.calls.filter((call) => call.action === 'AssumeRole');
}

function chain() {
  return fromRoleChain({
    source: alice.credentials,
    region: 'eu-west-1',
    roles: [{ roleArn: a.arn }, { roleArn: b.arn }, { roleArn: c.arn }],
    now,
  });
}

describe('fromRoleChain over the real SDK and the STS mock', () => {
  it('assumes the roles in order, each with the previous hop, and signs as the last one', async () => {
    const credentials = chain();
    const stsClient = new STSClient({ region: 'eu-west-1', credentials });
    const me = await stsClient.send(new GetCallerIdentityCommand({}));

    const calls = assumeRoleCalls();
    expect(calls.map((call) => call.params['RoleArn'])).toEqual([a.arn, b.arn, c.arn]);
    expect(calls[0]?.caller?.arn).toBe(alice.arn);
    expect(calls[1]?.caller?.arn).toMatch(
      /^arn:aws:sts::222222222222:assumed-role\/a\/rolechain-[0-9a-f]{8}$/,
    );
    expect(calls[2]?.caller?.arn).toMatch(
      /^arn:aws:sts::333333333333:assumed-role\/b\/rolechain-[0-9a-f]{8}$/,
    );
    expect(me.Arn).toMatch(/^arn:aws:sts::444444444444:assumed-role\/c\/rolechain-[0-9a-f]{8}$/);
    expect(new Set(calls.map((call) => call.params['RoleSessionName'])).size).toBe(1);

    const identity = getAssumedIdentity(await credentials());
    expect(identity).toMatchObject({
      arn: me.Arn,
      accountId: '444444444444',
      roleArn: c.arn,
      chain: [{ roleArn: a.arn }, { roleArn: b.arn }, { roleArn: c.arn, arn: me.Arn }],
      source: { accessKeyId: `${alice.accessKeyId.slice(0, 4)}…${alice.accessKeyId.slice(-4)}` },
    });
    await vi.waitFor(() => {
      expect(identity?.source.arn).toBe(alice.arn);
    });
    expect(identity?.source.accountId).toBe('111111111111');
    expect(
      sts.calls.filter((call) => call.action === 'GetCallerIdentity' && call.caller?.arn === alice.arn),
    ).toHaveLength(1);
  });

  it('learns the base identity only when asked, without ever blocking or failing the chain', async () => {
    // A refusal the SDK does not retry, so the first lookup is exactly one call.
    sts.inject({ action: 'GetCallerIdentity', error: 'AccessDenied', status: 403, times: 1 });
    const credentials = chain();
    const first = await credentials();
    // The first credentials cost one call per hop and nothing else: nobody has asked who the source is.
    expect(sts.calls.map((call) => call.action)).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRole']);
    expect(getAssumedIdentity(first)?.source.arn).toBeUndefined(); // asking starts the one lookup…
    await vi.waitFor(() => {
      expect(sts.calls.filter((call) => call.action === 'GetCallerIdentity')).toHaveLength(1);
    });
    expect(getAssumedIdentity(first)?.source.arn).toBeUndefined(); // … which failed; asking again retries
    await vi.waitFor(() => {
      expect(getAssumedIdentity(first)?.source.arn).toBe(alice.arn);
    });
    credentials.invalidate();
    const second = await credentials();
    expect(getAssumedIdentity(second)?.source.arn).toBe(alice.arn); // learnt once per source key
    expect(sts.calls.filter((call) => call.action === 'GetCallerIdentity')).toHaveLength(2);
  });

  it('makes one AssumeRole per hop for 10 clients × 50 concurrent sends', async () => {
    const credentials = chain();
    const clients = Array.from({ length: 10 }, () => new S3Client({ region: 'eu-west-1', credentials }));
    const results = await Promise.allSettled(
      clients.flatMap((s3) => Array.from({ length: 50 }, () => s3.send(new ListBucketsCommand({})))),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(assumeRoleCalls()).toHaveLength(3);
    expect(signedBy).toHaveLength(500);
    expect(new Set(signedBy).size).toBe(1);
    expect(signedBy[0]).toMatch(/assumed-role\/c\//);
  }, 30_000); // 500 requests through msw take seconds with static keys too
});
