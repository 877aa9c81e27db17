/** Median and spread of a set of measurements; spread is the interquartile range (p25–p75). */
export interface Summary {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  /** How many measurements. */
  readonly n: number;
}

/** The q-quantile (0..1) of ascending `sorted` values, interpolating linearly between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be within 0..1, got ${q}`);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

/** Summarizes raw measurements; throws on an empty set or a value that is not a finite number. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('cannot summarize no measurements');
  const bad = values.find((value) => !Number.isFinite(value));
  if (bad !== undefined) throw new RangeError(`measurement ${bad} is not a finite number`);
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}

/** The bounds of {@link medianInterval}. */
export interface MedianInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * A distribution-free 95 % confidence interval for the median of `values`: the order statistics at ranks
 * n/2 ∓ 1.96·√n/2 (the normal approximation of the binomial count of values below the median). It says how far
 * the median could move on another run of the same size: a goal nearer the median than that is a coin toss.
 */
export function medianInterval(values: readonly number[]): MedianInterval {
  if (values.length === 0) throw new RangeError('no interval for no measurements');
  const sorted = [...values].sort((a, b) => a - b);
  const half = (1.96 * Math.sqrt(sorted.length)) / 2;
  const at = (rank: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(rank)))] ?? Number.NaN;
  return { low: at((sorted.length - 1) / 2 - half), high: at((sorted.length - 1) / 2 + half) };
}

/**
 * Per-round differences (b − a) of a run whose rounds alternate their order (a before b, then b before a):
 * each forward round averaged with the reversed round after it, so whatever running later in a round adds
 * (a drift, a warmer cache, a busier parent) falls on both sides and cancels. A last unpaired round is left out.
 */
export function alternatingPairMeans(differences: readonly number[]): number[] {
  const means: number[] = [];
  for (let round = 0; round + 1 < differences.length; round += 2) {
    means.push(((differences[round] ?? Number.NaN) + (differences[round + 1] ?? Number.NaN)) / 2);
  }
  return means;
}

/** `ours / anchor`, or undefined when the anchor is zero (a ratio to nothing means nothing). */
export function ratio(ours: number, anchor: number): number | undefined {
  return anchor === 0 ? undefined : ours / anchor;
}
