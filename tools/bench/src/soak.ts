// `npm run soak` (`--short` for CI): the sample service on its embedded demo under HTTP load from autocannon
// (a child process, 127.0.0.1 only), first without faults, then while the demo's STS mock injects throttling
// bursts, 5xx, latency spikes, a clock-skew episode and an outage into AssumeRole and the demo clock runs
// fast so several 1 h refresh cycles pass. Every log line the service writes is scanned for secrets.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import FakeTimers from '@sinonjs/fake-timers';
import { startApp } from '../../../apps/sample-service/src/app';
import { resolveConfig } from '../../../apps/sample-service/src/config';
import { createDemoClock } from '../../../apps/sample-service/src/demo-clock';
import { createJsonLogger } from '../../../apps/sample-service/src/json-logger';
import type { SoakResult, SoakRow } from './model';
import { benchDir } from './paths';
import { findSecrets } from './secrets';
import { renderOutputs, writeSoakData } from './write';

const run = promisify(execFile);
const minute = 60_000;

interface LoadResult {
  readonly total: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly p50: number;
  readonly p99: number;
  readonly statuses: Readonly<Record<string, number>>;
}

const short = process.argv.includes('--short');
const plan = short
  ? { baselineS: 8, segmentS: 6, connections: 8, fastMinutesPerS: 3 }
  : { baselineS: 30, segmentS: 20, connections: 10, fastMinutesPerS: 3 };
// Short: 6 s segments, 18 simulated minutes each; long: 20 s segments, an hour each. Sessions last 1 h.
const segments = [
  'fast clock',
  'throttling bursts',
  '5xx bursts',
  'latency spikes',
  'clock skew',
  'outage',
] as const;
const faultS = plan.segmentS * segments.length;

