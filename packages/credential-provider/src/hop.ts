import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, Logger } from '@smithy/types';
import { nextAttemptAt } from './backoff';
import {
  callerIsRoleSession,
  CHAINED_MAX_SECONDS,
  chainedDuration,
  isChainingRefusal,
  type CallerIsRoleSession,
} from './chained-duration';
import { classifyError } from './classify-error';
import { createCredentials, type CredentialFeature, type RoleChainCredentials } from './credentials';
import { RoleChainConfigError, RoleChainError } from './errors';
import { readAssumedIdentity, type AssumedIdentity } from './identity';
import { askTokenCode, MfaTokenError } from './mfa';
import { maskAccessKeyId, safeCause, scrubSecrets } from './redact';
import { RefreshCache, type CacheState, type Fetched } from './refresh-cache';
import { refreshPoints } from './refresh-windows';
import { isRejectedCredentials } from './rejected-credentials';
import type { HopStsClient } from './sts-client';
import type { HopConfig, ValidatedOptions } from './validate-options';

/** What a hop assumes its role with: the chain's source for the first hop, the hop before it for the others. */
export interface HopParent {
  /** The parent's current credentials (cached or refreshed as the parent decides). */
  credentials(): Promise<AwsCredentialIdentity>;
  /** Makes the next `credentials()` fetch new ones; `undefined` when they cannot change (fixed credentials). */
  readonly renew: (() => void) | undefined;
}

/** Writes one structured log record; never throws. */
export type HopLog = (level: keyof Logger, message: string, fields: Record<string, unknown>) => void;

/** Everything one hop needs from its chain. */
export interface HopSettings {
  /** 0-based position in the chain. */
  index: number;
  /** Number of hops in the chain, for messages. */
  hops: number;
  config: HopConfig;
  sessionName: string;
  parent: HopParent;
  /** This hop's STS client (its region settled by the chain before the first call). */
  client: () => Promise<HopStsClient>;
  /** The base identity, for the first hop only: who the source credentials belong to. */
  describeSource:
    ((parent: AwsCredentialIdentity, client: HopStsClient) => AssumedIdentity['source']) | undefined;
  options: Pick<ValidatedOptions, 'strictDuration' | 'refreshWindows' | 'backoff'>;
  now: () => number;
  random: () => number;
  log: HopLog;
  features: readonly CredentialFeature[];
  /** Told of every refresh this hop starts (for metrics); must not throw. */
  onRefresh?: ((refresh: Promise<unknown>) => void) | undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/**
 * Logs a failed refresh of one link of the chain (a hop, or the base credentials as hop 0): a warning when
 * cached credentials are still served (background), a debug line when a caller sees the error.
 */
export function logRefreshFailure(
  log: HopLog,
  place: { hop: number; hops: number; roleArn?: string },
  error: unknown,
  background: boolean,
): void {
  const fields = {
    ...place,
    code: error instanceof RoleChainError ? error.code : classifyError(error).code,
    retryable: error instanceof RoleChainError && error.retryable,
  };
  if (background) log('warn', 'rolechain: background refresh failed; serving cached credentials', fields);
  else log('debug', 'rolechain: refresh failed', fields);
}

/**
 * One role of the chain: assumes it with its parent's credentials through its own STS client, asks for an
 * MFA code when it has a device, retries once with renewed parent credentials when STS rejects them, and
 * caches the session in its own refresh cache. What it hands on is that cache: the next hop's parent.
 */
export class Hop implements HopParent {
  readonly renew: () => void;
  private readonly settings: HopSettings;
  private readonly cache: RefreshCache<RoleChainCredentials>;
  private clampWarned = false;

