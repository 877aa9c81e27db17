import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoleChainError } from './errors';
import { fromRoleChain } from './from-role-chain';
import { getAssumedIdentity } from './identity';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

// An account's STS quota, as the mock models it: 2 calls a second, 3 at once after a quiet spell. The whole
// chain lives in one account, so every hop spends the same bucket, as a fleet in one account does.
const { sts } = useStsMock({
  now: () => new Date(Date.now()),
  throttle: { ratePerSecond: 2, burst: 3 },
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '111111111111', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '111111111111', roleName: 'b', trustedPrincipals: [a.arn] });
const c = sts.createRole({ accountId: '111111111111', roleName: 'c', trustedPrincipals: [b.arn] });
const region = 'eu-west-1';

failOnUnhandledRejections();
beforeEach(() => {
  vi.useFakeTimers({
    now: Date.parse('2026-11-28T08:00:00.000Z'),
    toFake: ['Date', 'setTimeout', 'clearTimeout'],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Takes every token of the account's bucket, as the rest of a fleet deploying at once would. */
async function emptyBucket(): Promise<void> {
  const other = new STSClient({ region, credentials: alice.credentials, maxAttempts: 1 });
  for (;;) {
    const answered = await other.send(new GetCallerIdentityCommand({})).then(
      () => true,
      () => false,
    );
    if (!answered) return;
  }
}

/** Moves fake time in 50 ms steps until `promise` settles (or `limitMs` passes); returns what and when. */
async function settle<T>(promise: Promise<T>, limitMs: number) {
  const started = Date.now();
  let outcome: { value?: T; error?: unknown; waitedMs?: number } = {};
  void promise.then(
    (value) => (outcome = { value, waitedMs: Date.now() - started }),
    (error: unknown) => (outcome = { error, waitedMs: Date.now() - started }),
  );
  for (let waited = 0; waited <= limitMs && outcome.waitedMs === undefined; waited += 50) {
    await vi.advanceTimersByTimeAsync(50);
  }
  return outcome;
}

const throttledCalls = () => sts.calls.filter((call) => call.errorCode === 'Throttling').length;

describe('the startup budget, against a throttling STS', () => {
  it('serves a cold start against an empty bucket within the budget, through the throttling', async () => {
    await emptyBucket();
    const before = throttledCalls();
    const credentials = fromRoleChain({
      source: alice.credentials,
      region,
      roles: [a, b, c].map(({ arn }) => ({ roleArn: arn })),
    });

    const outcome = await settle(credentials(), 60_000);

    expect(outcome.error).toBeUndefined();
    expect(getAssumedIdentity(outcome.value)?.roleArn).toBe(c.arn);
    expect(outcome.waitedMs).toBeLessThan(60_000); // the default budget
    expect(throttledCalls()).toBeGreaterThan(before); // it was throttled, and waited it out
    expect(sts.calls.filter((call) => call.action === 'AssumeRole' && call.status === 200)).toHaveLength(3);
  });

  it('fails a caller only once its budget is spent, with the typed error naming the hop', async () => {
    sts.inject({ action: 'AssumeRole', error: 'Throttling' }); // STS never lets this account through
    const credentials = fromRoleChain({
      source: alice.credentials,
      region,
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
      stsClientConfig: { maxAttempts: 1 }, // no SDK retries inside an attempt: the budget alone decides
      startupBudgetMs: 5000,
    });

    const outcome = await settle(credentials(), 10_000);

    expect(outcome.error).toBeInstanceOf(RoleChainError);
    expect(outcome.error).toMatchObject({
      hop: 1,
      hops: 2,
      roleArn: a.arn,
      code: 'Throttling',
      retryable: true,
    });
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(5000);
    expect(outcome.waitedMs).toBeLessThan(5100);
    expect(credentials.status()[0]).toMatchObject({ state: 'empty', lastError: outcome.error });
  });

  it('asks less often the longer it waits: at most max(1 s, a tenth of the wait) between attempts', async () => {
    sts.inject({ action: 'AssumeRole', error: 'Throttling' }); // STS never lets this account through
    const start = Date.now();
    const credentials = fromRoleChain({
      source: alice.credentials,
      region,
      roles: [{ roleArn: a.arn }],
      stsClientConfig: { maxAttempts: 1 },
      startupBudgetMs: 120_000,
    });

    const outcome = await settle(credentials(), 130_000);

    expect(outcome.error).toMatchObject({ hop: 1, code: 'Throttling' });
    const attempts = sts.calls
      .filter((call) => call.action === 'AssumeRole')
      .map((call) => call.at.getTime());
    for (let i = 1; i < attempts.length; i += 1) {
      const waited = attempts[i - 1]! - start;
      // The ceiling, plus the 50 ms the test moves the clock by.
      expect(attempts[i]! - attempts[i - 1]!).toBeLessThanOrEqual(Math.max(1000, waited / 10) + 50);
    }
    // About 20 attempts in the first 10 s, then ever sparser: some 70 in two minutes, not the 240 of a
    // ceiling that stayed at 1 s.
    expect(attempts.length).toBeGreaterThan(30);
    expect(attempts.length).toBeLessThan(120);
    const lastMinute = attempts.filter((at) => at >= start + 60_000).length;
    expect(lastMinute).toBeLessThan(45);
  });

  it('shares one STS call per hop among every caller waiting at once', async () => {
    await emptyBucket();
    const credentials = fromRoleChain({ source: alice.credentials, region, roles: [{ roleArn: a.arn }] });

    const outcomes = await settle(Promise.all(Array.from({ length: 10 }, () => credentials())), 60_000);

    expect(new Set(outcomes.value?.map((issued) => issued.accessKeyId)).size).toBe(1);
    expect(sts.calls.filter((call) => call.action === 'AssumeRole' && call.status === 200)).toHaveLength(1);
  });
});
