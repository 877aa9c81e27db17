// Figure 4: a simulated day with 1 h sessions over 3 hops, on a fake clock.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { figureMain } from '../figure-io';
import { anchorRow, oursRow } from '../model';
import type { Row } from '../model';
import { loadRoleChain } from '../ours';
import { hour, second, simulate } from '../simulate';
import type { SimulationResult } from '../simulate';
import { summarize } from '../stats';
import { sdkCachedNestedCredentials } from '../world';
import type { World } from '../world';

const durationMs = 24 * hour;
const sessionMs = hour;
const hops = 3;
const everyMs = 30 * second;
const callers = 4;
const repeats = 3;
const minimum = hops * Math.ceil(durationMs / sessionMs);
const caseName = '24 h, 1 h sessions, 3 hops';

async function runs(provider: (world: World, now: () => number) => AwsCredentialIdentityProvider) {
  const results: SimulationResult[] = [];
  for (let run = 0; run < repeats; run++) {
    results.push(await simulate({ durationMs, everyMs, callers, provider, resolutionMs: 5 * second }));
  }
  return results;
}

await figureMain(
  {
    id: 4,
    slug: 'figure-4-simulated-day',
    title: 'A simulated day: callers blocked on STS and AssumeRole calls',
    method:
      `A fake clock runs 24 simulated hours; every ${everyMs / second} s, ${callers} callers ask the provider ` +
      'for credentials at once. Sessions last 1 h (DurationSeconds 3600), 3 hops, @rolechain/sts-mock on the ' +
      'same clock, which moves in 5 s steps with real I/O drained after each. A call is blocked when an AssumeRole call happened while it waited; the first fetch is not ' +
      `counted. The minimum the goal refers to: ${hops} hops × ${durationMs / sessionMs} one-hour sessions = ` +
      `${minimum}, i.e. every hop kept valid around the clock; a chain that refreshes a parent hop only when ` +
      'the next hop needs it can go below that. ' +
      `${repeats} simulated days per subject (rolechain jitters its refresh times). Anchor: the SDK client cache ` +
      "(`memoizeIdentityProvider` with the SDK's 5-minute expiry window) over nested `fromTemporaryCredentials`.",
  },
  async () => {
    const roleChain = await loadRoleChain();
    const sdk = await runs(sdkCachedNestedCredentials);
    const anchorSubject = 'nested fromTemporaryCredentials, SDK cache';
    const blockedAnchor = anchorRow({
      case: caseName,
      metric: 'callers blocked on STS',
      subject: anchorSubject,
      unit: 'calls',
      summary: summarize(sdk.map((result) => result.blocked)),
    });
    const callsAnchor = anchorRow({
      case: caseName,
      metric: 'AssumeRole calls',
      subject: anchorSubject,
      unit: 'calls',
      summary: summarize(sdk.map((result) => result.assumeRoleCalls)),
    });
    const rows: Row[] = [blockedAnchor];
    const notes = [
      `Caller calls per simulated day: ${sdk[0]?.calls ?? 0} after the first fetch. Failed calls: SDK ${sdk.map((result) => result.failed).join(', ')}.`,
    ];
    if (typeof roleChain === 'string') {
      rows.push(callsAnchor);
    } else {
      const ours = await runs((world, now) => roleChain(world, { durationSeconds: 3600, now }));
      rows.push(
        oursRow(
          {
            case: caseName,
            metric: 'callers blocked on STS',
            subject: 'fromRoleChain',
            unit: 'calls',
            summary: summarize(ours.map((result) => result.blocked)),
          },
          blockedAnchor,
          { text: '0', met: (median) => median === 0 && ours.every((result) => result.blocked === 0) },
        ),
        callsAnchor,
        oursRow(
          {
            case: caseName,
            metric: 'AssumeRole calls',
            subject: 'fromRoleChain',
            unit: 'calls',
            summary: summarize(ours.map((result) => result.assumeRoleCalls)),
          },
          callsAnchor,
          {
            text: `≤ ${Math.floor(minimum * 1.1)} (minimum ${minimum} + 10%)`,
            met: (median) => median <= minimum * 1.1,
          },
        ),
      );
      notes.push(`Failed calls: rolechain ${ours.map((result) => result.failed).join(', ')}.`);
    }
    return { rows, notes, ...(typeof roleChain === 'string' ? { missing: `our half: ${roleChain}` } : {}) };
  },
);
