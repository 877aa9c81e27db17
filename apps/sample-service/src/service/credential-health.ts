/**
 * What `/healthz` reports about the chain, as the provider itself reports it (`provider.status()`): each
 * hop's state by the refresh windows, when its session arrived, when the next refresh starts, when it
 * expires, and the failed refreshes since its last success — all secret-free. It calls the provider first
 * (a cached answer costs microseconds), so a health check also keeps the chain warm and starts a refresh
 * that is due.
 */
import { RoleChainConfigError, RoleChainError } from '@rolechain/credential-provider';
import type { RoleChainHopStatus, RoleChainProvider } from '@rolechain/credential-provider';
import type { Health, HealthError, HopHealth } from './api';

const iso = (date: Date | undefined): string | null => date?.toISOString() ?? null;

/** One of the times present (`Math.min`: the earliest, `Math.max`: the latest), as ISO; null if none is. */
const pick =
  (extreme: (...times: number[]) => number) =>
  (dates: readonly (Date | undefined)[]): string | null => {
    const times = dates.flatMap((date) => (date === undefined ? [] : [date.getTime()]));
    return times.length === 0 ? null : new Date(extreme(...times)).toISOString();
  };
const earliest = pick(Math.min);
const latest = pick(Math.max);

/** The hop a provider error names, if it names one. */
function hopOf(error: unknown): number | null {
  return error instanceof RoleChainError || error instanceof RoleChainConfigError
    ? (error.hop ?? null)
    : null;
}

function errorOf(error: unknown, at: Date, hop: number | null): HealthError {
  return {
    message: error instanceof Error ? error.message : 'refresh failed',
    code: error instanceof RoleChainError ? error.code : null,
    hop,
    at: at.toISOString(),
  };
}

function hopHealth(status: RoleChainHopStatus): HopHealth {
  const { lastError, lastErrorAt } = status;
  return {
    hop: status.hop,
    roleArn: status.roleArn,
    state: status.state,
    receivedAt: iso(status.receivedAt),
    refreshFrom: iso(status.refreshFrom),
    waitFrom: iso(status.waitFrom),
    expiresAt: iso(status.expiration),
    refreshing: status.refreshing,
    failures: status.failures,
    lastError:
      lastError === undefined || lastErrorAt === undefined
        ? null
        : errorOf(lastError, lastErrorAt, status.hop),
    retryAt: iso(status.retryAt),
  };
}

/** The hop error that happened last, if any hop holds one. */
function latestError(hops: readonly HopHealth[]): HealthError | null {
  return hops.reduce<HealthError | null>(
    (newest, { lastError }) =>
      lastError !== null && (newest === null || Date.parse(lastError.at) > Date.parse(newest.at))
        ? lastError
        : newest,
    null,
  );
}

/**
 * Refreshes have failed since the session the service signs with (the last hop's) arrived. A hop keeps its
 * failures until its next success, and the provider refreshes a hop before the last only when the next hop
 * fetches: once the last hop has a session newer than a failure, that failure says nothing about the service.
 */
function failingSinceServed(statuses: readonly RoleChainHopStatus[]): boolean {
  const served = statuses.at(-1)?.receivedAt?.getTime() ?? -Infinity;
  return statuses.some((hop) => hop.failures > 0 && (hop.lastErrorAt?.getTime() ?? Infinity) >= served);
}

/**
 * Answers `/healthz`: calls the provider once, then describes its hops. `now` is the clock the provider runs
 * on; it dates a failure no hop records (a profile chain whose profiles could not be read).
 */
export async function checkCredentials(provider: RoleChainProvider, now: () => number): Promise<Health> {
  let thrown: HealthError | undefined;
  try {
    await provider();
  } catch (error) {
    thrown = errorOf(error, new Date(now()), hopOf(error));
  }
  const statuses = provider.status();
  const hops = statuses.map(hopHealth);
  return {
    status: thrown !== undefined ? 'failing' : failingSinceServed(statuses) ? 'degraded' : 'ok',
    credentials: {
      fresh: thrown === undefined && hops.length > 0 && hops.every((hop) => hop.state === 'fresh'),
      expiresAt: statuses.every((hop) => hop.expiration !== undefined)
        ? earliest(statuses.map((hop) => hop.expiration))
        : null,
      nextRefreshAt: earliest(statuses.map((hop) => hop.retryAt ?? hop.refreshFrom)),
      lastRefreshAt: latest(statuses.map((hop) => hop.receivedAt)),
      lastError: latestError(hops) ?? thrown ?? null,
      hops,
    },
  };
}
