import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainError } from './errors';
import { fromRoleChain } from './from-role-chain';
import type { RoleChainHop, RoleChainOptions } from './options';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';
import { listBucketsStandIn } from './test-support/list-buckets-stand-in';

const MIN = 60_000;
const T0 = Date.parse('2026-11-28T08:00:00.000Z');
/** One clock for the mock, the provider and the SDK's signer: the faked system time. */
const now = (): number => Date.now();
function advanceTo(at: number): void {
  vi.setSystemTime(at);
}

const { sts } = useStsMock({
  now: () => new Date(now()),
  handlers: (mock) => [listBucketsStandIn(mock)],
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({
  accountId: '222222222222',
  roleName: 'a',
  trustedPrincipals: [alice.arn],
  maxSessionDuration: 7200,
});
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });
const c = sts.createRole({ accountId: '444444444444', roleName: 'c', trustedPrincipals: [b.arn] });
const locked = sts.createRole({
  accountId: '555555555555',
  roleName: 'locked',
  trustedPrincipals: [alice.arn],
});

failOnUnhandledRejections();
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterAll(() => {
  vi.useRealTimers();
});
beforeEach(() => {
  records.length = 0;
});

const records: { level: string; record: Record<string, unknown> }[] = [];
const logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [
    level,
    (record: Record<string, unknown>) => records.push({ level, record }),
  ]),
) as unknown as Record<'debug' | 'info' | 'warn' | 'error', (record: unknown) => void>;

function assumed(): unknown[] {
  return sts.calls
    .filter((call) => call.action === 'AssumeRole' && call.status === 200)
    .map((call) => call.params['RoleArn']);
}

function chain(
  roles: RoleChainHop[] = [{ roleArn: a.arn }, { roleArn: b.arn }, { roleArn: c.arn }],
  extra: Pick<RoleChainOptions, 'startupBudgetMs' | 'backoff'> = {},
) {
  return fromRoleChain({
    source: alice.credentials,
    region: 'eu-west-1',
    roles,
    now,
    logger,
    refreshWindows: { jitter: false },
    stsClientConfig: { maxAttempts: 1 },
    ...extra,
  });
}

describe('refresh windows (1 h sessions: advisory 15 min, mandatory 1 min)', () => {
  it('serves the cached credentials up to the advisory window, without any STS call', async () => {
    const credentials = chain();
    const first = await credentials();
    advanceTo(first.expiration.getTime() - 15 * MIN - 1);
    expect(await credentials()).toBe(first);
    expect(assumed()).toHaveLength(3);
  });

  it('from the advisory window answers at once with the cached credentials and refreshes once in the background', async () => {
    const credentials = chain();
    const first = await credentials();
    advanceTo(first.expiration.getTime() - 15 * MIN);
    sts.inject({ action: 'AssumeRole', delayMs: 100 });
    const during = await Promise.all(Array.from({ length: 100 }, () => credentials()));
    expect(during.every((value) => value === first)).toBe(true);
    expect(assumed()).toHaveLength(3); // the refresh is still on the wire
    // Every hop is in its advisory window: each refreshes once, in the background.
    await vi.waitFor(() => {
      expect(assumed()).toHaveLength(6);
    });
    await vi.waitFor(async () => {
      expect((await credentials()).accessKeyId).not.toBe(first.accessKeyId);
    });
    expect(assumed().slice(3).sort()).toEqual([a.arn, b.arn, c.arn]);
  });

  it('just before the mandatory window still answers at once', async () => {
    const credentials = chain();
    const first = await credentials();
    advanceTo(first.expiration.getTime() - MIN - 1);
    sts.inject({ action: 'AssumeRole', delayMs: 100 });
    expect(await credentials()).toBe(first);
    await vi.waitFor(() => {
      expect(assumed()).toHaveLength(6);
    });
  });

  it('from the mandatory window makes callers wait for new credentials', async () => {
    const credentials = chain();
    const first = await credentials();
    advanceTo(first.expiration.getTime() - MIN);
    const next = await credentials();
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
    expect(assumed()).toHaveLength(6);
  });

  it('after expiry makes callers wait for new credentials', async () => {
    const credentials = chain();
    const first = await credentials();
    advanceTo(first.expiration.getTime() + 1);
    const next = await credentials();
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
    expect(assumed()).toHaveLength(6);
    // STS states expirations in whole seconds.
    expect(Math.floor(next.expiration.getTime() / 1000)).toBe(Math.floor((now() + 60 * MIN) / 1000));
  });

  it('refreshes only what needs it: a 2 h first hop outlives two refreshes of the 1 h hops', async () => {
    const credentials = chain([
      { roleArn: a.arn, durationSeconds: 7200 },
      { roleArn: b.arn },
      { roleArn: c.arn },
    ]);
    const first = await credentials();
    advanceTo(first.expiration.getTime() - 30_000);
    const second = await credentials();
    expect(assumed()).toEqual([a.arn, b.arn, c.arn, b.arn, c.arn]);
    advanceTo(second.expiration.getTime() - 30_000);
    await credentials();
    expect(assumed().slice(5)).toEqual([a.arn, b.arn, c.arn]);
  });
});

