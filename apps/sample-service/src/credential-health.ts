/**
 * What `/healthz` reports about the chain: are the credentials fresh, when do they expire, when will the
 * provider refresh them, when did it last, and the last refresh error — all secret-free. It asks the
 * provider itself (a cached answer costs microseconds), so a health check also keeps the chain warm, and
 * it reads the provider's log records to learn about background refreshes that failed while cached
 * credentials kept being served.
 */
import { getAssumedIdentity } from '@rolechain/credential-provider';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Health } from './api';
import type { JsonLogger, LogLevel } from './json-logger';

/**
 * The provider's advisory window for a credential lifetime, as `@rolechain/credential-provider` documents
 * it: 5 min if it lives ≤ 20 min, 15 min if < 90 min, else 60 min, never more than half the lifetime.
 */
export function advisoryWindowMs(lifetimeMs: number): number {
  const minute = 60_000;
  const window =
    lifetimeMs <= 20 * minute ? 5 * minute : lifetimeMs < 90 * minute ? 15 * minute : 60 * minute;
  return Math.min(window, lifetimeMs / 2);
}

interface LastError {
  message: string;
  code: string | null;
  hop: number | null;
  at: number;
}

export interface CredentialHealth {
  /** Answers `/healthz`: calls the provider once and describes what it got. */
  check(provider: AwsCredentialIdentityProvider): Promise<Health>;
  /** A logger for the provider: passes every record on and remembers the refresh failures among them. */
  providerLogger(logger: JsonLogger): JsonLogger;
}

/** The provider's records for a failed refresh (`rolechain: refresh failed`, `… background refresh failed …`). */
function isRefreshFailure(record: object): boolean {
  const message = (record as Record<string, unknown>)['message'];
  return typeof message === 'string' && message.includes('refresh failed');
}

const stringOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const numberOr = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** `now` is the clock the provider runs on. */
export function createCredentialHealth(now: () => number): CredentialHealth {
  /** When each hop's current session was first seen: its lifetime is measured from there. */
  const firstSeen = new Map<string, number>();
  let lastRefreshAt: number | undefined;
  let lastKey: string | undefined;
  let lastError: LastError | undefined;

  function remember(error: unknown): void {
    const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
    lastError = {
      message: error instanceof Error ? error.message : (stringOr(fields['message']) ?? 'refresh failed'),
      code: stringOr(fields['code']),
      hop: numberOr(fields['hop']),
      at: now(),
    };
  }

  function describe(credentials: AwsCredentialIdentity): Health {
    const at = now();
    if (credentials.accessKeyId !== lastKey) {
      lastKey = credentials.accessKeyId;
      lastRefreshAt = at;
    }
    const chain = getAssumedIdentity(credentials)?.chain ?? [];
    const hops = chain.map((hop) => {
      const id = `${hop.arn}@${hop.expiration.getTime()}`;
      const seen = firstSeen.get(id) ?? at;
      firstSeen.set(id, seen);
      const expiresAt = hop.expiration.getTime();
      return { expiresAt, refreshAt: expiresAt - advisoryWindowMs(expiresAt - seen) };
    });
    const expiresAt = Math.min(
      ...hops.map((hop) => hop.expiresAt),
      credentials.expiration?.getTime() ?? Infinity,
    );
    const nextRefreshAt = Math.min(...hops.map((hop) => hop.refreshAt));
    const fresh = at < nextRefreshAt;
    const failingSinceRefresh =
      lastError !== undefined && (lastRefreshAt === undefined || lastError.at >= lastRefreshAt);
    const iso = (time: number | undefined) =>
      time === undefined || !Number.isFinite(time) ? null : new Date(time).toISOString();
    return {
      status: failingSinceRefresh ? 'degraded' : 'ok',
      credentials: {
        fresh,
        expiresAt: iso(expiresAt),
        nextRefreshAt: iso(nextRefreshAt),
        lastRefreshAt: iso(lastRefreshAt),
        lastError:
          lastError === undefined ? null : { ...lastError, at: new Date(lastError.at).toISOString() },
      },
    };
  }

  return {
    async check(provider) {
      try {
        return describe(await provider());
      } catch (error) {
        remember(error);
        return {
          status: 'failing',
          credentials: {
            fresh: false,
            expiresAt: null,
            nextRefreshAt: null,
            lastRefreshAt: lastRefreshAt === undefined ? null : new Date(lastRefreshAt).toISOString(),
            lastError:
              lastError === undefined ? null : { ...lastError, at: new Date(lastError.at).toISOString() },
          },
        };
      }
    },

    providerLogger(logger) {
      const tee =
        (level: LogLevel) =>
        (...content: unknown[]): void => {
          const record = content[0];
          if (typeof record === 'object' && record !== null && isRefreshFailure(record)) remember(record);
          logger[level](...content);
        };
      return { debug: tee('debug'), info: tee('info'), warn: tee('warn'), error: tee('error') };
    },
  };
}
