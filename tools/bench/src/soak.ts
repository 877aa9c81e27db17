// `npm run soak` (`--short` for CI): first one `rolechain serve` sidecar and 50 client processes
// (src/sidecar.ts); then the sample service on its embedded demo under HTTP load from autocannon (a child
// process, 127.0.0.1 only), first without faults, then while the demo's STS mock injects throttling bursts,
// 5xx, latency spikes, a clock-skew episode and an outage into AssumeRole and the demo clock runs fast so
// several 1 h refresh cycles pass. Every log line the service writes is scanned for secrets.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import FakeTimers from '@sinonjs/fake-timers';
import { createDemoClock, createJsonLogger, resolveConfig, startDemoApp } from '@rolechain/sample-service';
import type { SoakResult, SoakRow } from './model';
import { benchDir } from './paths';
import { findSecrets } from './secrets';
import { sidecarSoak } from './sidecar';
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
  : { baselineS: 20, segmentS: 15, connections: 10, fastMinutesPerS: 3 };
// Short: 6 s segments, 18 simulated minutes each; long: 15 s segments, 45 minutes each. Sessions last 1 h.
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
// A failed AWS call counts as "while valid" when the clock had not yet reached the expiry of the newest
// session of the chain's last role that STS issued (read from the mock below): the failures static
// stability forbids.
let validUntil = 0;
let lastIssuedAt = 0;
const failedCalls = { all: 0, whileValid: 0 };
let s3Operations = 0;
let now: () => number = Date.now;
function scanLine(line: string, known: readonly string[]): void {
  logLines++;
  for (const kind of findSecrets(line, known)) secretFindings.set(kind, (secretFindings.get(kind) ?? 0) + 1);
}
const logger = createJsonLogger((line, level) => {
  scanLine(line, knownSecrets);
  if (line.includes('"service":"S3"')) s3Operations++;
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
// The sidecar phase runs first, on real time, before the service starts and Date is faked.
const sidecar = await sidecarSoak({ clients: 50, rounds: 2 });
for (const line of [...sidecar.logs.serve, ...sidecar.logs.clients]) scanLine(line, sidecar.knownSecrets);
if (verbose) problems.push(...sidecar.logs.serve.map((line) => `sidecar: ${line}`));
const config = resolveConfig({ ROLECHAIN_DEMO: '1', PORT: '0', HOST: '127.0.0.1' }, { defaultPort: 0 });
// Only Date is faked: timers, performance.now() and I/O stay real, the load stays real.
const time = FakeTimers.install({ now: Date.now(), toFake: ['Date'] });
const clock = createDemoClock();
now = clock.now;
const app = await startDemoApp(config, { logger, clock });
const demo = app.demo;
const lastRole = demo.org.reportReader.arn;
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
  readLastSession();
  countCodes();
  callsBefore = stsCalls();
  sts.reset();
};

/** Ground truth from the mock: when the newest session of the last role was issued and when it expires. */
function readLastSession(): void {
  for (let i = sts.calls.length - 1; i >= 0; i--) {
    const call = sts.calls[i];
    if (call?.action !== 'AssumeRole' || call.status !== 200 || call.params['RoleArn'] !== lastRole) continue;
    const duration = Number(call.params['DurationSeconds'] ?? 3600);
    lastIssuedAt = Math.max(lastIssuedAt, call.at.getTime());
    validUntil = Math.max(validUntil, call.at.getTime() + duration * 1000);
    return;
  }
}
const poller = setInterval(readLastSession, 50);

// Warm up (first fetch of the chain, JIT), run the phase without faults, then take the heap: the fault
// phase, with its errors and retries, is where the service could start keeping what it should not.
await load(app.url, 5);
const heapWarm = heapMb();
const baseline = await load(app.url, plan.baselineS);
const heapBefore = heapMb();
const callsAtFaultStart = stsCalls();
const s3AtFaultStart = s3Operations;
const simulatedStart = clock.now();

/**
 * Runs the fault plan while the faulted load runs. Time moves for the whole process at once (the fake
 * `Date` below, which the SDK's signers, the provider, the mock and the demo clock all read), about every
 * 100 ms, so refreshes happen inside every segment without any clock drifting from another. Each segment
 * opens with its fault; the bursts are armed once and wait for the next AssumeRole calls.
 */
const heapTrend: number[] = [];
async function faults(): Promise<void> {
  const start = performance.now();
  let last = start;
  let current = -1;
  for (;;) {
    const real = performance.now();
    if (real - start >= faultS * 1000) break;
    // Segments follow real time, so the plan stays aligned with the load whatever the machine's speed.
    const index = Math.floor((real - start) / 1000 / plan.segmentS);
    const segment = segments[index] ?? 'outage';
    const first = index !== current;
    current = index;
    if (first) {
      heapTrend.push(heapMb());
      if (segment === 'throttling bursts')
        sts.inject({ action: 'AssumeRole', error: 'Throttling', times: 5 });
      if (segment === '5xx bursts') sts.inject({ action: 'AssumeRole', error: 'InternalFailure', times: 5 });
      if (segment === 'latency spikes') sts.inject({ action: 'AssumeRole', delayMs: 1500, times: 3 });
      // The demo clock (the mock's, and the one the app's own clients sign with) jumps 20 min ahead of the
      // provider's STS clients: beyond SigV4's 15 min window, so STS answers "Signature expired".
      if (segment === 'clock skew') clock.advance(20 * minute);
      if (segment === 'outage') {
        // Start the outage 40 min into the newest 1 h session: its advisory refresh (45 min, jittered up
        // to 3.75 min later) falls inside it.
        readLastSession();
        const lead = lastIssuedAt + 40 * minute - clock.now();
        if (lead > 0) time.tick(lead);
        sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
      }
    }
    // The outage lasts 10 simulated minutes in all, whatever the segment's real length.
    const minutesPerS = segment === 'outage' ? 10 / plan.segmentS : plan.fastMinutesPerS;
    const now = performance.now();
    time.tick(((now - last) / 1000) * minutesPerS * minute);
    last = now;
    await sleep(100);
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

// msw's own share of the heap growth: the same number of intercepted requests with no rolechain code.
const intercepted = calls.all - callsAtFaultStart.all + s3Operations - s3AtFaultStart;
const control = JSON.parse(
  (
    await run(
      process.execPath,
      ['--expose-gc', join(benchDir, 'dist', 'children', 'msw-heap-control.mjs'), String(intercepted)],
      {
        cwd: benchDir,
      },
    )
  ).stdout,
) as { growthMb: number };
const secretsFound = [...secretFindings.values()].reduce((sum, count) => sum + count, 0);
const heapGrowth = heapAfter - heapBefore;
const rows: SoakRow[] = [
  ...sidecar.rows,
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
    metric: 'heap used before / after the fault phase (after GC)',
    value: `${heapBefore.toFixed(1)} MB / ${heapAfter.toFixed(1)} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB)`,
  },
  {
    metric: `control: msw alone, same ${intercepted} intercepted requests, no rolechain code`,
    value: `+${control.growthMb.toFixed(1)} MB`,
  },
  {
    metric: 'heap growth beyond the control',
    value: `${(heapGrowth - control.growthMb).toFixed(1)} MB`,
    goal: '≤ 10% or 5 MB',
    pass: heapGrowth - control.growthMb <= Math.max(5, heapBefore * 0.1),
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
    `${short ? 'Short form (`--short`, CI)' : 'Long form'}. ${sidecar.method}\n\nThen the sample service on its embedded demo, in-process ` +
    `(\`startApp\`), on 127.0.0.1; autocannon in a child process with ${plan.connections} connections cycling ` +
    '`/whoami`, `/reports` and one report. ' +
    `${plan.baselineS} s without faults, then ${faultS} s in ${segments.length} segments of ${plan.segmentS} s: ` +
    `${segments.join(', ')}. Time runs fast for the whole service process (a fake \`Date\`, @sinonjs/fake-timers, ` +
    `moved ${plan.fastMinutesPerS} simulated minutes per real second in 100 ms steps; timers and I/O stay real), ` +
    'so the SDK signers, the provider, the mock and the demo clock agree and 1 h sessions refresh several times; ' +
    'the outage starts 40 simulated minutes into the newest session of the last role (its refresh falls ' +
    'inside), and time slows so that it lasts 10 simulated minutes. Faults hit AssumeRole through the ' +
    "demo mock's `sts.inject`, armed at the start of their segment: 5 Throttling answers, 5 InternalFailure (500) " +
    "answers, 3 answers delayed 1.5 s; the skew episode moves the demo clock (the mock and the service's own " +
    "clients) 20 min ahead of the provider's STS clients, beyond SigV4's 15 min window; the outage answers every " +
    'AssumeRole with ServiceUnavailable. Failed requests = non-2xx + errors + timeouts. A failed AWS call (an ' +
    '`aws.request` record with an error) counts as "while valid" when the clock had not reached the expiry of ' +
    'the newest session of the last role the mock had issued (its call log, read every 50 ms). Heap after ' +
    'a forced GC (`node --expose-gc`) before the fault phase (after a 5 s warm-up and the phase without faults) ' +
    "and at the end, once the mock has forgotten its call log (counted first). msw's in-process interception " +
    'itself keeps memory per request (mswjs/interceptors#779, mswjs/msw#2735), so a control process sends the ' +
    'same number of requests from a bare SDK client to a bare msw handler and its growth is subtracted. Every log line the service wrote ' +
    '(identity records, provider records, access log) is scanned for full access key ids, 40-character secret ' +
    "keys, long base64 tokens and the demo user's own keys, and so is every line the sidecar phase's processes " +
    "wrote on stderr (known secrets there: the base user's keys and the sidecar's token).",
  rows,
  notes: [
    ...sidecar.notes,
    `Status codes without faults: ${JSON.stringify(baseline.statuses)}; with faults: ${JSON.stringify(faulted.statuses)}. ` +
      `/healthz at the end: ${JSON.stringify({ status: health['status'] })}.`,
    `STS answers with an error, by code: ${JSON.stringify(Object.fromEntries(errorCodes))}.`,
    `Heap after GC after the warm-up, at the start of each fault segment, then at the end: ${[
      heapWarm,
      ...heapTrend,
      heapAfter,
    ]
      .map((mb) => mb.toFixed(1))
      .join(', ')} MB (the mock's call log included, except at the end).`,
  ],
};
await writeSoakData(result);
await renderOutputs();
for (const line of problems) console.log(`log: ${line.slice(0, 600)}`);
for (const row of rows)
  console.log(`${row.metric}: ${row.value}${row.pass === false ? '  (goal not met)' : ''}`);
// The soak's goals are properties, not timings (no failed sidecar client and one AssumeRole call per hop
// for the sidecar, no failed call while credentials are valid, no secret in any log line, no heap growth
// beyond msw's own): a miss fails the command, so CI can run the short form.
process.exit(rows.some((row) => row.pass === false) ? 1 : 0);
