import { describe, expect, it } from 'vitest';
import type { ClientRound, SidecarRun } from './sidecar-rows';
import { servedClients, sidecarRows } from './sidecar-rows';

const lastRoleSession = 'arn:aws:sts::444444444444:assumed-role/hop-3/';
const ok = (credentialsMs: number): ClientRound => ({
  credentialsMs,
  arn: `${lastRoleSession}rolechain-1a2b`,
});

function run(answers: SidecarRun['answers'], assumeRoleCalls = 3): SidecarRun {
  return { clients: 3, answers, lastRoleSession, hops: 3, assumeRoleCalls };
}

describe('servedClients', () => {
  it('counts a client as served only when every round of it signed as the last role', () => {
    const answers = [
      [ok(1), ok(2), ok(3)],
      [ok(1), { credentialsMs: 2, arn: 'arn:aws:sts::333333333333:assumed-role/hop-2/x' }, undefined],
    ];
    expect(servedClients(run(answers))).toEqual({ served: 1, failed: 2 });
  });

  it('counts every client as failed when no round ran', () => {
    expect(servedClients(run([]))).toEqual({ served: 0, failed: 3 });
  });
});

describe('sidecarRows', () => {
  it('passes with every client served and one AssumeRole call per hop', () => {
    const rows = sidecarRows(
      run([
        [ok(10), ok(20), ok(30)],
        [ok(1), ok(2), ok(3)],
      ]),
    );
    expect(rows).toEqual([
      {
        metric: 'sidecar: client processes served / failed (3 at once, 2 rounds each)',
        value: '3 / 0',
        goal: '0 failed',
        pass: true,
      },
      {
        metric: 'sidecar: AssumeRole calls for its 3-hop chain, from its start to its stop',
        value: '3',
        goal: '= 3 (one per hop)',
        pass: true,
      },
      {
        metric: 'sidecar: time for a client to get its credentials, p50 / p99',
        value: 'round 1: 20 ms / 29.8 ms; round 2: 2 ms / 2.98 ms',
      },
    ]);
  });

  it('fails on a failed client or an AssumeRole call beyond one per hop, and times only served answers', () => {
    const rows = sidecarRows(
      run(
        [[ok(5), { credentialsMs: null, error: 'CredentialsProviderError' }, { error: 'TimeoutError' }]],
        4,
      ),
    );
    expect(rows.map((row) => [row.value, row.pass])).toEqual([
      ['1 / 2', false],
      ['4', false],
      ['round 1: 5 ms / 5 ms', undefined],
    ]);
    expect(sidecarRows(run([[undefined, undefined, undefined]]))[2]?.value).toBe('round 1: none served');
  });
});
