import type { RoleChainHopStatus } from '@rolechain/credential-provider';
import type { HealthReport } from './credentials-endpoint';
import { errorLine } from './error-line';

/**
 * A chain's health: `ok`; `degraded` when a refresh failed but its last hop still serves cached credentials;
 * `unavailable` when a hop failed and the last hop holds nothing valid, so clients get errors until STS answers
 * again. A hop that expired because nobody asked is still `ok`: the next request refreshes it.
 */
export type ChainHealth = 'ok' | 'degraded' | 'unavailable';

const rank: Readonly<Record<ChainHealth, number>> = { ok: 0, degraded: 1, unavailable: 2 };

/** What `status()` says of a hop, as JSON, with no secret: states, times, failures, the error's one line. */
function hopReport(hop: RoleChainHopStatus) {
  const iso = (date: Date) => date.toISOString();
  return {
    hop: hop.hop,
    roleArn: hop.roleArn,
    state: hop.state,
    ...(hop.expiration === undefined ? {} : { expiration: iso(hop.expiration) }),
    ...(hop.refreshFrom === undefined ? {} : { refreshFrom: iso(hop.refreshFrom) }),
    refreshing: hop.refreshing,
    failures: hop.failures,
    ...(hop.lastError === undefined ? {} : { lastError: errorLine(hop.lastError) }),
    ...(hop.lastErrorAt === undefined ? {} : { lastErrorAt: iso(hop.lastErrorAt) }),
    ...(hop.retryAt === undefined ? {} : { retryAt: iso(hop.retryAt) }),
  };
}

/** The health of one chain from its hops' status: clients are served while its last hop holds valid credentials. */
export function chainHealth(hops: readonly RoleChainHopStatus[]): ChainHealth {
  if (hops.every((hop) => hop.failures === 0)) return 'ok';
  const last = hops.at(-1);
  return last === undefined || last.state === 'empty' || last.state === 'expired'
    ? 'unavailable'
    : 'degraded';
}

/**
 * The health report of every chain served: 200 while each one can serve (`ok` or `degraded`), 503 when one
 * is `unavailable`; the body names each chain's health and its hops.
 */
export function healthReport(
  chains: ReadonlyMap<string, { status: () => RoleChainHopStatus[] }>,
): HealthReport {
  let worst: ChainHealth = 'ok';
  const body: Record<string, { status: ChainHealth; hops: ReturnType<typeof hopReport>[] }> = Object.create(
    null,
  ) as Record<string, never>;
  for (const [name, provider] of chains) {
    const hops = provider.status();
    const status = chainHealth(hops);
    if (rank[status] > rank[worst]) worst = status;
    body[name] = { status, hops: hops.map(hopReport) };
  }
  return { status: worst === 'unavailable' ? 503 : 200, body: { status: worst, chains: body } };
}
