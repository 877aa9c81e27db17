import { ASSUMED_IDENTITY, RoleChainError } from '@rolechain/credential-provider';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, test } from 'vitest';
import { advisoryWindowMs, createCredentialHealth } from './credential-health';
import { createJsonLogger } from './json-logger';

const minute = 60_000;
const T0 = Date.parse('2026-11-28T09:00:00Z');

/** Credentials as the provider hands them out: a two-hop chain, each hop living `lifetime` from `issued`. */
function chained(accessKeyId: string, issued: number, lifetime = 60 * minute): AwsCredentialIdentity {
  const expiration = new Date(issued + lifetime);
  return {
    accessKeyId,
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration,
    [ASSUMED_IDENTITY]: {
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/s',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      sessionName: 's',
      chain: [
        {
          roleArn: 'arn:aws:iam::222222222222:role/a',
          arn: 'arn:aws:sts::222222222222:assumed-role/a/s',
          expiration,
        },
        {
          roleArn: 'arn:aws:iam::333333333333:role/reader',
          arn: 'arn:aws:sts::333333333333:assumed-role/reader/s',
          expiration,
        },
      ],
      source: { accessKeyId: 'AKIA…ABCD' },
    },
  } as AwsCredentialIdentity;
}

test.each([
  [10, 5],
  [20, 5],
  [60, 15],
  [89, 15],
  [90, 45],
  [180, 60],
  [720, 60],
  [8, 4],
])('the advisory window of a %i-minute credential is %i minutes', (lifetime, window) => {
  expect(advisoryWindowMs(lifetime * minute)).toBe(window * minute);
});

describe('check', () => {
  test('fresh credentials: ok, expiry of the earliest hop, refresh due an advisory window before it', async () => {
    const health = createCredentialHealth(() => T0);
    expect(await health.check(() => Promise.resolve(chained('ASIA1', T0)))).toEqual({
      status: 'ok',
      credentials: {
        fresh: true,
        expiresAt: '2026-11-28T10:00:00.000Z',
        nextRefreshAt: '2026-11-28T09:45:00.000Z',
        lastRefreshAt: '2026-11-28T09:00:00.000Z',
        lastError: null,
      },
    });
  });

  test('inside the advisory window the same credentials are no longer fresh', async () => {
    let now = T0;
    const health = createCredentialHealth(() => now);
    const credentials = chained('ASIA1', T0);
    await health.check(() => Promise.resolve(credentials));
    now = T0 + 50 * minute;
    const later = await health.check(() => Promise.resolve(credentials));
    expect(later.credentials).toMatchObject({ fresh: false, lastRefreshAt: '2026-11-28T09:00:00.000Z' });
    expect(later.status).toBe('ok');
  });

  test('a failed background refresh makes it degraded until new credentials arrive', async () => {
    let now = T0;
    const lines: string[] = [];
    const health = createCredentialHealth(() => now);
    const logger = health.providerLogger(createJsonLogger((line) => lines.push(line)));
    await health.check(() => Promise.resolve(chained('ASIA1', T0)));
    now = T0 + 47 * minute;
    logger.warn({
      message: 'rolechain: background refresh failed; serving cached credentials',
      hop: 2,
      hops: 2,
      code: 'Throttling',
    });
    const degraded = await health.check(() => Promise.resolve(chained('ASIA1', T0)));
    expect(degraded.status).toBe('degraded');
    expect(degraded.credentials.lastError).toEqual({
      message: 'rolechain: background refresh failed; serving cached credentials',
      code: 'Throttling',
      hop: 2,
      at: '2026-11-28T09:47:00.000Z',
    });
    expect(lines).toHaveLength(1);
    now = T0 + 48 * minute;
    const recovered = await health.check(() => Promise.resolve(chained('ASIA2', now)));
    expect(recovered.status).toBe('ok');
    expect(recovered.credentials.lastRefreshAt).toBe('2026-11-28T09:48:00.000Z');
  });

  test('other provider warnings pass through without counting as a failure', async () => {
    const lines: string[] = [];
    const health = createCredentialHealth(() => T0);
    health
      .providerLogger(createJsonLogger((line) => lines.push(line)))
      .warn({ message: 'rolechain: durationSeconds clamped to 3600' });
    expect((await health.check(() => Promise.resolve(chained('ASIA1', T0)))).status).toBe('ok');
    expect(lines).toEqual(['{"level":"warn","message":"rolechain: durationSeconds clamped to 3600"}']);
  });

  test('no credentials at all: failing, with the chain error that says which hop', async () => {
    const health = createCredentialHealth(() => T0);
    const error = new RoleChainError({
      hop: 2,
      hops: 2,
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      code: 'AccessDenied',
      requestId: undefined,
      retryable: false,
      detail: 'not authorized',
    });
    expect(await health.check(() => Promise.reject(error))).toEqual({
      status: 'failing',
      credentials: {
        fresh: false,
        expiresAt: null,
        nextRefreshAt: null,
        lastRefreshAt: null,
        lastError: { message: error.message, code: 'AccessDenied', hop: 2, at: '2026-11-28T09:00:00.000Z' },
      },
    });
  });
});
