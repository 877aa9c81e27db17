import { StsMockInputError, faultError, shown } from './errors';
import type { StsServiceError } from './errors';
import { checkKnownKeys } from './known-keys';

/** STS's request quota as a token bucket per account and region (the `throttle` option of `createStsMock`). */
export interface StsThrottle {
  /** Tokens added per second of the mock's clock, continuously: the sustained rate of calls. */
  readonly ratePerSecond: number;
  /** The bucket's size: calls that can pass at once after a quiet spell. Each bucket starts full. */
  readonly burst: number;
}

/** Upper bound of both fields, far above any STS quota. */
const maxThrottle = 1_000_000;

const throttleKeys = Object.keys({ ratePerSecond: 0, burst: 0 } satisfies Record<keyof StsThrottle, 0>);

/** Checks the `throttle` option and returns a copy, so a later change to the caller's object has no effect. */
export function checkThrottle(throttle: unknown): StsThrottle {
  checkKnownKeys(throttle, throttleKeys, { call: 'createStsMock()', param: 'throttle', prefix: 'throttle.' });
  const { ratePerSecond, burst } = throttle as Partial<Record<keyof StsThrottle, unknown>>;
  if (
    typeof ratePerSecond !== 'number' ||
    !Number.isFinite(ratePerSecond) ||
    ratePerSecond <= 0 ||
    ratePerSecond > maxThrottle
  ) {
    throw new StsMockInputError(
      'throttle.ratePerSecond',
      `${shown(ratePerSecond)} is not a number of calls per second above 0 and at most ${maxThrottle}`,
    );
  }
  if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1 || burst > maxThrottle) {
    throw new StsMockInputError(
      'throttle.burst',
      `${shown(burst)} is not a whole number of calls from 1 to ${maxThrottle}`,
    );
  }
  return { ratePerSecond, burst };
}

/** STS's answer to a call that finds its bucket empty: `Throttling`, `Rate exceeded`, 400, as injected. */
export function rateExceeded(): StsServiceError {
  return faultError('Throttling');
}

/**
 * One bucket. Its level at time `t` is `min(burst, level + (t - anchor) × rate / 1000)`: one product per
 * decision, never a running sum, so a rate of 2/s gives exactly one token per 500 ms.
 */
interface Bucket {
  /** Clock time (ms) from which the bucket refills. */
  anchor: number;
  /** Tokens it held at `anchor`, less those taken since (negative once refills have paid for them). */
  level: number;
  /** The latest clock time it saw, to tell when the clock moved back. */
  seen: number;
}

/** Token buckets by key (account and region), all on the same rate and size. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly throttle: StsThrottle;

  constructor(throttle: StsThrottle) {
    this.throttle = throttle;
  }

  /**
   * Takes a token from `key`'s bucket at clock time `now` (ms): `true` if there was one, `false` (nothing
   * taken) if the bucket is empty. A clock moved back neither refills nor drains a bucket.
   */
  take(key: string, now: number): boolean {
    const { ratePerSecond, burst } = this.throttle;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { anchor: now, level: burst, seen: now };
      this.buckets.set(key, bucket);
    }
    if (now < bucket.seen) bucket.anchor -= bucket.seen - now;
    bucket.seen = now;
    // Tokens added since `anchor`, times 1000: compared with whole tokens times 1000, so no division rounds.
    const added = (now - bucket.anchor) * ratePerSecond;
    if (added >= (burst - bucket.level) * 1000) {
      bucket.anchor = now;
      bucket.level = burst;
    } else if (added < (1 - bucket.level) * 1000) {
      return false;
    }
    bucket.level -= 1;
    return true;
  }

  /** Refills every bucket. */
  clear(): void {
    this.buckets.clear();
  }
}