  constructor(settings: HopSettings) {
    this.settings = settings;
    const { index, hops, config, now, random, options, log } = settings;
    this.renew = () => {
      this.cache.invalidate();
    };
    this.cache = new RefreshCache<RoleChainCredentials>({
      fetch: () => {
        const refresh = this.fetch();
        settings.onRefresh?.(refresh);
        return refresh;
      },
      now,
      points: (receivedAt, expiresAt) => refreshPoints(receivedAt, expiresAt, options.refreshWindows, random),
      isRetryable: (error) => (error instanceof RoleChainError ? error.retryable : false),
      // A failure of an earlier hop is that hop's to back off from (its own cache gates its STS calls); backing
      // off here too would only add waits. The first hop backs off from its source, which has no cache.
      nextAttemptAt: (at, streak, expiresAt, error) =>
        index > 0 && error instanceof RoleChainError && error.hop < index + 1
          ? at
          : nextAttemptAt(at, streak, expiresAt, options.backoff, random),
      onFailure: (error, background) => {
        logRefreshFailure(log, { hop: index + 1, hops, roleArn: config.roleArn }, error, background);
      },
    });
  }

  /** The cached session's promise while it needs no refresh (and it is before `until`); no allocation, no call. */
  fresh(until?: number): Promise<RoleChainCredentials> | undefined {
    return this.cache.fresh(until);
  }

  /** When a call would retry this hop's failed refresh (see {@link RefreshCache.retryDueAt}). */
  retryDueAt(): number {
    return this.cache.retryDueAt();
  }

  /** This hop's credentials, refreshed as its windows say. */
  credentials(): Promise<RoleChainCredentials> {
    return this.cache.get();
  }

  /** Drops the cached session. */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** What the cache holds now, for `status()`. */
  state(): CacheState {
    return this.cache.state();
  }

  /** Set once STS refused a duration over one hour for a caller we could not tell was a role session. */
  private chainedLearned = false;

  private durationFor(callerIsSession: CallerIsRoleSession): number | undefined {
    const { index, config, options } = this.settings;
    const { durationSeconds, clamped } = chainedDuration(
      config.durationSeconds,
      index,
      callerIsSession,
      options.strictDuration,
    );
    if (clamped) this.warnClamped();
    return durationSeconds;
  }

  private warnClamped(): void {
    if (this.clampWarned) return;
    const { index, hops, config, log } = this.settings;
    this.clampWarned = true;
    log('warn', 'rolechain: durationSeconds clamped to 3600 for a role assumed by role chaining', {
      hop: index + 1,
      hops,
      roleArn: config.roleArn,
      requested: config.durationSeconds,
    });
  }

  private error(error: unknown, secrets: readonly (string | undefined)[]): RoleChainError {
    const { index, hops, config } = this.settings;
    const mfaCode = error instanceof MfaTokenError ? error.code : undefined;
    const { code, retryable, requestId } = classifyError(error);
    return new RoleChainError({
      hop: index + 1,
      hops,
      roleArn: config.roleArn,
      code: mfaCode ?? code,
      requestId,
      retryable: mfaCode === undefined && retryable,
      detail: scrubSecrets(errorText(error), secrets),
      cause: safeCause(error, secrets),
    });
  }

