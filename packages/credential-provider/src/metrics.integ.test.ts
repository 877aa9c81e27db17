/**
 * Credential health as OpenTelemetry metrics, with real parts: the SDK's MeterProvider and a metric reader
 * collected on demand, a real three-hop chain against the STS mock over msw. One faked clock (Date only)
 * drives the mock and the provider.
 */
import { randomBytes } from 'node:crypto';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RoleChainConfigError } from './errors';
import { fromRoleChain } from './from-role-chain';
import type { RoleChainOptions } from './options';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

const MIN = 60_000;
const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const now = (): number => Date.now();
const { sts } = useStsMock({ now: () => new Date(now()) });

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });
const c = sts.createRole({ accountId: '444444444444', roleName: 'c', trustedPrincipals: [b.arn] });
const hops = [a, b, c];

/** A reader the test collects from when it wants, as Prometheus scrapes (cumulative temporality). */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let reader: OnDemandReader;
let meterProvider: MeterProvider;

failOnUnhandledRejections();
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterEach(async () => {
  vi.setSystemTime(T0);
  await meterProvider.shutdown();
});
afterAll(() => {
  vi.useRealTimers();
});

function freshMeterProvider(): MeterProvider {
  reader = new OnDemandReader();
  meterProvider = new MeterProvider({ readers: [reader] });
  return meterProvider;
}

function chain(options: Partial<RoleChainOptions> = {}) {
  return fromRoleChain({
    source: alice.credentials,
    region: 'eu-west-1',
    roles: hops.map((role) => ({ roleArn: role.arn })),
    now,
    refreshWindows: { jitter: false },
    stsClientConfig: { maxAttempts: 1 },
    ...options,
  });
}

async function collect(): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const byName = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
  }
  return byName;
}

/** Each data point as `{ attributes, value }`, for comparing. */
function points(metric: MetricData | undefined): { attributes: Record<string, unknown>; value: unknown }[] {
  return (metric?.dataPoints ?? []).map((point) => ({
    attributes: point.attributes,
    value: point.value,
  }));
}

const hopAttributes = (index: number) => ({
  'rolechain.hop.number': index + 1,
  'rolechain.role.arn': hops[index]?.arn,
});

