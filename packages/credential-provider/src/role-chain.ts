import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { nextAttemptAt } from './backoff';
import { chainedDuration } from './chained-duration';
import { classifyError } from './classify-error';
import { createCredentials, type CredentialFeature, type RoleChainCredentials } from './credentials';
import { RoleChainConfigError, RoleChainError } from './errors';
import { getAssumedIdentity, type AssumedIdentity } from './identity';
import { askTokenCode, MfaTokenError } from './mfa';
import { maskAccessKeyId, safeCause, scrubSecrets } from './redact';
import { RefreshCache, type Fetched } from './refresh-cache';
import { refreshPoints } from './refresh-windows';
import { resolveHopRegion } from './resolve-region';
import { sessionNames, shortStableId } from './session-name';
import { hopStatus } from './status';
import type { RoleChainHopStatus } from './status';
import { createHopStsClient, type HopStsClient } from './sts-client';
import type { HopConfig, ValidatedOptions } from './validate-options';

/** The credential provider `fromRoleChain` returns: usable as `credentials` by any AWS SDK v3 client. */
export interface RoleChainProvider extends AwsCredentialIdentityProvider {
  (identityProperties?: Record<string, unknown>): Promise<RoleChainCredentials>;
  /** Drops cached hops — all of them, or hop `fromHop` (1-based) and the ones after it. */
  invalidate(fromHop?: number): void;
  /** What each hop's cache holds now, first hop first: for health checks and dashboards; no secret, no call. */
  status(): RoleChainHopStatus[];
  /** Tells SDK clients the provider caches by itself, so they ask it on every request. */
  readonly memoized: true;
}

/** What the SDK passes a credential provider about the client asking (`callerClientConfig`). */
interface CallerClientConfig {
  region?: () => Promise<string>;
  profile?: string;
}

/** Extra behaviour for chains built from shared config profiles. */
export interface ChainExtras {
  features: readonly CredentialFeature[];
}

/** Errors whose code says the credentials that signed the call were rejected, not the request. */
const rejectedCredentialCodes = new Set(['ExpiredToken', 'InvalidClientTokenId']);

