// The data every figure produces and every output (RESULTS.md, the SVG charts, data/*.json) is rendered from.
import { ratio as ratioOf } from './stats';
import type { Summary } from './stats';

/** One measured subject in one case of a figure. */
export interface Row {
  /** The situation measured, e.g. `K=10 clients × 50 sends`. */
  readonly case: string;
  /** What is measured, e.g. `AssumeRole calls`; rows of one metric share a chart panel. */
  readonly metric: string;
  /** Who is measured, e.g. `fromRoleChain` or `nested fromTemporaryCredentials`. */
  readonly subject: string;
  readonly role: 'ours' | 'anchor';
  readonly unit: string;
  readonly summary: Summary;
  /** For a row of ours: the anchor subject it is compared with (same case and metric). */
  readonly anchor?: string;
  /** ours median / anchor median. */
  readonly ratio?: number;
  /** The goal in words, e.g. `= 3` or `≤ 1.0× anchor`. */
  readonly goal?: string;
  readonly pass?: boolean;
}

/** One line of a time-series chart: a subject's value at every step. */
export interface SeriesLine {
  readonly subject: string;
  readonly role: 'ours' | 'anchor';
  readonly values: readonly number[];
}

/** A time-series chart panel (e.g. STS calls per second over a simulated run). */
export interface Series {
  readonly title: string;
  readonly unit: string;
  /** Simulated seconds between two values. */
  readonly stepSeconds: number;
  /** A level drawn as a dashed line, e.g. a quota. */
  readonly limit?: number;
  readonly lines: readonly SeriesLine[];
}

/** What one figure measured; `missing` says what could not be measured and why. */
export interface FigureResult {
  readonly id: number;
  /** File-name stem of the chart, e.g. `figure-1-sts-calls`. */
  readonly slug: string;
  readonly title: string;
  /** How it was measured, in a sentence or three a reader can follow to rerun it. */
  readonly method: string;
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
  /** Time-series panels drawn under the bars of its chart. */
  readonly series?: readonly Series[];
  readonly missing?: string;
}

/** One line of the soak table. */
export interface SoakRow {
  readonly metric: string;
  readonly value: string;
  readonly goal?: string;
  readonly pass?: boolean;
}

export interface SoakResult {
  readonly method: string;
  readonly rows: readonly SoakRow[];
  readonly notes: readonly string[];
  readonly missing?: string;
}

/** Where and with what a run happened. */
export interface RunInfo {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly packages: Readonly<Record<string, string>>;
  /** Wall time of the whole run, seconds. */
  readonly seconds: number;
}

/** An anchor row. */
export function anchorRow(fields: Omit<Row, 'role' | 'anchor' | 'ratio' | 'goal' | 'pass'>): Row {
  return { ...fields, role: 'anchor' };
}

/** A row of ours, compared with `anchor` (same case and metric) and judged by `goal`. */
export function oursRow(
  fields: Omit<Row, 'role' | 'anchor' | 'ratio' | 'goal' | 'pass'>,
  anchor: Row | undefined,
  goal?: { readonly text: string; readonly met: (median: number, ratio: number | undefined) => boolean },
): Row {
  const ratio = anchor === undefined ? undefined : ratioOf(fields.summary.median, anchor.summary.median);
  return {
    ...fields,
    role: 'ours',
    ...(anchor === undefined ? {} : { anchor: anchor.subject }),
    ...(ratio === undefined ? {} : { ratio }),
    ...(goal === undefined ? {} : { goal: goal.text, pass: goal.met(fields.summary.median, ratio) }),
  };
}
