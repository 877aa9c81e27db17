import { ASSUMED_IDENTITY, RoleChainConfigError, RoleChainError } from '@rolechain/credential-provider';
import type {
  RoleChainCredentials,
  RoleChainHopStatus,
  RoleChainProvider,
} from '@rolechain/credential-provider';
import { describe, expect, test } from 'vitest';
import { checkCredentials } from './credential-health';

const minute = 60_000;
const T0 = Date.parse('2026-11-28T09:00:00Z');
const now = () => T0;
const at = (minutes: number) => new Date(T0 + minutes * minute);
const deployer = 'arn:aws:iam::222222222222:role/deployer';
const reader = 'arn:aws:iam::333333333333:role/report-reader';

const credentials: RoleChainCredentials = {
  accessKeyId: 'ASIAEXAMPLEKEY123456',
  secretAccessKey: 'the-secret-access-key',
  sessionToken: 'the-session-token',
  expiration: at(60),
  [ASSUMED_IDENTITY]: {
    arn: 'arn:aws:sts::333333333333:assumed-role/report-reader/s',
    accountId: '333333333333',
    roleArn: reader,
    sessionName: 's',
    chain: [],
    source: { accessKeyId: 'AKIA…ABCD' },
  },
};

/** A hop whose session arrived at `received` (minutes from T0) and lives an hour, as `status()` shows it. */
function hop(index: 1 | 2, received: number, more: Partial<RoleChainHopStatus> = {}): RoleChainHopStatus {
  return {
    hop: index,
    roleArn: index === 1 ? deployer : reader,
    state: 'fresh',
    receivedAt: at(received),
    refreshFrom: at(received + 45),
    waitFrom: at(received + 59),
    expiration: at(received + 60),
    refreshing: false,
    failures: 0,
    ...more,
  };
}

const stsError = (index: 1 | 2, code: string, retryable: boolean) =>
  new RoleChainError({
    hop: index,
    hops: 2,
    roleArn: index === 1 ? deployer : reader,
    code,
    requestId: undefined,
    retryable,
    detail: `${code} from STS`,
  });

interface Fake {
  provider: RoleChainProvider;
  calls: () => number;
}

/** A provider that answers with `answer()` and reports `status()`, read after the call as the cache would. */
function fakeProvider(answer: () => Promise<RoleChainCredentials>, status: () => RoleChainHopStatus[]): Fake {
  let calls = 0;
  const provider = Object.assign(
    () => {
      calls += 1;
      return answer();
    },
    { invalidate: () => undefined, status, memoized: true as const },
  );
  return { provider, calls: () => calls };
}

const serving = (status: RoleChainHopStatus[]) =>
  fakeProvider(
    () => Promise.resolve(credentials),
    () => status,
  ).provider;