function callerOf(properties: Record<string, unknown> | undefined): CallerClientConfig | undefined {
  const caller = properties?.['callerClientConfig'];
  return typeof caller === 'object' && caller !== null ? caller : undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/**
 * The SDK's default chain (what `fromNodeProviderChain()` returns), loaded on first use: a service that
 * passes its own `source` never pays for importing it.
 */
function nodeProviderChain(): AwsCredentialIdentityProvider {
  let chain: AwsCredentialIdentityProvider | undefined;
  return async (identityProperties) => {
    if (chain === undefined) {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      chain = defaultProvider();
    }
    return chain(identityProperties);
  };
}

/** Builds the provider from validated options. */
export function createRoleChain(options: ValidatedOptions, extras: ChainExtras): RoleChainProvider {
  const now = options.now ?? Date.now;
  const random = Math.random;
  const hops = options.hops.length;
  const names = sessionNames(options.hops, shortStableId());
  const source = options.source;
  const sourceProvider: AwsCredentialIdentityProvider =
    source === undefined
      ? nodeProviderChain()
      : typeof source === 'function'
        ? source
        : () => Promise.resolve(source);
  const sourceIsProvider = typeof source !== 'object';
  const sourceInfos = new Map<string, AssumedIdentity['source']>();
  const clampWarned = new Set<number>();
  let caller: CallerClientConfig | undefined;
  let clients: Promise<HopStsClient[]> | undefined;
  let forceSourceRefresh = false;

  function log(level: keyof Logger, message: string, fields: Record<string, unknown>): void {
    try {
      options.logger?.[level]?.({ message, ...fields });
    } catch {
      // A broken logger must never break credentials.
    }
  }

  /** Regions for every hop, settled before the first network call; retried after a failure. */
  function prepare(): Promise<HopStsClient[]> {
    const regionOf = (hop: HopConfig, index: number): Promise<string> =>
      resolveHopRegion({
        roleArn: hop.roleArn,
        index,
        hopRegion: hop.region,
        providerRegion: options.region,
        callerRegion: caller?.region,
        callerProfile: caller?.profile,
      });
    clients ??= Promise.all(options.hops.map(regionOf)).then(
      (regions) => {
        log('debug', 'rolechain: STS regions resolved', { regions });
        return regions.map((region) =>
          createHopStsClient(region, options.stsClientConfig, options.timeoutMs),
        );
      },
      (error: unknown) => {
        clients = undefined;
        throw error;
      },
    );
    return clients;
  }

  async function sourceCredentials(): Promise<AwsCredentialIdentity> {
    const force = forceSourceRefresh;
    forceSourceRefresh = false;
    try {
      return await sourceProvider({
        ...(caller === undefined ? {} : { callerClientConfig: caller }),
        ...(force ? { forceRefresh: true } : {}),
      });
    } catch (error) {
      const { code, retryable, requestId } = classifyError(error);
      throw new RoleChainError({
        hop: 0,
        hops,
        roleArn: undefined,
        code,
        requestId,
        retryable,
        detail: errorText(error),
        cause: safeCause(error, []),
      });
    }
  }

  /** The base identity: one GetCallerIdentity per distinct source key, in parallel, never blocking. */
  function sourceInfo(parent: AwsCredentialIdentity, client: HopStsClient): AssumedIdentity['source'] {
    const known = sourceInfos.get(parent.accessKeyId);
    if (known !== undefined) return known;
    const info: AssumedIdentity['source'] = { accessKeyId: maskAccessKeyId(parent.accessKeyId) };
    sourceInfos.set(parent.accessKeyId, info);
    client.getCallerIdentity(parent).then(
      (answer) => {
        if (answer.Arn !== undefined) info.arn = answer.Arn;
        if (answer.Account !== undefined) info.accountId = answer.Account;
      },
      (error: unknown) => {
        sourceInfos.delete(parent.accessKeyId);
        log('debug', 'rolechain: GetCallerIdentity for the source failed; will try again', {
          code: classifyError(error).code,
        });
      },
    );
    return info;
  }

  function durationFor(hop: HopConfig, index: number, parent: AwsCredentialIdentity): number | undefined {
    const callerIsSession = index > 0 || (parent.sessionToken !== undefined && parent.sessionToken !== '');
    const { durationSeconds, clamped } = chainedDuration(
      hop.durationSeconds,
      index,
      callerIsSession,
      options.strictDuration,
    );
    if (clamped && !clampWarned.has(index)) {
      clampWarned.add(index);
      log('warn', 'rolechain: durationSeconds clamped to 3600 for a role assumed by role chaining', {
        hop: index + 1,
        hops,
        roleArn: hop.roleArn,
        requested: hop.durationSeconds,
      });
    }
    return durationSeconds;
  }

  function hopError(index: number, error: unknown, secrets: readonly (string | undefined)[]): RoleChainError {
    const hop = options.hops[index] as HopConfig;
    const mfaCode = error instanceof MfaTokenError ? error.code : undefined;
    const { code, retryable, requestId } = classifyError(error);
    return new RoleChainError({
      hop: index + 1,
      hops,
      roleArn: hop.roleArn,
      code: mfaCode ?? code,
      requestId,
      retryable: mfaCode === undefined && retryable,
      detail: scrubSecrets(errorText(error), secrets),
      cause: safeCause(error, secrets),
    });
  }

  async function fetchHop(index: number): Promise<Fetched<RoleChainCredentials>> {
    const hop = options.hops[index] as HopConfig;
    const client = (await prepare())[index] as HopStsClient;
    const parentOf = async (): Promise<AwsCredentialIdentity> =>
      index === 0 ? sourceCredentials() : (caches[index - 1] as RefreshCache<RoleChainCredentials>).get();
    let parent = await parentOf();
    const source = index === 0 ? sourceInfo(parent, client) : undefined;
    const input: AssumeRoleCommandInput = {
      RoleArn: hop.roleArn,
      RoleSessionName: names[index],
      ExternalId: hop.externalId,
      DurationSeconds: durationFor(hop, index, parent),
      Policy: hop.policy,
      PolicyArns: hop.policyArns?.map((arn) => ({ arn })),
      Tags: hop.tags,
      TransitiveTagKeys: hop.transitiveTagKeys,
      SourceIdentity: hop.sourceIdentity,
    };
    let output: AssumeRoleCommandOutput | undefined;
    for (let attempt = 1; output === undefined; attempt += 1) {
      let tokenCode: string | undefined;
      try {
        if (hop.mfa !== undefined) {
          tokenCode = await askTokenCode(hop.mfa, index + 1, `roles[${index}].mfa`);
          input.SerialNumber = hop.mfa.serialNumber;
          input.TokenCode = tokenCode;
        }
        output = await client.assumeRole(input, parent);
      } catch (error) {
        if (error instanceof RoleChainConfigError) throw error;
        const code = classifyError(error).code;
        if (attempt === 1 && rejectedCredentialCodes.has(code) && (index > 0 || sourceIsProvider)) {
          // The parent credentials were rejected: refresh them once and try again.
          log('info', 'rolechain: parent credentials rejected; refreshing them and retrying once', {
            hop: index + 1,
            hops,
            roleArn: hop.roleArn,
            code,
          });
          if (index > 0) (caches[index - 1] as RefreshCache<RoleChainCredentials>).invalidate();
          else forceSourceRefresh = true;
          parent = await parentOf();
          continue;
        }
        throw hopError(index, error, [parent.secretAccessKey, parent.sessionToken, tokenCode]);
      }
    }
    return toFetched(index, hop, client, output, parent, source, [
      parent.secretAccessKey,
      parent.sessionToken,
    ]);
  }

  function toFetched(
    index: number,
    hop: HopConfig,
    client: HopStsClient,
    output: AssumeRoleCommandOutput,
    parent: AwsCredentialIdentity,
    source: AssumedIdentity['source'] | undefined,
    secrets: readonly (string | undefined)[],
  ): Fetched<RoleChainCredentials> {
    const issued = output.Credentials;
    const arn = output.AssumedRoleUser?.Arn;
    if (
      issued?.AccessKeyId === undefined ||
      issued.SecretAccessKey === undefined ||
      issued.SessionToken === undefined ||
      issued.Expiration === undefined ||
      arn === undefined
    ) {
      throw hopError(
        index,
        Object.assign(new Error('STS answered without credentials or AssumedRoleUser'), {
          name: 'InvalidResponse',
          $metadata: output.$metadata,
        }),
        secrets,
      );
    }
    const parentIdentity = index === 0 ? undefined : getAssumedIdentity(parent);
    const accountId = arn.split(':')[4] ?? '';
    const sourceIdentity = output.SourceIdentity ?? hop.sourceIdentity ?? parentIdentity?.sourceIdentity;
    const identity: AssumedIdentity = {
      arn,
      accountId,
      roleArn: hop.roleArn,
      sessionName: names[index] as string,
      ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
      chain: [...(parentIdentity?.chain ?? []), { roleArn: hop.roleArn, arn, expiration: issued.Expiration }],
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
      extras.features,
    );
    log('debug', 'rolechain: assumed role', {
      hop: index + 1,
      hops,
      roleArn: hop.roleArn,
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

  const caches: RefreshCache<RoleChainCredentials>[] = options.hops.map(
    (hop, index) =>
      new RefreshCache<RoleChainCredentials>({
        fetch: () => fetchHop(index),
        now,
        points: (receivedAt, expiresAt) =>
          refreshPoints(receivedAt, expiresAt, options.refreshWindows, random),
        isRetryable: (error) => (error instanceof RoleChainError ? error.retryable : false),
        nextAttemptAt: (at, failures, expiresAt) =>
          nextAttemptAt(at, failures, expiresAt, options.backoff, random),
        onFailure: (error, background) => {
          const fields = {
            hop: index + 1,
            hops,
            roleArn: hop.roleArn,
            code: error instanceof RoleChainError ? error.code : classifyError(error).code,
            retryable: error instanceof RoleChainError && error.retryable,
          };
          if (background)
            log('warn', 'rolechain: background refresh failed; serving cached credentials', fields);
          else log('debug', 'rolechain: refresh failed', fields);
        },
      }),
  );
  const last = caches[hops - 1] as RefreshCache<RoleChainCredentials>;

  function slow(identityProperties: Record<string, unknown> | undefined): Promise<RoleChainCredentials> {
    const callerConfig = callerOf(identityProperties);
    if (callerConfig !== undefined) caller = callerConfig;
    return last.get();
  }

  const provider = (identityProperties?: Record<string, unknown>): Promise<RoleChainCredentials> =>
    last.fresh() ?? slow(identityProperties);

  function invalidate(fromHop = 1): void {
    if (!Number.isInteger(fromHop) || fromHop < 1 || fromHop > hops) {
      throw new RoleChainConfigError(
        'invalidate(fromHop)',
        `must be a hop number from 1 to ${hops}, got ${String(fromHop)}`,
      );
    }
    for (let index = fromHop - 1; index < hops; index += 1)
      (caches[index] as RefreshCache<RoleChainCredentials>).invalidate();
    if (fromHop === 1) forceSourceRefresh = true;
    log('debug', 'rolechain: cached hops dropped', { fromHop, hops });
  }

  function status(): RoleChainHopStatus[] {
    const at = now();
    return options.hops.map((hop, index) =>
      hopStatus(index + 1, hop.roleArn, (caches[index] as RefreshCache<RoleChainCredentials>).state(), at),
    );
  }

  return Object.assign(provider, { invalidate, status, memoized: true as const });
}
