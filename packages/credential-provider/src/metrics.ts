import { openTelemetryApi } from '@rolechain/aws-rules';
import type { Attributes, BatchObservableCallback, Meter, MeterProvider } from '@opentelemetry/api';
import { classifyError } from './classify-error';
import { RoleChainError } from './errors';
import type { RoleChainHopStatus } from './status';
import type { HopStsClient } from './sts-client';

/**
 * An OpenTelemetry `MeterProvider` (from `@opentelemetry/sdk-metrics`, or `metrics.getMeterProvider()` of
 * `@opentelemetry/api`), described by the one method the provider calls, so that this package's types do not
 * need the api installed.
 */
export interface RoleChainMeterProvider {
  /** The meter the provider creates its instruments on, named `@rolechain/credential-provider`. */
  getMeter(name: string, version?: string): object;
}

/** The metric names, one per instrument; see the README's Metrics section. */
export const METRICS = {
  expiry: 'rolechain.credentials.expiry',
  degraded: 'rolechain.credentials.degraded',
  refreshes: 'rolechain.credentials.refreshes',
  stsDuration: 'rolechain.sts.request.duration',
} as const;

/** The attribute names: which hop (1-based, as in errors and `status()`), its role, what happened. */
export const METRIC_ATTRIBUTES = {
  hop: 'rolechain.hop.number',
  roleArn: 'rolechain.role.arn',
  outcome: 'rolechain.refresh.outcome',
  method: 'rpc.method',
  errorType: 'error.type',
} as const;

const A = METRIC_ATTRIBUTES;

/** Bucket boundaries for STS round trips, in seconds: a warm regional call takes tens of milliseconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Why a given `meterProvider` is not acceptable, or undefined when it is (validation calls it only for an option
 * the user set). Never throws (a hostile getter is a problem).
 */
export function meterProviderProblem(value: unknown): string | undefined {
  if (value === false) return undefined;
  const problem = 'must be an OpenTelemetry MeterProvider (an object with getMeter) or false';
  if (typeof value !== 'object' || value === null) return problem;
  try {
    return typeof (value as Record<string, unknown>)['getMeter'] === 'function' ? undefined : problem;
  } catch {
    return `${problem}; reading its getMeter threw`;
  }
}

/** What a chain tells its metrics; every method is cheap and never throws. */
export interface ChainMetrics {
  /** Hop `index` (0-based) started a refresh: counted by outcome once `refresh` settles. */
  refresh(index: number, refresh: Promise<unknown>): void;
  /** Times every STS call of hop `index`'s client. */
  timed(client: HopStsClient, index: number): HopStsClient;
  /** Reports each hop's expiry and degradation from `status()` at every collection, while `chain` lives. */
  observe(chain: { status(): RoleChainHopStatus[] }): void;
}

/** The error type of a failed refresh or call: the provider's code (`AccessDenied`, `Throttling`…). */
function errorType(error: unknown): string {
  return error instanceof RoleChainError ? error.code : classifyError(error).code;
}

/**
 * The metrics of one chain, reported to `meterProvider` — by default the global one of `@opentelemetry/api`
 * when the application registered OpenTelemetry — or undefined when there is nowhere to report to (metrics off,
 * or OpenTelemetry not in use: then nothing is loaded and the chain pays nothing, not even compiling
 * {@link meteredChain}: V8 compiles a function when it first runs).
 */
export function chainMetrics(
  meterProvider: RoleChainMeterProvider | false | undefined,
  roleArns: readonly string[],
  now: () => number,
): ChainMetrics | undefined {
  if (meterProvider === false) return undefined;
  const provider = (meterProvider ?? openTelemetryApi()?.metrics.getMeterProvider()) as
    MeterProvider | undefined;
  return provider === undefined ? undefined : meteredChain(provider, roleArns, now);
}

/** The instruments of one chain on `provider`'s meter; undefined when it gives no meter. */
function meteredChain(
  provider: MeterProvider,
  roleArns: readonly string[],
  now: () => number,
): ChainMetrics | undefined {
  let meter: Meter;
  try {
    meter = provider.getMeter('@rolechain/credential-provider');
  } catch {
    return undefined; // a provider that cannot give a meter gets no metrics, and the chain works on
  }
  const hopAttributes: Attributes[] = roleArns.map((roleArn, index) =>
    Object.freeze({ [A.hop]: index + 1, [A.roleArn]: roleArn }),
  );
  const expiry = meter.createObservableGauge(METRICS.expiry, {
    description: "Seconds until the hop's cached credentials expire; negative once they have.",
    unit: 's',
  });
  const degraded = meter.createObservableGauge(METRICS.degraded, {
    description:
      'Whether the hop serves cached credentials through failed refreshes: 1 while its last refresh failed and its session is still valid, else 0.',
    unit: '1',
  });
  const refreshes = meter.createCounter(METRICS.refreshes, {
    description:
      "Refreshes of a hop's credentials (one AssumeRole, or two when STS rejected the parent), by outcome.",
    unit: '{refresh}',
  });
  const stsDuration = meter.createHistogram(METRICS.stsDuration, {
    description: 'Duration of the STS calls a hop makes, the SDK’s retries included.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });

  function record(index: number, method: string, started: number, error: unknown, failed: boolean): void {
    try {
      const base = hopAttributes[index] ?? {};
      stsDuration.record(
        (performance.now() - started) / 1000,
        failed
          ? { ...base, [A.method]: method, [A.errorType]: errorType(error) }
          : { ...base, [A.method]: method },
      );
    } catch {
      // Metrics must never break credentials.
    }
  }

  function time<T>(index: number, method: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const pending = call();
    pending.then(
      () => {
        record(index, method, started, undefined, false);
      },
      (error: unknown) => {
        record(index, method, started, error, true);
      },
    );
    return pending;
  }

  return {
    refresh(index, refresh) {
      refresh.then(
        () => {
          count(index, undefined, false);
        },
        (error: unknown) => {
          count(index, error, true);
        },
      );
    },
    timed(client, index) {
      return {
        ...client,
        assumeRole: (input, parent) => time(index, 'AssumeRole', () => client.assumeRole(input, parent)),
        getCallerIdentity: (parent) =>
          time(index, 'GetCallerIdentity', () => client.getCallerIdentity(parent)),
      };
    },
    observe(chain) {
      // Held weakly: a provider the application dropped stops being reported, and its callback goes.
      const ref = new WeakRef(chain);
      const callback: BatchObservableCallback = (result) => {
        const live = ref.deref();
        if (live === undefined) {
          meter.removeBatchObservableCallback(callback, [expiry, degraded]);
          return;
        }
        const at = now();
        for (const hop of live.status()) {
          const attributes = hopAttributes[hop.hop - 1] ?? {};
          if (hop.expiration !== undefined) {
            result.observe(expiry, (hop.expiration.getTime() - at) / 1000, attributes);
          }
          const serving = hop.state !== 'empty' && hop.state !== 'expired';
          result.observe(degraded, serving && hop.failures > 0 ? 1 : 0, attributes);
        }
      };
      meter.addBatchObservableCallback(callback, [expiry, degraded]);
    },
  };

  function count(index: number, error: unknown, failed: boolean): void {
    try {
      const base = hopAttributes[index] ?? {};
      refreshes.add(
        1,
        failed
          ? { ...base, [A.outcome]: 'failure', [A.errorType]: errorType(error) }
          : { ...base, [A.outcome]: 'success' },
      );
    } catch {
      // Metrics must never break credentials.
    }
  }
}
