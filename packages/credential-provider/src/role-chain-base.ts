import type { AwsCredentialIdentity } from '@smithy/types';
import { nextAttemptAt } from './backoff';
import { createBaseCredentials, type RoleChainBaseCredentials } from './credentials';
import { RoleChainError } from './errors';
import { logRefreshFailure, type HopLog, type HopParent } from './hop';
import { RefreshCache } from './refresh-cache';
import { refreshPoints } from './refresh-windows';
import type { ValidatedOptions } from './validate-options';

/** What a chain of zero hops needs from its chain: the source, the clock and the windows. */
export interface BaseCredentialsSettings {
  /** The chain's source, failing with `RoleChainError` hop 0. */
  parent: HopParent;
  options: Pick<ValidatedOptions, 'refreshWindows' | 'backoff'>;
  now: () => number;
  random: () => number;
  log: HopLog;
}

/** Credentials that do not say when they expire (long-term keys) never do, as in the SDK's own cache. */
function expiresAt(credentials: AwsCredentialIdentity): number {
  return credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
}

/**
 * The last "hop" of a chain of zero hops: the source's credentials, handed on as the source gave them and
 * cached by the same refresh windows as a hop's session (one call to a `credential_process` or SSO per
 * refresh, not one per request, since SDK clients call a memoized provider on every request). Credentials
 * without an expiration are kept until `invalidate()`; no STS call is ever made.
 */
export class BaseCredentials {
  private readonly cache: RefreshCache<RoleChainBaseCredentials>;

  constructor(settings: BaseCredentialsSettings) {
    const { parent, options, now, random, log } = settings;
    this.cache = new RefreshCache<RoleChainBaseCredentials>({
      fetch: async () => {
        const credentials = await parent.credentials();
        return { value: createBaseCredentials(credentials), expiresAt: expiresAt(credentials) };
      },
      now,
      points: (receivedAt, expiry) =>
        expiry === Number.POSITIVE_INFINITY
          ? { advisoryAt: expiry, mandatoryAt: expiry, expiresAt: expiry }
          : refreshPoints(receivedAt, expiry, options.refreshWindows, random),
      isRetryable: (error) => (error instanceof RoleChainError ? error.retryable : false),
      nextAttemptAt: (at, streak, expiry) => nextAttemptAt(at, streak, expiry, options.backoff, random),
      onFailure: (error, background) => {
        logRefreshFailure(log, { hop: 0, hops: 0 }, error, background);
      },
    });
  }

  /** The cached credentials' promise while they need no refresh (and it is before `until`). */
  fresh(until?: number): Promise<RoleChainBaseCredentials> | undefined {
    return this.cache.fresh(until);
  }

  /** The source's credentials, refreshed as their windows say. */
  credentials(): Promise<RoleChainBaseCredentials> {
    return this.cache.get();
  }

  /** Drops the cached credentials. */
  invalidate(): void {
    this.cache.invalidate();
  }
}