describe('fromRoleChain metrics', () => {
  it('reports, per hop, the seconds until its credentials expire, and no degradation', async () => {
    const credentials = chain({ meterProvider: freshMeterProvider() });
    await credentials();

    const metricsNow = await collect();
    const expiry = metricsNow.get('rolechain.credentials.expiry');
    expect(expiry?.descriptor.unit).toBe('s');
    expect(expiry?.dataPointType).toBe(DataPointType.GAUGE);
    expect(points(expiry)).toEqual(
      hops.map((_, index) => ({ attributes: hopAttributes(index), value: 3600 })),
    );
    expect(points(metricsNow.get('rolechain.credentials.degraded'))).toEqual(
      hops.map((_, index) => ({ attributes: hopAttributes(index), value: 0 })),
    );

    vi.setSystemTime(T0 + 10 * MIN);
    expect(points((await collect()).get('rolechain.credentials.expiry')).map((point) => point.value)).toEqual(
      [3000, 3000, 3000],
    );
  });

  it('counts refreshes by outcome, times each STS call, and flags a hop serving cached credentials through failures', async () => {
    const credentials = chain({ meterProvider: freshMeterProvider() });
    const first = await credentials();
    const refreshes = () => points(collectedRefreshes);
    let collectedRefreshes = (await collect()).get('rolechain.credentials.refreshes');
    expect(collectedRefreshes?.descriptor.unit).toBe('{refresh}');
    expect(refreshes()).toEqual(
      hops.map((_, index) => ({
        attributes: { ...hopAttributes(index), 'rolechain.refresh.outcome': 'success' },
        value: 1,
      })),
    );

    // Inside the advisory window with STS down: the refresh fails in the background, cached credentials serve.
    sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
    vi.setSystemTime(T0 + 46 * MIN);
    expect(await credentials()).toBe(first);
    await vi.waitFor(() => {
      expect(credentials.status()[2]?.failures).toBeGreaterThan(0);
    });
    const during = await collect();
    collectedRefreshes = during.get('rolechain.credentials.refreshes');
    expect(refreshes()).toContainEqual({
      attributes: {
        ...hopAttributes(2),
        'rolechain.refresh.outcome': 'failure',
        'error.type': 'ServiceUnavailable',
      },
      value: credentials.status()[2]?.failures,
    });
    expect(points(during.get('rolechain.credentials.degraded'))).toContainEqual({
      attributes: hopAttributes(2),
      value: 1,
    });

    // STS is back (reset forgets the mock's calls: they are tallied first): the next refresh succeeds.
    const assumeRoleCalls = (roleArn: string) =>
      sts.calls.filter((call) => call.action === 'AssumeRole' && call.params['RoleArn'] === roleArn).length;
    const before = hops.map((role) => assumeRoleCalls(role.arn));
    sts.reset();
    vi.setSystemTime(T0 + 59.5 * MIN);
    const renewed = await credentials();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    const after = await collect();
    expect(points(after.get('rolechain.credentials.degraded')).map((point) => point.value)).toEqual([
      0, 0, 0,
    ]);

    // One histogram point per hop and STS method; its count is the number of calls the mock saw.
    const duration = after.get('rolechain.sts.request.duration');
    expect(duration?.descriptor.unit).toBe('s');
    for (const [index, role] of hops.entries()) {
      const counted = (duration?.dataPoints ?? [])
        .filter(
          (point) =>
            point.attributes['rolechain.hop.number'] === index + 1 &&
            point.attributes['rpc.method'] === 'AssumeRole',
        )
        .reduce((sum, point) => sum + (point.value as { count: number }).count, 0);
      expect(counted).toBe((before[index] ?? 0) + assumeRoleCalls(role.arn));
    }
  });

  it('reports through the global MeterProvider by default', async () => {
    metrics.setGlobalMeterProvider(freshMeterProvider());
    try {
      const credentials = chain();
      await credentials();
      expect(points((await collect()).get('rolechain.credentials.expiry'))).toHaveLength(3);
    } finally {
      metrics.disable();
    }
  });

  it('reports nothing with meterProvider: false, even with a global one registered', async () => {
    metrics.setGlobalMeterProvider(freshMeterProvider());
    try {
      const credentials = chain({ meterProvider: false });
      await credentials();
      expect([...(await collect()).keys()]).toEqual([]);
    } finally {
      metrics.disable();
    }
  });

  it('never puts a key, secret or token in any metric', async () => {
    const credentials = chain({ meterProvider: freshMeterProvider() });
    const issued = await credentials();
    sts.inject({ action: 'AssumeRole', error: 'Throttling', times: 2 });
    vi.setSystemTime(T0 + 46 * MIN);
    await credentials();
    await vi.waitFor(() => {
      expect(credentials.status().some((hop) => hop.failures > 0)).toBe(true);
    });

    const everything = JSON.stringify([...(await collect()).values()]);
    for (const secret of [
      alice.accessKeyId,
      alice.credentials.secretAccessKey,
      issued.accessKeyId,
      issued.secretAccessKey,
      issued.sessionToken,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain('rolechain.credentials.expiry');
  });
});

describe('meterProvider option', () => {
  it.each([
    ['a string', 'prometheus'],
    ['an object without getMeter', { meter: () => undefined }],
    ['true', true],
  ])('refuses %s before any call, naming the option', (_, meterProvider) => {
    const calls = sts.calls.length;
    expect(() => chain({ meterProvider: meterProvider as never })).toThrow(RoleChainConfigError);
    expect(() => chain({ meterProvider: meterProvider as never })).toThrow(
      /^meterProvider: must be an OpenTelemetry MeterProvider \(an object with getMeter\) or false, got /,
    );
    expect(sts.calls.length).toBe(calls);
  });

  it('never echoes a secret held by a wrong meterProvider', () => {
    const secret = randomBytes(24).toString('base64');
    let error: unknown;
    try {
      chain({ meterProvider: { secretAccessKey: secret } as never });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect(String(error)).not.toContain(secret);
  });

  it('refuses a meterProvider whose getMeter getter throws, without calling it again', () => {
    const hostile = Object.defineProperty({}, 'getMeter', {
      get() {
        throw new Error('boom');
      },
    });
    expect(() => chain({ meterProvider: hostile as never })).toThrow(/reading its getMeter threw/);
  });
});
