// ns-level timing through mitata, which batches calls that are too fast to time one by one.
import { measure } from 'mitata';
import { summarize } from './stats';
import type { Summary } from './stats';

/** mitata's samples of `fn`: nanoseconds per call, each sample the mean of a batch when calls are fast. */
export async function sampleCalls(fn: () => unknown, minCpuMs = 700): Promise<number[]> {
  const stats = await measure(fn, { min_cpu_time: minCpuMs * 1e6 });
  return stats.samples;
}

/** Per-call time of `fn` in nanoseconds: median and spread over mitata's samples. */
export async function timeCalls(fn: () => unknown, minCpuMs = 700): Promise<Summary> {
  return summarize(await sampleCalls(fn, minCpuMs));
}

/** Converts per-call times (ns) to calls per second; quartiles swap because the scale is inverted. */
export function perSecond(nanoseconds: Summary): Summary {
  const invert = (value: number): number => 1e9 / value;
  return {
    median: invert(nanoseconds.median),
    p25: invert(nanoseconds.p75),
    p75: invert(nanoseconds.p25),
    min: invert(nanoseconds.max),
    max: invert(nanoseconds.min),
    n: nanoseconds.n,
  };
}

/** Scales every value of a summary, e.g. ns to µs. */
export function scaled(summary: Summary, factor: number): Summary {
  return {
    median: summary.median * factor,
    p25: summary.p25 * factor,
    p75: summary.p75 * factor,
    min: summary.min * factor,
    max: summary.max * factor,
    n: summary.n,
  };
}
