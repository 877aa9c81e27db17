// Figure 8: a fleet deploy against one account's STS quota, then its first hours, on a simulated clock.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { figureMain } from '../figure-io';
import { hour, second, simulateFleet } from '../fleet';
import type { FleetResult, FleetWorld } from '../fleet';
import { formatNumber } from '../format';
import { anchorRow, oursRow } from '../model';
import type { Row, Series } from '../model';
import { loadRoleChain } from '../ours';
import { quantile, summarize } from '../stats';
import { region } from '../world';

/** The account's STS quota: 600 calls a second, a bucket of 600. */
const rate = 600;
const burst = 600;
const hops = 3;
const durationMs = 3 * hour;
const callEveryMs = 30 * second;
/** rolechain's default `startupBudgetMs`. */
const budgetMs = 60 * second;
const windows = [0, 60 * second];
/**
 * N = 10,000 costs about 35 minutes and 9 GB on two shared cores: at W = 0 every process retries through the
 * throttle until it is served (about 50 simulated seconds), each retry a full SDK → msw → mock round trip. Run
 * it with BENCH_FLEET_SIZES=100,1000,10000.
 */
const sizes = (process.env['BENCH_FLEET_SIZES'] ?? '100,1000')
  .split(',')
  .map(Number)
  .filter((size) => Number.isInteger(size) && size > 0);
const anchorName = 'nested fromTemporaryCredentials, SDK cache';

/** What a service does today: the SDK client cache over nested `fromTemporaryCredentials`, standard retries. */
function sdkProvider(world: FleetWorld): AwsCredentialIdentityProvider {
  let provider: AwsCredentialIdentityProvider = () => Promise.resolve(world.user.credentials);
  for (const role of world.roles) {
    provider = fromTemporaryCredentials({
      params: { RoleArn: role.arn },
      masterCredentials: provider,
      clientConfig: { region },
    });
  }
  const memoized = memoizeIdentityProvider(provider, isIdentityExpired, doesIdentityRequireRefresh);
  if (memoized === undefined) throw new Error('memoizeIdentityProvider returned nothing');
  return memoized;
}

/** Peak STS calls in any one second after the first hour. */
function peakAfterFirstHour(result: FleetResult): number {
  return Math.max(0, ...result.callsPerSecond.slice(hour / second));
}

/** The per-second counts reduced to the peak of every 10 s, for the chart. */
function peaks(result: FleetResult): number[] {
  const out: number[] = [];
  for (let index = 0; index < result.callsPerSecond.length; index += 10) {
    out.push(Math.max(...result.callsPerSecond.slice(index, index + 10)));
  }
  return out;
}

function describeRun(name: string, result: FleetResult): string {
  const sorted = [...result.servedSeconds].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? NaN : quantile(sorted, q));
  return (
    `${name}: served p50 ${formatNumber(at(0.5))} s, p99 ${formatNumber(at(0.99))} s, max ` +
    `${formatNumber(at(1))} s, unserved ${result.unserved}; ${result.assumeRoleCalls} AssumeRole calls, ` +
    `${result.throttledCalls} throttled; ${result.failedCalls} failed caller calls ` +
    `(${result.failedBeforeBudget} before ${budgetMs / second} s); peak after the first hour ` +
    `${peakAfterFirstHour(result)} calls/s; simulated in ${formatNumber(result.wallSeconds)} s, heap ` +
    `${formatNumber(result.heapMb)} MB`
  );
}

