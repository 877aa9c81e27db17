import type { RoleChainHopStatus } from '@rolechain/credential-provider';
import { describe, expect, test } from 'vitest';
import { chainHealth, healthReport } from './serve-health';

const at = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-01T11:00:00.000Z');

function hop(hop: number, extra: Partial<RoleChainHopStatus> = {}): RoleChainHopStatus {
  return {
    hop,
    roleArn: `arn:aws:iam::22222222222${String(hop)}:role/r${String(hop)}`,
    state: 'fresh',
    receivedAt: at,
    refreshFrom: later,
    waitFrom: later,
    expiration: later,
    refreshing: false,
    failures: 0,
    ...extra,
  };
}

const failure = new Error('hop 2 of 2 (arn:aws:iam::222222222222:role/r2): Throttling: Rate exceeded');
failure.name = 'RoleChainError';

describe('chainHealth', () => {
  test.each<[string, RoleChainHopStatus[], string]>([
    ['fresh hops', [hop(1), hop(2)], 'ok'],
    [
      'hops that expired because nobody asked',
      [hop(1, { state: 'expired' }), hop(2, { state: 'empty' })],
      'ok',
    ],
    [
      'a failed refresh while the cache still serves',
      [hop(1), hop(2, { state: 'advisory', failures: 2 })],
      'degraded',
    ],
    ['a mandatory hop that failed', [hop(1), hop(2, { state: 'mandatory', failures: 1 })], 'degraded'],
    [
      'a failed hop holding nothing valid',
      [hop(1), hop(2, { state: 'expired', failures: 1 })],
      'unavailable',
    ],
    ['a first fetch that failed', [hop(1, { state: 'empty', failures: 1 })], 'unavailable'],
    [
      'a hop before the last that failed and expired while the last still serves',
      [hop(1, { state: 'expired', failures: 3 }), hop(2, { state: 'advisory' })],
      'degraded',
    ],
    [
      'a failed first hop under a last hop that expired',
      [hop(1, { state: 'expired', failures: 1 }), hop(2, { state: 'expired' })],
      'unavailable',
    ],
  ])('%s: %s', (_, hops, health) => {
    expect(chainHealth(hops)).toBe(health);
  });
});

describe('healthReport', () => {
  test('200 with every chain and its hops, as JSON, while each chain can serve', () => {
    const report = healthReport(
      new Map([
        ['web', { status: () => [hop(1)] }],
        [
          'batch',
          {
            status: () => [
              hop(1, {
                state: 'advisory',
                failures: 1,
                lastError: failure,
                lastErrorAt: at,
                retryAt: later,
                refreshing: true,
              }),
            ],
          },
        ],
      ]),
    );
    expect(report.status).toBe(200);
    expect(JSON.parse(JSON.stringify(report.body))).toEqual({
      status: 'degraded',
      chains: {
        web: {
          status: 'ok',
          hops: [
            {
              hop: 1,
              roleArn: 'arn:aws:iam::222222222221:role/r1',
              state: 'fresh',
              expiration: '2026-03-01T11:00:00.000Z',
              refreshFrom: '2026-03-01T11:00:00.000Z',
              refreshing: false,
              failures: 0,
            },
          ],
        },
        batch: {
          status: 'degraded',
          hops: [
            {
              hop: 1,
              roleArn: 'arn:aws:iam::222222222221:role/r1',
              state: 'advisory',
              expiration: '2026-03-01T11:00:00.000Z',
              refreshFrom: '2026-03-01T11:00:00.000Z',
              refreshing: true,
              failures: 1,
              lastError: `RoleChainError: ${failure.message}`,
              lastErrorAt: '2026-03-01T10:00:00.000Z',
              retryAt: '2026-03-01T11:00:00.000Z',
            },
          ],
        },
      },
    });
  });

  test('503 when a chain cannot serve; a chain named like a prototype key is a name like any other', () => {
    const report = healthReport(
      new Map([
        ['__proto__', { status: () => [hop(1)] }],
        ['web', { status: () => [hop(1, { state: 'empty', failures: 1, lastError: failure })] }],
      ]),
    );
    expect(report.status).toBe(503);
    const body = JSON.parse(JSON.stringify(report.body)) as { status: string; chains: object };
    expect(body.status).toBe('unavailable');
    expect(Object.keys(body.chains)).toEqual(['__proto__', 'web']);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