describe('checkCredentials', () => {
  test('all hops fresh: ok, the earliest expiry and refresh, the latest session, each hop as ISO times', async () => {
    // Hop 2 arrived later but lives shorter; hop 1 refreshes first: each field picks its own hop.
    const hops = [hop(1, -10), hop(2, -5, { refreshFrom: at(30), waitFrom: at(40), expiration: at(41) })];
    expect(await checkCredentials(serving(hops), now)).toEqual({
      status: 'ok',
      credentials: {
        fresh: true,
        expiresAt: '2026-11-28T09:41:00.000Z',
        nextRefreshAt: '2026-11-28T09:30:00.000Z',
        lastRefreshAt: '2026-11-28T08:55:00.000Z',
        lastError: null,
        hops: [
          {
            hop: 1,
            roleArn: deployer,
            state: 'fresh',
            receivedAt: '2026-11-28T08:50:00.000Z',
            refreshFrom: '2026-11-28T09:35:00.000Z',
            waitFrom: '2026-11-28T09:49:00.000Z',
            expiresAt: '2026-11-28T09:50:00.000Z',
            refreshing: false,
            failures: 0,
            lastError: null,
            retryAt: null,
          },
          {
            hop: 2,
            roleArn: reader,
            state: 'fresh',
            receivedAt: '2026-11-28T08:55:00.000Z',
            refreshFrom: '2026-11-28T09:30:00.000Z',
            waitFrom: '2026-11-28T09:40:00.000Z',
            expiresAt: '2026-11-28T09:41:00.000Z',
            refreshing: false,
            failures: 0,
            lastError: null,
            retryAt: null,
          },
        ],
      },
    });
  });

  test('a hop in its advisory window, refreshing: still ok, no longer fresh, the refresh already due', async () => {
    const health = await checkCredentials(
      serving([hop(1, -50, { state: 'advisory', refreshing: true }), hop(2, -40)]),
      now,
    );
    expect(health.status).toBe('ok');
    expect(health.credentials).toMatchObject({ fresh: false, nextRefreshAt: '2026-11-28T08:55:00.000Z' });
    expect(health.credentials.hops[0]).toMatchObject({ state: 'advisory', refreshing: true });
  });

  test('refreshes failing while cached credentials are served: degraded, with the latest error of any hop', async () => {
    const health = await checkCredentials(
      serving([
        hop(1, -50, {
          state: 'advisory',
          failures: 1,
          lastError: stsError(1, 'Throttling', true),
          lastErrorAt: at(-4),
          retryAt: at(2),
        }),
        hop(2, -50, {
          state: 'advisory',
          failures: 3,
          lastError: stsError(2, 'ServiceUnavailable', true),
          lastErrorAt: at(-1),
          retryAt: at(3),
        }),
      ]),
      now,
    );
    expect(health.status).toBe('degraded');
    expect(health.credentials).toMatchObject({
      fresh: false,
      expiresAt: '2026-11-28T09:10:00.000Z',
      // Backing off: the next attempt is the earliest retry, not the advisory point already passed.
      nextRefreshAt: '2026-11-28T09:02:00.000Z',
      lastError: {
        message: stsError(2, 'ServiceUnavailable', true).message,
        code: 'ServiceUnavailable',
        hop: 2,
        at: '2026-11-28T08:59:00.000Z',
      },
    });
    expect(
      health.credentials.hops.map((entry) => [entry.failures, entry.lastError?.code, entry.retryAt]),
    ).toEqual([
      [1, 'Throttling', '2026-11-28T09:02:00.000Z'],
      [3, 'ServiceUnavailable', '2026-11-28T09:03:00.000Z'],
    ]);
  });

  test('once the last hop has a session newer than a failure, it is ok again; the failure stays listed', async () => {
    // STS came back in time for hop 2; hop 1 is retried only when hop 2 next needs its parent.
    const failed = {
      state: 'advisory',
      failures: 1,
      lastError: stsError(1, 'ServiceUnavailable', true),
      lastErrorAt: at(-3),
    } as const;
    const recovered = await checkCredentials(serving([hop(1, -50, failed), hop(2, -2)]), now);
    expect(recovered.status).toBe('ok');
    expect(recovered.credentials.lastError).toMatchObject({ code: 'ServiceUnavailable', hop: 1 });
    const stillFailing = await checkCredentials(serving([hop(1, -50, failed), hop(2, -4)]), now);
    expect(stillFailing.status).toBe('degraded');
  });

  test('the provider throws: failing, with the error the failing hop recorded and when it happened', async () => {
    const denied = stsError(2, 'AccessDenied', false);
    const { provider } = fakeProvider(
      () => Promise.reject(denied),
      () => [
        hop(1, -1),
        {
          hop: 2,
          roleArn: reader,
          state: 'empty',
          refreshing: false,
          failures: 1,
          lastError: denied,
          lastErrorAt: at(-1),
          retryAt: at(1),
        },
      ],
    );
    expect(await checkCredentials(provider, now)).toMatchObject({
      status: 'failing',
      credentials: {
        fresh: false,
        expiresAt: null,
        nextRefreshAt: '2026-11-28T09:01:00.000Z',
        lastRefreshAt: '2026-11-28T08:59:00.000Z',
        lastError: { message: denied.message, code: 'AccessDenied', hop: 2, at: '2026-11-28T08:59:00.000Z' },
      },
    });
  });

  test('a profile chain whose profiles could not be read has no hops: failing, with what it threw', async () => {
    const problem = new RoleChainConfigError(
      'profile "reports"',
      'has no role_arn: there is no role to assume',
    );
    const { provider } = fakeProvider(
      () => Promise.reject(problem),
      () => [],
    );
    expect(await checkCredentials(provider, now)).toEqual({
      status: 'failing',
      credentials: {
        fresh: false,
        expiresAt: null,
        nextRefreshAt: null,
        lastRefreshAt: null,
        lastError: { message: problem.message, code: null, hop: null, at: '2026-11-28T09:00:00.000Z' },
        hops: [],
      },
    });
  });

  test('a profile chain not fetched yet: the check makes its first call, then reports the hops it read', async () => {
    let fetched = false;
    const fake = fakeProvider(
      () => {
        fetched = true;
        return Promise.resolve(credentials);
      },
      () => (fetched ? [hop(1, 0), hop(2, 0)] : []),
    );
    const health = await checkCredentials(fake.provider, now);
    expect(fake.calls()).toBe(1);
    expect(health).toMatchObject({
      status: 'ok',
      credentials: { fresh: true, lastRefreshAt: '2026-11-28T09:00:00.000Z' },
    });
    expect(health.credentials.hops.map((entry) => entry.roleArn)).toEqual([deployer, reader]);
  });

  test('no secret of the credentials served appears in the answer', async () => {
    const health = await checkCredentials(
      serving([
        hop(1, -50, {
          state: 'advisory',
          failures: 1,
          lastError: stsError(1, 'Throttling', true),
          lastErrorAt: at(-1),
        }),
        hop(2, -50),
      ]),
      now,
    );
    const json = JSON.stringify(health);
    expect(json).toContain('Throttling');
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken, credentials.accessKeyId])
      expect(json).not.toContain(secret);
  });
});
