// Figure 5: an STS outage inside the refresh window, then throttling bursts, on a fake clock.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { figureMain } from '../figure-io';
import { anchorRow, oursRow } from '../model';
import type { Row } from '../model';
import { loadRoleChain } from '../ours';
import { hour, minute, second, simulate } from '../simulate';
import type { SimulationResult } from '../simulate';
import { summarize } from '../stats';
import { sdkCachedNestedCredentials } from '../world';
import type { World } from '../world';

const durationMs = 4 * hour;
const everyMs = 10 * second;
const callers = 4;
const outageMs = 10 * minute;
const bursts = 2;
const burstLength = 5;
const burstGapMs = 30 * minute;
const repeats = 3;
const caseName = '10 min outage, then 2 throttling bursts';

/** The fault plan, triggered by each subject's own refresh so that both meet the same faults. */
function faultPlan() {
  let phase: 'first-fetch' | 'armed' | 'outage' | 'bursts' = 'first-fetch';
  let outageEnds = 0;
  let nextBurst = 0;
  let burstsLeft = bursts;
  return {
    onStsRequest(world: World, now: number): void {
      if (phase === 'armed') {
        // The first STS call after the first fetch is the subject's first refresh: the outage starts there.
        phase = 'outage';
        outageEnds = now + outageMs;
        world.sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
      } else if (phase === 'bursts' && burstsLeft > 0 && now >= nextBurst) {
        burstsLeft--;
        nextBurst = now + burstGapMs;
        world.sts.inject({ action: 'AssumeRole', error: 'Throttling', times: burstLength });
      }
    },
    onSecond(world: World, now: number): void {
      if (phase === 'first-fetch' && world.assumeRoleCalls() >= 3) phase = 'armed';
      if (phase === 'outage' && now >= outageEnds) {
        world.clearFaults();
        phase = 'bursts';
        nextBurst = now + burstGapMs;
      }
    },
  };
}

async function runs(provider: (world: World, now: () => number) => AwsCredentialIdentityProvider) {
  const results: SimulationResult[] = [];
  for (let run = 0; run < repeats; run++) {
    const plan = faultPlan();
    results.push(
      await simulate({
        durationMs,
        everyMs,
        callers,
        provider,
        onStsRequest: (world, now) => {
          plan.onStsRequest(world, now);
        },
        onSecond: (world, now) => {
          plan.onSecond(world, now);
        },
      }),
    );
  }
  return results;
}

await figureMain(
  {
    id: 5,
    slug: 'figure-5-outage',
    title: 'STS outage in the refresh window, then throttling bursts: failed caller requests',
    method:
      `A fake clock runs ${durationMs / hour} simulated hours with 1 h sessions over 3 hops; every ` +
      `${everyMs / second} s, ${callers} callers ask for credentials. The outage starts at the subject's first ` +
      `refresh attempt (its first STS call after the first fetch, so inside its own refresh window) and lasts ` +
      `${outageMs / minute} simulated minutes: @rolechain/sts-mock answers every AssumeRole with ` +
      `ServiceUnavailable (503). Afterwards, ${bursts} throttling bursts (${burstLength} consecutive Throttling ` +
      `answers each, at least ${burstGapMs / minute} min apart) start at the next refresh attempts. A failure ` +
      `"while valid" is a caller error while the credentials last handed out had not expired. ${repeats} runs ` +
      'per subject. Anchor: the SDK client cache (`memoizeIdentityProvider`) over nested `fromTemporaryCredentials`.',
  },
  async () => {
    const roleChain = await loadRoleChain();
    const sdk = await runs(sdkCachedNestedCredentials);
    const subject = 'nested fromTemporaryCredentials, SDK cache';
    const row = (
      results: SimulationResult[],
      metric: string,
      pick: (result: SimulationResult) => number,
      name: string,
    ) => ({ case: caseName, metric, subject: name, unit: 'calls', summary: summarize(results.map(pick)) });
    const whileValid = anchorRow(
      row(sdk, 'failed while cached credentials valid', (result) => result.failedWhileValid, subject),
    );
    const failed = anchorRow(row(sdk, 'failed caller requests (all)', (result) => result.failed, subject));
    const calls = anchorRow(row(sdk, 'AssumeRole calls', (result) => result.assumeRoleCalls, subject));
    const rows: Row[] = [whileValid];
    const faulted = (results: SimulationResult[]) =>
      results.map((result) => result.failedAssumeRoleCalls).join(', ');
    const notes = [
      `Caller calls per run: ${sdk[0]?.calls ?? 0}. AssumeRole calls answered with an injected fault, per run: ` +
        `SDK ${faulted(sdk)}.`,
    ];
    if (typeof roleChain === 'string') {
      rows.push(failed, calls);
    } else {
      const ours = await runs((world, now) => roleChain(world, { durationSeconds: 3600, now }));
      notes.push(`AssumeRole calls answered with an injected fault, per run: rolechain ${faulted(ours)}.`);
      rows.push(
        oursRow(
          row(ours, whileValid.metric, (result) => result.failedWhileValid, 'fromRoleChain'),
          whileValid,
          {
            text: '0',
            met: (median) => median === 0 && ours.every((result) => result.failedWhileValid === 0),
          },
        ),
        failed,
        oursRow(
          row(ours, failed.metric, (result) => result.failed, 'fromRoleChain'),
          failed,
        ),
        calls,
        oursRow(
          row(ours, calls.metric, (result) => result.assumeRoleCalls, 'fromRoleChain'),
          calls,
        ),
      );
    }
    return { rows, notes, ...(typeof roleChain === 'string' ? { missing: `our half: ${roleChain}` } : {}) };
  },
);