describe('hops before the last', () => {
  it('leave a hop nobody needs yet to the next refresh of the hop after it', async () => {
    const start = now();
    const credentials = chain();
    await credentials();
    advanceTo(start + 10 * MIN);
    credentials.invalidate(2);
    const cached = await credentials();
    expect(assumed()).toEqual([a.arn, b.arn, c.arn, b.arn, c.arn]);
    advanceTo(start + 50 * MIN); // a is in its advisory window; b and c are fresh until 55 min
    expect(await credentials()).toBe(cached);
    expect(credentials.status().map((hop) => hop.state)).toEqual(['advisory', 'fresh', 'fresh']);
    advanceTo(start + 55 * MIN);
    expect(await credentials()).toBe(cached);
    await vi.waitFor(() => {
      expect(assumed().slice(5).sort()).toEqual([a.arn, b.arn, c.arn]);
    });
  });

  it('retry a refresh that failed while the hops after them refreshed, once its backoff ends', async () => {
    const start = now();
    // A first backoff drawn from [0, 10 min): vi.waitFor moves the faked clock while it polls.
    const credentials = chain(undefined, { backoff: { baseMs: 10 * MIN } });
    const first = await credentials();
    // Throttle hop a's first refresh only.
    sts.inject({ action: 'AssumeRole', roleArn: a.arn, error: 'Throttling', times: 1 });
    advanceTo(start + 45 * MIN); // every hop is in its advisory window
    expect(await credentials()).toBe(first);
    await vi.waitFor(() => {
      expect(credentials.status().map(({ state, failures }) => [state, failures])).toEqual([
        ['advisory', 1],
        ['fresh', 0],
        ['fresh', 0],
      ]);
    });
    expect(assumed().slice(3).sort()).toEqual([b.arn, c.arn]);
    const retryAt = credentials.status()[0]?.retryAt?.getTime() ?? 0;
    expect(retryAt).toBeGreaterThan(now());
    advanceTo(retryAt - 1);
    const cached = await credentials();
    for (let i = 0; i < 5; i++) expect(await credentials()).toBe(cached);
    expect(assumed()).toHaveLength(5); // backing off: a is not tried again yet

    advanceTo(retryAt);
    expect(await credentials()).toBe(cached);
    await vi.waitFor(() => {
      expect(credentials.status().map(({ state, failures }) => [state, failures])).toEqual([
        ['fresh', 0],
        ['fresh', 0],
        ['fresh', 0],
      ]);
    });
    expect(assumed().slice(5)).toEqual([a.arn]);
    expect(
      sts.calls.filter((call) => call.errorCode === 'Throttling').map((call) => call.params['RoleArn']),
    ).toEqual([a.arn]);
  });
});

