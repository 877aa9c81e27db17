import type { AssumedIdentity } from '@rolechain/credential-provider';
import { describe, expect, test } from 'vitest';
import { baseWhoamiReport, renderWhoami, whoamiReport } from './whoami';

const identity: AssumedIdentity = {
  arn: 'arn:aws:sts::333333333333:assumed-role/b/s2',
  accountId: '333333333333',
  roleArn: 'arn:aws:iam::333333333333:role/b',
  sessionName: 's2',
  chain: [
    {
      roleArn: 'arn:aws:iam::222222222222:role/a',
      arn: 'arn:aws:sts::222222222222:assumed-role/a/s1',
      expiration: new Date('2026-03-01T11:00:00Z'),
    },
    {
      roleArn: 'arn:aws:iam::333333333333:role/b',
      arn: 'arn:aws:sts::333333333333:assumed-role/b/s2',
      expiration: new Date('2026-03-01T10:30:00Z'),
    },
  ],
  source: {
    arn: 'arn:aws:iam::111111111111:user/alice',
    accountId: '111111111111',
    accessKeyId: 'AKIA…MPLE',
  },
};

describe('whoamiReport', () => {
  test('numbers the hops from 1 and keeps only identities and expiries', () => {
    expect(whoamiReport(identity)).toEqual({
      source: {
        arn: 'arn:aws:iam::111111111111:user/alice',
        accountId: '111111111111',
        accessKeyId: 'AKIA…MPLE',
      },
      chain: [
        {
          hop: 1,
          roleArn: 'arn:aws:iam::222222222222:role/a',
          arn: 'arn:aws:sts::222222222222:assumed-role/a/s1',
          expiration: '2026-03-01T11:00:00.000Z',
        },
        {
          hop: 2,
          roleArn: 'arn:aws:iam::333333333333:role/b',
          arn: 'arn:aws:sts::333333333333:assumed-role/b/s2',
          expiration: '2026-03-01T10:30:00.000Z',
        },
      ],
      arn: 'arn:aws:sts::333333333333:assumed-role/b/s2',
      accountId: '333333333333',
    });
  });
});

describe('renderWhoami', () => {
  test('the base identity first, then each hop with its expiry', () => {
    expect(renderWhoami(whoamiReport(identity)).split('\n')).toEqual([
      'HOP     IDENTITY                                     EXPIRES',
      'source  arn:aws:iam::111111111111:user/alice',
      '1       arn:aws:sts::222222222222:assumed-role/a/s1  2026-03-01T11:00:00.000Z',
      '2       arn:aws:sts::333333333333:assumed-role/b/s2  2026-03-01T10:30:00.000Z',
      '',
    ]);
  });

  test('an unknown base identity shows the masked key id', () => {
    const report = whoamiReport({ ...identity, source: { accessKeyId: 'AKIA…MPLE' } });
    expect(renderWhoami(report)).toContain('source  unknown (key AKIA…MPLE)');
  });
});

describe('baseWhoamiReport', () => {
  test('zero hops: the base identity signs, with no chain', () => {
    const base = {
      arn: 'arn:aws:iam::111111111111:user/alice',
      accountId: '111111111111',
      accessKeyId: 'AKIA…MPLE',
    };
    const report = baseWhoamiReport(base);
    expect(report).toEqual({ source: base, chain: [], arn: base.arn, accountId: '111111111111' });
    expect(renderWhoami(report).trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^HOP\s+IDENTITY\s+EXPIRES$/),
      expect.stringMatching(/^source\s+arn:aws:iam::111111111111:user\/alice$/),
    ]);
  });
});