  private async fetch(): Promise<Fetched<RoleChainCredentials>> {
    const { index, hops, config, sessionName, parent: from, log } = this.settings;
    const client = await this.settings.client();
    let parent = await from.credentials();
    const source = this.settings.describeSource?.(parent, client);
    // Whether the caller is a role session, without a call; unknown callers learn it from STS's refusal.
    const callerIsSession = this.chainedLearned || callerIsRoleSession(parent, index);
    const input: AssumeRoleCommandInput = {
      RoleArn: config.roleArn,
      RoleSessionName: sessionName,
      ExternalId: config.externalId,
      DurationSeconds: this.durationFor(callerIsSession),
      Policy: config.policy,
      PolicyArns: config.policyArns?.map((arn) => ({ arn })),
      Tags: config.tags,
      TransitiveTagKeys: config.transitiveTagKeys,
      SourceIdentity: config.sourceIdentity,
    };
    let output: AssumeRoleCommandOutput | undefined;
    for (let attempt = 1; output === undefined; attempt += 1) {
      let tokenCode: string | undefined;
      try {
        if (config.mfa !== undefined) {
          tokenCode = await askTokenCode(config.mfa, index + 1, `roles[${index}].mfa`);
          input.SerialNumber = config.mfa.serialNumber;
          input.TokenCode = tokenCode;
        }
        output = await client.assumeRole(input, parent);
      } catch (error) {
        if (error instanceof RoleChainConfigError) throw error;
        if (
          callerIsSession === undefined &&
          !this.chainedLearned &&
          (input.DurationSeconds ?? 0) > CHAINED_MAX_SECONDS &&
          isChainingRefusal(error)
        ) {
          // The source was a role session after all: STS allows it one hour. Ask again once, clamped (or
          // refuse, with strictDuration), and clamp at once on later refreshes.
          this.chainedLearned = true;
          input.DurationSeconds = this.durationFor(true);
          continue;
        }
        if (attempt === 1 && from.renew !== undefined && isRejectedCredentials(error)) {
          // The parent credentials were rejected: renew them once and try again.
          log('info', 'rolechain: parent credentials rejected; refreshing them and retrying once', {
            hop: index + 1,
            hops,
            roleArn: config.roleArn,
            code: classifyError(error).code,
          });
          from.renew();
          parent = await from.credentials();
          continue;
        }
        throw this.error(error, [parent.secretAccessKey, parent.sessionToken, tokenCode]);
      }
    }
    return this.handOn(client, output, parent, source, [parent.secretAccessKey, parent.sessionToken]);
  }

  /** The session STS issued, as the credentials this hop hands on, with the identity they carry. */
  private handOn(
    client: HopStsClient,
    output: AssumeRoleCommandOutput,
    parent: AwsCredentialIdentity,
    source: AssumedIdentity['source'] | undefined,
    secrets: readonly (string | undefined)[],
  ): Fetched<RoleChainCredentials> {
    const { index, hops, config, sessionName, now, log, features } = this.settings;
    const issued = output.Credentials;
    const arn = output.AssumedRoleUser?.Arn;
    if (
      issued?.AccessKeyId === undefined ||
      issued.SecretAccessKey === undefined ||
      issued.SessionToken === undefined ||
      issued.Expiration === undefined ||
      arn === undefined
    ) {
      throw this.error(
        Object.assign(new Error('STS answered without credentials or AssumedRoleUser'), {
          name: 'InvalidResponse',
          $metadata: output.$metadata,
        }),
        secrets,
      );
    }
    const parentIdentity = index === 0 ? undefined : readAssumedIdentity(parent);
    const accountId = arn.split(':')[4] ?? '';
    const sourceIdentity = output.SourceIdentity ?? config.sourceIdentity ?? parentIdentity?.sourceIdentity;
    const identity: AssumedIdentity = {
      arn,
      accountId,
      roleArn: config.roleArn,
      sessionName,
      ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
      chain: [
        ...(parentIdentity?.chain ?? []),
        { roleArn: config.roleArn, arn, expiration: issued.Expiration },
      ],
      source: source ?? parentIdentity?.source ?? { accessKeyId: maskAccessKeyId(parent.accessKeyId) },
    };
    const credentials = createCredentials(
      {
        accessKeyId: issued.AccessKeyId,
        secretAccessKey: issued.SecretAccessKey,
        sessionToken: issued.SessionToken,
        expiration: issued.Expiration,
        accountId: accountId === '' ? undefined : accountId,
      },
      identity,
      features,
    );
    log('debug', 'rolechain: assumed role', {
      hop: index + 1,
      hops,
      roleArn: config.roleArn,
      arn,
      expiration: issued.Expiration.toISOString(),
      requestId: output.$metadata.requestId,
    });
    // Expiration is on the server's clock. The SDK knows the server's time as Date.now() plus the offset it
    // learned from Date headers; translate expiry onto our clock (`now`, which may be injected) when ours runs
    // behind the server. A clock ahead of the server only makes us refresh early, so it is left alone.
    const serverAhead = Date.now() + client.clockOffsetMs() - now();
    return { value: credentials, expiresAt: issued.Expiration.getTime() - Math.max(0, serverAhead) };
  }
}