describe('static stability', () => {
  it('rides out an STS outage inside the advisory window with zero failed calls', async () => {
    const start = now();
    const credentials = chain();
    const s3 = Array.from(
      { length: 5 },
      () => new S3Client({ region: 'eu-west-1', credentials, maxAttempts: 1 }),
    );
    const send = () =>
      Promise.allSettled(
        s3.flatMap((client) => Array.from({ length: 10 }, () => client.send(new ListBucketsCommand({})))),
      );
    const first = await credentials();
    advanceTo(start + 46 * MIN);
    sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
    for (const at of [46, 50, 55, 59.2, 59.5, 59.9]) {
      advanceTo(start + at * MIN);
      const results = await send();
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(await credentials()).toBe(first);
    }
    expect(sts.calls.filter((call) => call.errorCode === 'ServiceUnavailable').length).toBeGreaterThan(0);
    expect(
      records.some(({ level, record }) => level === 'warn' && record['code'] === 'ServiceUnavailable'),
    ).toBe(true);

    sts.reset();
    advanceTo(start + 59.95 * MIN);
    const after = await credentials();
    expect(after.accessKeyId).not.toBe(first.accessKeyId);
  });

  it('fails with a retryable error naming the hop once the outage outlasts the credentials and the startup budget', async () => {
    const start = now();
    const credentials = chain(undefined, { startupBudgetMs: 1 });
    await credentials();
    sts.inject({ action: 'AssumeRole', error: 'InternalFailure' });
    advanceTo(start + 60 * MIN + 1);
    const error = await credentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({ code: 'InternalFailure', retryable: true });
    expect((error as RoleChainError).message).toMatch(
      /^hop \d of 3 \(arn:aws:iam::\d{12}:role\/[abc]\): InternalFailure: /,
    );
  });

  it('absorbs a throttling burst: keeps serving, backs off, and refreshes well before expiry', async () => {
    const start = now();
    const credentials = chain();
    const first = await credentials();
    advanceTo(start + 45 * MIN);
    sts.inject({ action: 'AssumeRole', error: 'Throttling', times: 3 });
    expect(await credentials()).toBe(first);
    // Every hop is in its advisory window: each tries once in the background and is throttled.
    await vi.waitFor(() => {
      expect(sts.calls.filter((call) => call.errorCode === 'Throttling')).toHaveLength(3);
    });
    await vi.waitFor(() => {
      expect(records.filter(({ level }) => level === 'warn')).toHaveLength(3);
    });
    expect(await credentials()).toBe(first); // backing off: no new attempt yet
    expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(6);

    advanceTo(start + 45 * MIN + 15_000);
    expect(await credentials()).toBe(first);
    // Past every hop's backoff, that one request refreshes each hop once, in the background. Chained
    // AssumeRoles through msw in real time can take over waitFor's default second on a loaded CI machine.
    await vi.waitFor(
      () => {
        expect(assumed()).toHaveLength(6);
      },
      { timeout: 15_000 },
    );
    expect(assumed().slice(3).sort()).toEqual([a.arn, b.arn, c.arn]);
    await vi.waitFor(
      async () => {
        expect((await credentials()).accessKeyId).not.toBe(first.accessKeyId);
      },
      { timeout: 15_000 },
    );
    expect(
      records.filter(({ level, record }) => level === 'warn' && record['code'] === 'Throttling'),
    ).toHaveLength(3);
  }, 35_000);
});

