// Writes data/*.json, RESULTS.md and one SVG per figure, always from the stored data, so the table and the
// charts cannot disagree. Files are passed through Prettier so the repository's format check accepts them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { FigureResult, RunInfo, SoakResult } from './model';
import { benchDir } from './paths';
import { renderResults } from './results';
import { renderChart } from './svg';

const workspaceRoot = join(benchDir, '..', '..');
const dataDir = join(benchDir, 'data');
const benchData = join(dataDir, 'bench.json');
const soakData = join(dataDir, 'soak.json');

export interface BenchData {
  readonly run: RunInfo;
  readonly figures: readonly FigureResult[];
}

const measuredPackages = [
  '@rolechain/credential-provider',
  '@rolechain/identity-logger',
  '@rolechain/sts-mock',
  '@aws-sdk/client-sts',
  '@aws-sdk/credential-providers',
  '@smithy/core',
  'msw',
  'aws-sdk-client-mock',
  'mitata',
  'autocannon',
];

function versionOf(name: string): string {
  try {
    const manifest = JSON.parse(
      readFileSync(join(workspaceRoot, 'node_modules', name, 'package.json'), 'utf8'),
    ) as {
      version?: string;
    };
    return manifest.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** Where and with what this run happens. */
export function runInfo(seconds: number): RunInfo {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    packages: Object.fromEntries(measuredPackages.map((name) => [name, versionOf(name)])),
    seconds,
  };
}

async function writeFormatted(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

export function readBenchData(): BenchData | undefined {
  return readJson(benchData) as BenchData | undefined;
}

export async function writeBenchData(data: BenchData): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  await writeFormatted(benchData, JSON.stringify(data));
}

export async function writeSoakData(data: SoakResult): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  await writeFormatted(soakData, JSON.stringify(data));
}

/** Renders RESULTS.md and the charts from data/bench.json and data/soak.json; returns the files written. */
export async function renderOutputs(): Promise<string[]> {
  const bench = readBenchData();
  const soak = readJson(soakData) as SoakResult | undefined;
  if (bench === undefined) return [];
  const written = [join(benchDir, 'RESULTS.md')];
  await writeFormatted(written[0] ?? '', renderResults(bench.run, bench.figures, soak));
  for (const figure of bench.figures) {
    const svg = renderChart(figure);
    if (svg === undefined) continue;
    const path = join(benchDir, `${figure.slug}.svg`);
    writeFileSync(path, svg);
    written.push(path);
  }
  return written;
}
