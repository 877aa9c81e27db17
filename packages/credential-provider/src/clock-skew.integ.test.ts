import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { fromRoleChain } from './from-role-chain';

const MIN = 60_000;
const T0 = Date.parse('2026-11-28T08:00:00.000Z');
/** This host's clock runs 20 minutes behind STS: outside the 15-minute SigV4 window. */
const SKEW = 20 * MIN;
const { sts } = useStsMock({ now: () => new Date(Date.now() + SKEW) });
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterAll(() => {
  vi.useRealTimers();
});

describe('a host clock behind STS', () => {
  it('with an injected clock that matches STS, keeps the credentials for their whole life', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }],
      now: () => Date.now() + SKEW,
      refreshWindows: { jitter: false },
    });
    const first = await credentials();
    vi.setSystemTime(first.expiration.getTime() - SKEW - 16 * MIN);
    expect(await credentials()).toBe(first);
    expect(sts.calls.filter((call) => call.action === 'AssumeRole' && call.status === 200)).toHaveLength(1);
  });

  it('refreshes by the server clock the SDK learned, not by the late local one', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }],
      refreshWindows: { jitter: false },
    });
    const first = await credentials();
    // The SDK corrected its clock after a "Signature expired" answer and retried.
    expect(sts.calls.some((call) => call.errorCode === 'SignatureDoesNotMatch')).toBe(true);
    // Expiration is server time; locally these credentials die 20 minutes earlier than it says.
    vi.setSystemTime(first.expiration.getTime() - SKEW - MIN);
    const next = await credentials();
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
  });
});
