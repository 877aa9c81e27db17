// `npm run bench`: every figure in its own fresh Node process, one after the other (so one figure's JIT
// state, heap, msw interception or fake clock cannot leak into the next), then RESULTS.md and the charts.
// `--only 2,6` reruns some figures and keeps the others' last results; `--render` only redraws RESULTS.md and
// the charts from data/*.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FigureResult } from './model';
import { benchDir } from './paths';
import { readBenchData, renderOutputs, runInfo, writeBenchData } from './write';

interface FigureScript {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  /** Longer than the default for a figure that simulates a fleet. */
  readonly timeoutMs?: number;
  /** Node options for the figure's process: a fleet of 10,000 holds more than V8's default heap. */
  readonly nodeOptions?: readonly string[];
}

const figures: readonly FigureScript[] = [
  { id: 1, slug: 'figure-1-sts-calls', title: 'AssumeRole calls for K clients over a 3-hop chain' },
  { id: 2, slug: 'figure-2-cached-call', title: 'Cost of a cached credentials() call' },
  {
    id: 3,
    slug: 'figure-3-logger-overhead',
    title: 'send() overhead of identityLoggerPlugin',
    // A fixed count of sends (about 740,000): 4 to 5 minutes on two shared cores, more when they are busy.
    timeoutMs: 600_000,
  },
  {
    id: 4,
    slug: 'figure-4-simulated-day',
    title: 'A simulated day: callers blocked on STS and AssumeRole calls',
  },
  { id: 5, slug: 'figure-5-outage', title: 'STS outage in the refresh window, then throttling bursts' },
  {
    id: 6,
    slug: 'figure-6-mock-throughput',
    title: 'Mocked AssumeRole round trips per second through the SDK',
  },
  {
    id: 7,
    slug: 'figure-7-cold-start',
    title: 'Cold start and installed size',
    // 4 × 121 fresh processes: about 2 to 3 minutes on two shared cores.
    timeoutMs: 600_000,
  },
  {
    id: 8,
    slug: 'figure-8-fleet',
    title: 'A fleet deploy against one STS quota, then its first three hours',
    // N = 10,000 (BENCH_FLEET_SIZES) simulates for more than an hour on two shared cores.
    timeoutMs: 3 * 3_600_000,
    nodeOptions: ['--max-old-space-size=16384'],
  },
];

const defaultTimeoutMs = 240_000;

function parseOnly(argv: readonly string[]): Set<number> | undefined {
  const index = argv.indexOf('--only');
  if (index === -1) return undefined;
  const list = argv[index + 1] ?? '';
  const ids = list.split(',').map(Number);
  const unknown = ids.filter((id) => !figures.some((figure) => figure.id === id));
  if (list === '' || unknown.length > 0) {
    throw new Error(`--only takes figure numbers 1-${figures.length} separated by commas, got '${list}'`);
  }
  return new Set(ids);
}

function failed(script: FigureScript, reason: string): FigureResult {
  return {
    id: script.id,
    slug: script.slug,
    title: script.title,
    method: '',
    rows: [],
    notes: [],
    missing: reason,
  };
}

async function runFigure(script: FigureScript, dir: string): Promise<FigureResult> {
  const file = join(benchDir, 'dist', 'figures', `${script.slug}.mjs`);
  const out = join(dir, `${script.slug}.json`);
  const child = spawn(process.execPath, [...(script.nodeOptions ?? []), file, out], {
    cwd: benchDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const timeoutMs = script.timeoutMs ?? defaultTimeoutMs;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  try {
    return JSON.parse(readFileSync(out, 'utf8')) as FigureResult;
  } catch {
    const why = code === null ? `timed out after ${timeoutMs / 1000} s` : `exited with code ${code}`;
    const detail = stderr.trim().split('\n').slice(-3).join(' ');
    return failed(script, `the figure process ${why}${detail === '' ? '' : `: ${detail}`}`);
  }
}

if (process.argv.includes('--render')) {
  for (const path of await renderOutputs()) console.log(`wrote ${relative(process.cwd(), path)}`);
  process.exit();
}
const only = parseOnly(process.argv.slice(2));
const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'rolechain-bench-run-'));
const previous = new Map((readBenchData()?.figures ?? []).map((figure) => [figure.id, figure]));
const results: FigureResult[] = [];
for (const script of figures) {
  const kept = previous.get(script.id);
  if (only !== undefined && !only.has(script.id) && kept !== undefined) {
    results.push(kept);
    continue;
  }
  const figureStart = performance.now();
  process.stdout.write(`figure ${script.id}: ${script.title} … `);
  const result = await runFigure(script, dir);
  results.push(result);
  const seconds = ((performance.now() - figureStart) / 1000).toFixed(1);
  process.stdout.write(
    `${result.missing === undefined ? 'done' : `incomplete (${result.missing})`} in ${seconds} s\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
await writeBenchData({ run: runInfo((performance.now() - started) / 1000), figures: results });
for (const path of await renderOutputs()) console.log(`wrote ${relative(process.cwd(), path)}`);
const failures = results.flatMap((figure) =>
  figure.rows
    .filter((row) => row.pass === false)
    .map((row) => `figure ${figure.id}: ${row.metric}, ${row.case}`),
);
console.log(
  failures.length === 0 ? 'every goal measured so far is met' : `goals not met:\n  ${failures.join('\n  ')}`,
);