async function load(url: string, seconds: number): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [join(benchDir, 'dist', 'children', 'load.mjs'), url, String(plan.connections), String(seconds)],
    { cwd: benchDir, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as LoadResult;
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

const failedOf = (result: LoadResult): number => result.non2xx + result.errors + result.timeouts;

// Log lines are scanned as they are written and counted; none is kept.
let logLines = 0;
const secretFindings = new Map<string, number>();
let knownSecrets: string[] = [];
const verbose = process.argv.includes('--verbose');
const problems: string[] = [];
// A failed AWS call counts as "while valid" when the demo clock had not yet reached the expiry of the
// credentials last seen (polled from /healthz below): those are the failures static stability forbids.
let validUntil = 0;
const failedCalls = { all: 0, whileValid: 0 };
let now: () => number = Date.now;
const logger = createJsonLogger((line, level) => {
  logLines++;
  for (const kind of findSecrets(line, knownSecrets))
    secretFindings.set(kind, (secretFindings.get(kind) ?? 0) + 1);
  if (level === 'info') return;
  const untilExpiry = `${((validUntil - now()) / 1000).toFixed(0)} s to expiry`;
  if (verbose && problems.length < 60 && !line.includes('"aws.request"'))
    problems.push(`${untilExpiry}: ${line}`);
  if (!line.includes('"aws.request"')) return;
  const record = JSON.parse(line) as { error?: unknown };
  if (record.error === undefined) return;
  failedCalls.all++;
  if (now() < validUntil) failedCalls.whileValid++;
  if (verbose && problems.length < 60 && failedCalls.all % 50 === 1) problems.push(`${untilExpiry}: ${line}`);
});

const started = performance.now();
const config = resolveConfig({ ROLECHAIN_DEMO: '1', PORT: '0', HOST: '127.0.0.1' }, { defaultPort: 0 });
// Only Date is faked: timers, performance.now() and I/O stay real, the load stays real.
const time = FakeTimers.install({ now: Date.now(), toFake: ['Date'] });
const clock = createDemoClock();
now = clock.now;
const app = await startApp(config, { logger, clock });
const demo = app.demo;
if (demo === undefined) throw new Error('the sample service did not start its embedded demo');
const sts = demo.org.sts;
knownSecrets = [demo.org.user.secretAccessKey, demo.org.user.accessKeyId];

// STS calls survive the mock's reset() (which ends the outage) by being counted before it.
let callsBefore = { assumeRole: 0, all: 0, faulted: 0 };
const errorCodes = new Map<string, number>();
const countCodes = () => {
  for (const call of sts.calls) {
    const code = call.errorCode ?? (call.status === 0 ? 'network error' : undefined);
    if (code !== undefined) errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
  }
};
const stsCalls = () => ({
  assumeRole: callsBefore.assumeRole + sts.calls.filter((call) => call.action === 'AssumeRole').length,
  all: callsBefore.all + sts.calls.length,
  faulted:
    callsBefore.faulted +
    sts.calls.filter((call) => call.errorCode !== undefined || call.status === 0).length,
});
const resetFaults = () => {
  countCodes();
  callsBefore = stsCalls();
  sts.reset();
};

async function pollHealth(): Promise<void> {
  const health = (await (await fetch(`${app.url}/healthz`)).json()) as {
    credentials?: { expiresAt?: string | null };
  };
  const expiresAt = health.credentials?.expiresAt;
  if (typeof expiresAt === 'string') validUntil = Math.max(validUntil, Date.parse(expiresAt));
}
await pollHealth();
const poller = setInterval(() => {
  pollHealth().catch(() => undefined);
}, 250);

// Warm up (first fetch of the chain, JIT), then measure the heap.
await load(app.url, 5);
const heapBefore = heapMb();
const baseline = await load(app.url, plan.baselineS);
const simulatedStart = clock.now();

/**
 * Runs the fault plan while the faulted load runs. Time moves for the whole process at once (the fake
 * `Date` below, which the SDK's signers, the provider, the mock and the demo clock all read), in 100 ms
 * steps, so refreshes happen inside every segment without any clock drifting from another. Each segment
 * opens with its fault; the bursts are armed once and wait for the next AssumeRole calls.
 */
async function faults(): Promise<void> {
  for (let second = 0; second < faultS; second++) {
    const segment = segments[Math.floor(second / plan.segmentS)] ?? 'outage';
    const first = second % plan.segmentS === 0;
    let minutesPerS = plan.fastMinutesPerS;
    if (first && segment === 'throttling bursts')
      sts.inject({ action: 'AssumeRole', error: 'Throttling', times: 5 });
    if (first && segment === '5xx bursts')
      sts.inject({ action: 'AssumeRole', error: 'InternalFailure', times: 5 });
    if (first && segment === 'latency spikes') sts.inject({ action: 'AssumeRole', delayMs: 1500, times: 3 });
    // The demo clock (the mock's, and the one the app's own clients sign with) jumps 20 min ahead of the
    // provider's STS clients: beyond SigV4's 15 min window, so STS answers "Signature expired".
    if (first && segment === 'clock skew') clock.advance(20 * minute);
    if (segment === 'outage') {
      if (first) sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
      // The outage lasts 10 simulated minutes in all, whatever the segment's real length.
      minutesPerS = 10 / plan.segmentS;
    }
    for (let step = 0; step < 10; step++) {
      time.tick((minutesPerS * minute) / 10);
      await sleep(100);
    }
  }
  resetFaults();
}

const [faulted] = await Promise.all([load(app.url, faultS), faults()]);
const simulatedHours = (clock.now() - simulatedStart) / (60 * minute);
clearInterval(poller);
// The mock keeps every STS call it answered (thousands of GetCallerIdentity from /whoami): count them,
// then let it forget them, so the heap shows what the service, the provider and the logger kept.
resetFaults();
const heapAfter = heapMb();
const health = (await (await fetch(`${app.url}/healthz`)).json()) as Record<string, unknown>;
await app.close();
time.uninstall();
const calls = stsCalls();
const seconds = (performance.now() - started) / 1000;

const secretsFound = [...secretFindings.values()].reduce((sum, count) => sum + count, 0);
const heapGrowth = heapAfter - heapBefore;
const rows: SoakRow[] = [
  { metric: 'requests served (2xx), without / with faults', value: `${baseline.ok} / ${faulted.ok}` },
  { metric: 'failed requests, without / with faults', value: `${failedOf(baseline)} / ${failedOf(faulted)}` },
  {
    metric: 'failed AWS calls while cached credentials were valid / all failed AWS calls',
    value: `${failedCalls.whileValid} / ${failedCalls.all}`,
    goal: '0 while valid',
    pass: failedCalls.whileValid === 0,
  },
  { metric: 'latency p50, without / with faults', value: `${baseline.p50} ms / ${faulted.p50} ms` },
  { metric: 'latency p99, without / with faults', value: `${baseline.p99} ms / ${faulted.p99} ms` },
  {
    metric: 'STS calls: AssumeRole / all / answered with an injected fault',
    value: `${calls.assumeRole} / ${calls.all} / ${calls.faulted}`,
  },
  { metric: 'simulated time under faults', value: `${simulatedHours.toFixed(1)} h (1 h sessions)` },
  {
    metric: 'heap used before / after (after GC)',
    value: `${heapBefore.toFixed(1)} MB / ${heapAfter.toFixed(1)} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB)`,
    goal: 'growth ≤ 10% or 5 MB',
    pass: heapGrowth <= Math.max(5, heapBefore * 0.1),
  },
  {
    metric: 'log lines scanned / with a secret',
    value: `${logLines} / ${secretsFound}${secretsFound === 0 ? '' : ` (${[...secretFindings.keys()].join(', ')})`}`,
    goal: '0 with a secret',
    pass: secretsFound === 0,
  },
  { metric: 'soak wall time', value: `${seconds.toFixed(0)} s` },
];
const result: SoakResult = {
  method:
    `${short ? 'Short form (`--short`, CI)' : 'Long form'}: the sample service on its embedded demo, in-process ` +
    `(\`startApp\`), on 127.0.0.1; autocannon in a child process with ${plan.connections} connections cycling ` +
    '`/whoami`, `/reports` and one report. ' +
    `${plan.baselineS} s without faults, then ${faultS} s in ${segments.length} segments of ${plan.segmentS} s: ` +
    `${segments.join(', ')}. Time runs fast for the whole service process (a fake \`Date\`, @sinonjs/fake-timers, ` +
    `moved ${plan.fastMinutesPerS} simulated minutes per real second in 100 ms steps; timers and I/O stay real), ` +
    'so the SDK signers, the provider, the mock and the demo clock agree and 1 h sessions refresh several times; ' +
    'during the outage it slows so that the outage lasts 10 simulated minutes. Faults hit AssumeRole through the ' +
    "demo mock's `sts.inject`, armed at the start of their segment: 5 Throttling answers, 5 InternalFailure (500) " +
    "answers, 3 answers delayed 1.5 s; the skew episode moves the demo clock (the mock and the service's own " +
    "clients) 20 min ahead of the provider's STS clients, beyond SigV4's 15 min window; the outage answers every " +
    'AssumeRole with ServiceUnavailable. Failed requests = non-2xx + errors + timeouts. A failed AWS call (an ' +
    '`aws.request` record with an error) counts as "while valid" when the clock had not reached the expiry of ' +
    'the credentials last seen by polling `/healthz` every 250 ms (its `expiresAt`, the earliest hop). Heap after ' +
    'a forced GC (`node --expose-gc`), after a 5 s warm-up and at the end, once the mock has forgotten its ' +
    'call log (counted first). Every log line the service wrote ' +
    '(identity records, provider records, access log) is scanned for full access key ids, 40-character secret ' +
    "keys, long base64 tokens and the demo user's own keys.",
  rows,
  notes: [
    `Status codes without faults: ${JSON.stringify(baseline.statuses)}; with faults: ${JSON.stringify(faulted.statuses)}. ` +
      `/healthz at the end: ${JSON.stringify({ status: health['status'] })}.`,
    `STS answers with an error, by code: ${JSON.stringify(Object.fromEntries(errorCodes))}.`,
  ],
};
await writeSoakData(result);
await renderOutputs();
for (const line of problems) console.log(`log: ${line.slice(0, 600)}`);
for (const row of rows)
  console.log(`${row.metric}: ${row.value}${row.pass === false ? '  (goal not met)' : ''}`);
process.exit();