await figureMain(
  {
    id: 8,
    slug: 'figure-8-fleet',
    title: 'A fleet deploy against one STS quota, then its first three hours',
    method:
      `N processes start over a deploy window W (process i at W·i/N), each with its own credential provider, ` +
      `its own SDK clients and its own retry state, and ask for credentials at their start, then every ` +
      `${callEveryMs / second} s from their own phase (drawn per process) for ${durationMs / hour} simulated hours. They assume the same 3-hop chain (1 h ` +
      'sessions), every role in the account of the base user, so every call spends one STS bucket: ' +
      `@rolechain/sts-mock's \`throttle\` of R = ${rate} calls/s with a burst of ${burst}, answering ` +
      "`Throttling` (400) when empty. AWS documents STS's quota as a token bucket per account and region that " +
      `cannot be raised, not its size; ${rate}/s is the order of the default it applies, so it is the figure ` +
      "used here. A simulated clock drives Date, setTimeout and setInterval (the SDK's retry delays, " +
      "rolechain's startup-budget sleeps, the mock's clock): the bench's own timer queue (a binary heap by due " +
      'time, then order of arming; Date from @sinonjs/fake-timers). msw serves the mock in-process on real ' +
      'event-loop turns, drained after every due time of a timer, so a request a timer starts is answered at ' +
      'that time; callers ask on a 100 ms grid, and the clock moves in 100 ms steps while processes wait for ' +
      "their first credentials, 1 s steps after. Measured: seconds from each process's start to its first credentials, " +
      'AssumeRole and throttled calls, caller calls that failed (and those that had waited less than the ' +
      `startup budget, ${budgetMs / second} s: rolechain's default \`startupBudgetMs\`), and STS calls per ` +
      'second. The physical limit for W = 0 is N × 3 / R seconds. Goals: every process served within 1.2× ' +
      'that limit (the same bound from its own start when W > 0), 0 callers failed before the budget, and ' +
      'after the first hour no second with more than R STS calls. Anchor: the SDK client cache ' +
      '(`memoizeIdentityProvider`) over nested `fromTemporaryCredentials` with its standard retry strategy ' +
      '(3 attempts). Sizes run by default: N = 100 and 1,000; N = 10,000 with `BENCH_FLEET_SIZES=100,1000,10000`.',
  },
  async () => {
    const roleChain = await loadRoleChain();
    const rows: Row[] = [];
    const series: Series[] = [];
    const notes: string[] = [];
    for (const processes of sizes) {
      for (const windowMs of windows) {
        const caseName = `N=${processes.toLocaleString('en-US')}, W=${windowMs / second} s`;
        const limit = (processes * hops) / rate;
        const run = (provider: (world: FleetWorld, now: () => number) => AwsCredentialIdentityProvider) =>
          simulateFleet({
            processes,
            windowMs,
            ratePerSecond: rate,
            burst,
            durationMs,
            callEveryMs,
            budgetMs,
            provider,
          });
        const sdk = await run((world) => sdkProvider(world));
        notes.push(`${caseName}, physical limit ${formatNumber(limit)} s. ${describeRun(anchorName, sdk)}.`);
        const ours =
          typeof roleChain === 'string' ? undefined : await run((world, now) => roleChain(world, { now }));
        if (ours !== undefined) notes.push(`${caseName}. ${describeRun('fromRoleChain', ours)}.`);
        const row = (metric: string, unit: string, values: readonly number[], name: string) => ({
          case: caseName,
          metric,
          subject: name,
          unit,
          summary: summarize(values.length === 0 ? [durationMs / second] : values), // none served: the whole run
        });
        const lastServed = (result: FleetResult) =>
          result.unserved > 0 ? durationMs / second : Math.max(0, ...result.servedSeconds);
        const metrics: {
          metric: string;
          unit: string;
          pick: (result: FleetResult) => readonly number[];
          goal?: { text: string; met: (result: FleetResult) => boolean };
        }[] = [
          { metric: 'time to first credentials', unit: 's', pick: (result) => result.servedSeconds },
          {
            metric: 'time until every process is served',
            unit: 's',
            pick: (result) => [lastServed(result)],
            goal: {
              text: `≤ 1.2 × ${formatNumber(limit)} s`,
              met: (result) => result.unserved === 0 && lastServed(result) <= 1.2 * limit,
            },
          },
          {
            metric: 'callers failed before the startup budget',
            unit: 'calls',
            pick: (result) => [result.failedBeforeBudget],
            goal: { text: '0', met: (result) => result.failedBeforeBudget === 0 },
          },
          { metric: 'AssumeRole calls', unit: 'calls', pick: (result) => [result.assumeRoleCalls] },
          { metric: 'throttled calls', unit: 'calls', pick: (result) => [result.throttledCalls] },
          {
            metric: 'peak STS calls/s after the first hour',
            unit: 'calls/s',
            pick: (result) => [peakAfterFirstHour(result)],
            goal: { text: `≤ R = ${rate}`, met: (result) => peakAfterFirstHour(result) <= rate },
          },
        ];
        for (const { metric, unit, pick, goal } of metrics) {
          const anchor = anchorRow(row(metric, unit, pick(sdk), anchorName));
          rows.push(anchor);
          if (ours !== undefined) {
            rows.push(
              oursRow(
                row(metric, unit, pick(ours), 'fromRoleChain'),
                anchor,
                goal === undefined ? undefined : { text: goal.text, met: () => goal.met(ours) },
              ),
            );
          }
        }
        series.push({
          title: `${caseName}: STS calls per second (peak of each 10 s)`,
          unit: 'calls/s',
          stepSeconds: 10,
          limit: rate,
          lines: [
            { subject: anchorName, role: 'anchor', values: peaks(sdk) },
            ...(ours === undefined
              ? []
              : [{ subject: 'fromRoleChain', role: 'ours' as const, values: peaks(ours) }]),
          ],
        });
      }
    }
    return {
      rows,
      notes,
      series,
      ...(typeof roleChain === 'string' ? { missing: `our half: ${roleChain}` } : {}),
    };
  },
);
