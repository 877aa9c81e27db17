/** What the service answers, independent of HTTP: the routes call these, the tests fake them. */

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

/** `GET /healthz`: the credentials' state, never a secret. */
export interface Health {
  /** `ok`: fresh credentials; `degraded`: serving cached ones while refreshes fail; `failing`: none usable. */
  status: 'ok' | 'degraded' | 'failing';
  credentials: {
    fresh: boolean;
    /** When the earliest hop's session expires. */
    expiresAt: string | null;
    /** When the provider will next refresh. */
    nextRefreshAt: string | null;
    lastRefreshAt: string | null;
    lastError: { message: string; code: string | null; hop: number | null; at: string } | null;
  };
}

export interface ServiceApi {
  whoami(): Promise<WhoAmI>;
  listReports(prefix: string | undefined): Promise<ReportList>;
  getReport(key: string): Promise<Report>;
  health(): Promise<Health>;
}
