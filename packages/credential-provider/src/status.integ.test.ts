// provider.status() over a real 2-hop chain: what each hop's cache holds as the clock moves through the
// refresh windows, while a background refresh runs, after it fails, and after the next success.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainError } from './errors';
import { fromRoleChain } from './from-role-chain';
import type { RoleChainProvider } from './role-chain';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const MINUTE = 60_000;
/** One clock for the mock, the provider and the SDK's signer: the faked system time. */
const { sts } = useStsMock({ now: () => new Date(Date.now()) });
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

// One provider for the whole file: the tests follow its life in order. Sessions last 1 h; without jitter
// the advisory window is the last 15 min and the mandatory window the last minute. It is made once the
// clock is faked, as it reads the time through Date.now.
let provider: RoleChainProvider;

failOnUnhandledRejections();
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  provider = fromRoleChain({
    source: alice.credentials,
    roles: [{ roleArn: first.arn }, { roleArn: second.arn }],
    region: 'eu-west-1',
    refreshWindows: { jitter: false },
    stsClientConfig: { maxAttempts: 1 },
    // A caller with nothing cached fails after a millisecond of retrying, not a minute.
    startupBudgetMs: 1,
  });
});
afterAll(() => {
  vi.useRealTimers();
});

/**
 * Yields to the event loop until the background refresh a call started is over: it waits for I/O through
 * msw, not for time (the faked clock stays where the test put it; vi.waitUntil would move it).
 */
async function settled(): Promise<void> {
  while (provider.status().some((hop) => hop.refreshing)) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('provider.status()', () => {
  it('before the first call, every hop is empty and STS was not asked', () => {
    expect(provider.status()).toEqual([
      { hop: 1, roleArn: first.arn, state: 'empty', refreshing: false, failures: 0 },
      { hop: 2, roleArn: second.arn, state: 'empty', refreshing: false, failures: 0 },
    ]);
    expect(sts.calls).toEqual([]);
  });

  it('after the first call, each hop reports when its session arrived, enters each window and expires', async () => {
    await provider();
    const windows = {
      state: 'fresh',
      receivedAt: new Date(T0),
      refreshFrom: new Date(T0 + 45 * MINUTE),
      waitFrom: new Date(T0 + 59 * MINUTE),
      expiration: new Date(T0 + 60 * MINUTE),
      refreshing: false,
      failures: 0,
    };
    expect(provider.status()).toEqual([
      { hop: 1, roleArn: first.arn, ...windows },
      { hop: 2, roleArn: second.arn, ...windows },
    ]);
  });

  it('follows the clock, and shows a background refresh while it runs', async () => {
    vi.setSystemTime(T0 + 59.5 * MINUTE);
    expect(provider.status().map((hop) => hop.state)).toEqual(['mandatory', 'mandatory']);
    vi.setSystemTime(T0 + 61 * MINUTE);
    expect(provider.status().map((hop) => hop.state)).toEqual(['expired', 'expired']);

    vi.setSystemTime(T0 + 50 * MINUTE);
    expect(provider.status().map((hop) => hop.state)).toEqual(['advisory', 'advisory']);
    await provider(); // served from the cache; starts the refresh
    expect(provider.status()[1]).toMatchObject({ state: 'advisory', refreshing: true });
    await settled();
    expect(provider.status()).toMatchObject([
      { state: 'fresh', receivedAt: new Date(T0 + 50 * MINUTE), failures: 0 },
      { state: 'fresh', receivedAt: new Date(T0 + 50 * MINUTE), failures: 0 },
    ]);
  });

  it('counts failed refreshes with their typed error and backoff, and clears them on the next success', async () => {
    sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
    const failedAt = T0 + 100 * MINUTE; // in the advisory window of the sessions received at +50 min
    vi.setSystemTime(failedAt);
    await provider();
    await settled();
    const [, last] = provider.status();
    expect(last).toMatchObject({ state: 'advisory', failures: 1, lastErrorAt: new Date(failedAt) });
    expect(last?.lastError).toBeInstanceOf(RoleChainError);
    expect(last?.lastError).toMatchObject({ code: 'ServiceUnavailable', hop: 2, retryable: true });
    expect(last?.retryAt?.getTime()).toBeGreaterThan(failedAt);

    sts.reset(); // STS is back
    // Each hop backs off on its own (with jitter): wait out the later one, so both try again.
    vi.setSystemTime(Math.max(...provider.status().map((hop) => hop.retryAt?.getTime() ?? failedAt)));
    await provider();
    await settled();
    const recovered = provider.status();
    expect(recovered.map((hop) => hop.failures)).toEqual([0, 0]);
    expect(recovered.map((hop) => hop.state)).toEqual(['fresh', 'fresh']);
    for (const hop of recovered) {
      expect(hop.lastError).toBeUndefined();
      expect(hop.retryAt).toBeUndefined();
    }
  });

  it('shows no secret, in JSON or inspected, even with an error to report', async () => {
    const credentials = await provider();
    sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
    provider.invalidate(2);
    await expect(provider()).rejects.toThrow(RoleChainError);
    const shown = `${JSON.stringify(provider.status())}\n${inspect(provider.status(), { depth: 10 })}`;
    expect(shown).toContain('ServiceUnavailable');
    for (const secret of [
      alice.credentials.secretAccessKey,
      credentials.secretAccessKey,
      credentials.sessionToken,
    ])
      expect(shown).not.toContain(secret);
  });

  it('invalidate() empties the hops it drops, and forgets their failures', () => {
    expect(provider.status()[1]).toMatchObject({ state: 'empty', failures: 1 });
    provider.invalidate(2);
    expect(provider.status()).toMatchObject([
      { state: 'fresh', failures: 0 },
      { state: 'empty', failures: 0 },
    ]);
  });
});
