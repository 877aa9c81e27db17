import { useStsMock } from '@rolechain/sts-mock/vitest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromRoleChain } from './from-role-chain';
import type { RoleChainProvider } from './role-chain';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

// A fleet in one account behind its STS quota: 30 processes start together, each with its own provider, and
// keep asking for credentials every 10 s. Their background refreshes must spread over the refresh window
// instead of arriving together an hour later.
const { sts } = useStsMock({
  now: () => new Date(Date.now()),
  throttle: { ratePerSecond: 1, burst: 90 },
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '111111111111', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '111111111111', roleName: 'b', trustedPrincipals: [a.arn] });
const c = sts.createRole({ accountId: '111111111111', roleName: 'c', trustedPrincipals: [b.arn] });

const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const MIN = 60_000;

failOnUnhandledRejections();
beforeAll(() => {
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  // A seeded generator for every random draw, so the spread asserted is the same on every run.
  let seed = 20_261_128;
  vi.spyOn(Math, 'random').mockImplementation(() => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Lets the background refreshes the last round started reach STS and come back. */
async function settled(providers: readonly RoleChainProvider[]): Promise<void> {
  while (providers.some((provider) => provider.status().some((hop) => hop.refreshing))) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a fleet started together', () => {
  it('spreads its background refreshes over half the advisory window, never throttled', async () => {
    const fleet = Array.from({ length: 30 }, () =>
      fromRoleChain({
        source: alice.credentials,
        region: 'eu-west-1',
        roles: [a, b, c].map(({ arn }) => ({ roleArn: arn })),
      }),
    );
    await Promise.all(fleet.map((provider) => provider()));
    expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(90);

    // Nothing is due before the advisory window (45 min in); from then on, every process asks every 10 s.
    for (let at = T0 + 44 * MIN; at < T0 + 53 * MIN; at += 10_000) {
      vi.setSystemTime(at);
      await Promise.all(fleet.map((provider) => provider()));
      await settled(fleet);
    }

    const refreshes = sts.calls
      .filter((call) => call.action === 'AssumeRole' && call.at.getTime() > T0)
      .filter((call) => call.params['RoleArn'] === c.arn)
      .map((call) => call.at.getTime());
    // Every process refreshed its last hop once, in the background (a parent refreshes when that hop needs it).
    expect(refreshes).toHaveLength(30);
    expect(sts.calls.filter((call) => call.errorCode === 'Throttling')).toHaveLength(0);
    // 1 h sessions: the advisory window is the last 15 min, and refreshes are drawn over its first half.
    expect(Math.min(...refreshes)).toBeGreaterThanOrEqual(T0 + 45 * MIN);
    expect(Math.max(...refreshes)).toBeLessThanOrEqual(T0 + 52.5 * MIN + 10_000);
    // Spread, not bunched: 30 uniform draws over 7.5 min span more than 5 of them but once in ~10,000 runs
    // (the seed fixes the draws, not which hop of which process takes each one, as STS answers interleave).
    expect(Math.max(...refreshes) - Math.min(...refreshes)).toBeGreaterThan(5 * MIN);
    // No minute carries half the fleet (30 refreshes over 7.5 min average 4 a minute; 15 or more in one minute
    // happens about once in 80,000 runs of uniform draws, and every time for a fleet refreshing in step).
    const perMinute = new Map<number, number>();
    for (const time of refreshes) {
      const minute = Math.floor((time - T0) / MIN);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(14);
  }, 30_000);
});
