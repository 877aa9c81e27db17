/** What the service answers, independent of HTTP: the routes call these, the tests fake them. */
import type { RoleChainHopState } from '@rolechain/credential-provider';

/** `GET /whoami`: who the service is at the end of its chain, and how it got there. */
export interface WhoAmI {
  /** From `GetCallerIdentity` over the chained credentials. */
  arn: string;
  account: string;
  userId: string;
  sourceIdentity?: string;
  /** The base identity; its key masked. */
  source: { arn?: string; accessKeyId: string };
  /** Every hop, first to last. */
  chain: { roleArn: string; arn: string; expiresAt: string }[];
}

export interface ReportSummary {
  key: string;
  size: number;
  lastModified: string;
}

/** `GET /reports`. */
export interface ReportList {
  bucket: string;
  prefix: string;
  reports: ReportSummary[];
  /** More reports exist than one answer lists (more than ten pages). */
  truncated: boolean;
}

/** `GET /reports/:key`: the object itself. */
export interface Report {
  key: string;
  contentType: string;
  body: Uint8Array;
}

/** An error as `/healthz` shows it: the provider's errors are secret-free. */
export interface HealthError {
  message: string;
  /** The STS (or rolechain) error code, e.g. `ServiceUnavailable`, `AccessDenied`. */
  code: string | null;
  /** The hop (1-based) that failed. */
  hop: number | null;
  at: string;
}

/** One hop of the chain in `/healthz`: what the provider's cache holds for it (`provider.status()`). */
export interface HopHealth {
  hop: number;
  roleArn: string;
  /** `empty` before its first fetch, then by the windows: `fresh`, `advisory`, `mandatory`, `expired`. */
  state: RoleChainHopState;
  /** When its session arrived. */
  receivedAt: string | null;
  /** From then on, the next call starts a background refresh (the advisory window). */
  refreshFrom: string | null;
  /** From then on, calls wait for a refresh (the mandatory window). */
  waitFrom: string | null;
  /** When its session expires (the provider's `expiration`). */
  expiresAt: string | null;
  /** An AssumeRole for this hop is running. */
  refreshing: boolean;
  /** Failed refreshes in a row since its last success. */
  failures: number;
  /** The latest of those failures; null once a refresh succeeds. */
  lastError: HealthError | null;
  /** While backing off after a failure: no new attempt before this time. */
  retryAt: string | null;
}

/** `GET /healthz`: the credentials' state as the provider reports it, never a secret. */
export interface Health {
  /**
   * `ok`: credentials served; `degraded`: served from the cache while refreshes fail (a failure since the
   * last hop's session arrived); `failing`: none usable.
   */
  status: 'ok' | 'degraded' | 'failing';
  credentials: {
    /** Every hop is fresh: no refresh due yet. */
    fresh: boolean;
    /** When the earliest hop's session expires; null while a hop has none. */
    expiresAt: string | null;
    /**
     * When the provider will next refresh: the earliest hop's `refreshFrom`, or its `retryAt` while it backs
     * off. In the past when a refresh is due or running.
     */
    nextRefreshAt: string | null;
    /** When the latest hop session arrived. */
    lastRefreshAt: string | null;
    /** The latest failure a hop still counts (until its next success), or else what the provider threw. */
    lastError: HealthError | null;
    /** Each hop, first hop first; empty until a profile chain's first call has read the profiles. */
    hops: HopHealth[];
  };
}

export interface ServiceApi {
  whoami(): Promise<WhoAmI>;
  listReports(prefix: string | undefined): Promise<ReportList>;
  getReport(key: string): Promise<Report>;
  health(): Promise<Health>;
  /** `GET /metrics`: the service's metrics in Prometheus text format; without it the route is a 404. */
  metrics?(): Promise<string>;
}