describe('failures', () => {
  it('fails fast on AccessDenied, naming the hop, and does not hammer STS', async () => {
    const credentials = chain([{ roleArn: a.arn }, { roleArn: b.arn }, { roleArn: locked.arn }]);
    const error = await credentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainError);
    const chainError = error as RoleChainError;
    expect(chainError.message).toMatch(
      /^hop 3 of 3 \(arn:aws:iam::555555555555:role\/locked\): AccessDenied: User: arn:aws:sts::333333333333:assumed-role\/b\/rolechain-[0-9a-f]{8} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::555555555555:role\/locked$/,
    );
    const denied = sts.calls.find((call) => call.errorCode === 'AccessDenied');
    expect(chainError).toMatchObject({
      hop: 3,
      hops: 3,
      roleArn: locked.arn,
      code: 'AccessDenied',
      retryable: false,
    });
    expect(chainError.requestId).toBe(denied?.requestId);
    expect(await credentials().catch((caught: unknown) => caught)).toBe(error);
    expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(3);
  });

  it('bounds a hanging STS call by timeoutMs, as a transient TimeoutError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      sts.inject({ action: 'AssumeRole', delayMs: 300, times: 1 });
      const credentials = fromRoleChain({
        source: alice.credentials,
        region: 'eu-west-1',
        roles: [{ roleArn: a.arn }],
        now,
        timeoutMs: 50,
        startupBudgetMs: 1,
      });
      let settled = false;
      const pending = credentials()
        .catch((caught: unknown) => caught)
        .finally(() => {
          settled = true;
        });
      await vi.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false);
      // The timeout, then at most the one millisecond of startup budget.
      await vi.advanceTimersByTimeAsync(2);
      const error = await pending;
      expect(error).toBeInstanceOf(RoleChainError);
      expect(error).toMatchObject({ hop: 1, code: 'TimeoutError', retryable: true });
      expect((error as Error).message).toContain('STS did not answer within 50 ms');
      // Let the abandoned answer land here rather than in the next test.
      await vi.waitFor(() => {
        expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(1);
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('explains a duration above the role maximum', async () => {
    const credentials = chain([
      { roleArn: b.arn.replace('333333333333:role/b', '222222222222:role/a'), durationSeconds: 10800 },
    ]);
    const error = await credentials().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ hop: 1, hops: 1, code: 'ValidationError' });
    expect((error as Error).message).toContain(
      "hint: durationSeconds is larger than the role's MaxSessionDuration",
    );
  });
});

describe('rejected parent credentials', () => {
  it('re-assumes the parent once when STS says its session expired, then retries the hop', async () => {
    const stopped = now(); // a host whose clock stopped believes hop 1 is still fresh
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
      now: () => stopped,
      stsClientConfig: { maxAttempts: 1 },
    });
    const first = await credentials();
    advanceTo(now() + 2 * 60 * MIN);
    credentials.invalidate(2);
    const next = await credentials();
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
    expect(
      sts.calls
        .filter((call) => call.action === 'AssumeRole')
        .map((call) => [call.params['RoleArn'], call.errorCode]),
    ).toEqual([
      [a.arn, undefined],
      [b.arn, undefined],
      [b.arn, 'ExpiredToken'],
      [a.arn, undefined],
      [b.arn, undefined],
    ]);
  });
});

describe('rejected parent credentials, as some services say it', () => {
  it('takes ExpiredTokenException for a rejection too: renews the parent once and retries the hop', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
      stsClientConfig: { maxAttempts: 1 },
    });
    await credentials();
    credentials.invalidate(2);
    sts.inject({ action: 'AssumeRole', error: 'ExpiredTokenException', status: 400, times: 1 });
    await credentials();
    expect(
      sts.calls
        .filter((call) => call.action === 'AssumeRole')
        .map((call) => [call.params['RoleArn'], call.errorCode]),
    ).toEqual([
      [a.arn, undefined],
      [b.arn, undefined],
      [b.arn, 'ExpiredTokenException'],
      [a.arn, undefined],
      [b.arn, undefined],
    ]);
  });
});

describe('invalidate', () => {
  it('drops every hop, or only the hops from the one given', async () => {
    const credentials = chain();
    const first = await credentials();
    credentials.invalidate(3);
    const second = await credentials();
    expect(second).not.toBe(first);
    expect(assumed()).toEqual([a.arn, b.arn, c.arn, c.arn]);
    credentials.invalidate();
    await credentials();
    expect(assumed().slice(4)).toEqual([a.arn, b.arn, c.arn]);
    expect(() => {
      credentials.invalidate(4);
    }).toThrow(/invalidate\(fromHop\): must be a hop number from 1 to 3, got 4/);
  });
});
