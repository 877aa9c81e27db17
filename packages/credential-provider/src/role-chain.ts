import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { classifyError } from './classify-error';
import type { CredentialFeature, RoleChainBaseCredentials, RoleChainCredentials } from './credentials';
import { RoleChainConfigError, RoleChainError } from './errors';
import { Hop, type HopParent } from './hop';
import { LEARN_SOURCE, type AssumedIdentity } from './identity';
import { chainMetrics } from './metrics';
import { maskAccessKeyId, safeCause } from './redact';
import { resolveHopRegion } from './resolve-region';
import { BaseCredentials } from './role-chain-base';
import { sessionNames, shortStableId } from './session-name';
import { withinStartupBudget } from './startup-budget';
import { hopStatus } from './status';
import type { RoleChainHopStatus } from './status';
import { createHopStsClient, type HopStsClient } from './sts-client';
import type { HopConfig, ValidatedOptions } from './validate-options';

/**
 * The credential provider `fromRoleChain` and `fromRoleChainProfile` return: usable as `credentials` by any AWS
 * SDK v3 client. It resolves `Credentials`: `fromRoleChain`'s are always role credentials
 * (`RoleChainProvider<RoleChainCredentials>`); `fromRoleChainProfile`'s are the base credentials as their
 * source gave them when the profile has no `role_arn` (a chain of zero hops).
 */
export interface RoleChainProvider<
  Credentials extends AwsCredentialIdentity = RoleChainCredentials | RoleChainBaseCredentials,
> extends AwsCredentialIdentityProvider {
  (identityProperties?: Record<string, unknown>): Promise<Credentials>;
  /** Drops cached hops — all of them, or hop `fromHop` (1-based) and the ones after it. */
  invalidate(fromHop?: number): void;
  /** What each hop's cache holds now, first hop first (none for zero hops): for health checks; no secret, no call. */
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

/**
 * Builds the provider from validated options: a thin chain of {@link Hop}s, each the parent of the next, the
 * first one's parent the source. The chain settles every hop's STS region before the first call, fetches the
 * source credentials and asks who they belong to, and serves the last hop's credentials.
 */
export function createRoleChain(options: ValidatedOptions, extras: ChainExtras): RoleChainProvider {
  const now = options.now ?? Date.now;
  const hopCount = options.hops.length;
  const names = sessionNames(options.hops, shortStableId());
  const source = options.source;
  const sourceProvider: AwsCredentialIdentityProvider =
    source === undefined
      ? nodeProviderChain()
      : typeof source === 'function'
        ? source
        : () => Promise.resolve(source);
  const sourceInfos = new Map<string, AssumedIdentity['source']>();
  let caller: CallerClientConfig | undefined;
  let clients: Promise<HopStsClient[]> | undefined;
  let forceSourceRefresh = false;
  const metrics = chainMetrics(
    options.meterProvider,
    options.hops.map((hop) => hop.roleArn),
    now,
  );

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
        return regions.map((region, index) => {
          const client = createHopStsClient(region, options.stsClientConfig, options.timeoutMs);
          return metrics === undefined ? client : metrics.timed(client, index);
        });
      },
      (error: unknown) => {
        clients = undefined;
        throw error;
      },
    );
    return clients;
  }

  /** The first hop's parent: the source credentials, renewed (`forceRefresh`) when STS rejected them. */
  const sourceParent: HopParent = {
    async credentials(): Promise<AwsCredentialIdentity> {
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
          hops: hopCount,
          roleArn: undefined,
          code,
          requestId,
          retryable,
          detail: errorText(error),
          cause: safeCause(error, []),
        });
      }
    },
    // Fixed credentials cannot be renewed.
    renew:
      typeof source === 'object'
        ? undefined
        : () => {
            forceSourceRefresh = true;
          },
  };

  /**
   * The base identity, learnt on demand: nothing is sent until `getAssumedIdentity` finds `source.arn` unknown
   * and calls the function hung on the source (at most one GetCallerIdentity at a time per source key, again
   * on the next ask after a failure). No timer and no credentials call ever sends it, so a test or a service
   * that never asks makes exactly one STS call per hop, and nothing runs after its server has closed.
   */
  function describeSource(parent: AwsCredentialIdentity, client: HopStsClient): AssumedIdentity['source'] {
    const known = sourceInfos.get(parent.accessKeyId);
    if (known !== undefined) return known;
    const info: AssumedIdentity['source'] = { accessKeyId: maskAccessKeyId(parent.accessKeyId) };
    let asking = false;
    const learn = (): void => {
      if (asking || info.arn !== undefined) return;
      asking = true;
      client.getCallerIdentity(parent).then(
        (answer) => {
          asking = false;
          if (answer.Arn !== undefined) info.arn = answer.Arn;
          if (answer.Account !== undefined) info.accountId = answer.Account;
        },
        (error: unknown) => {
          asking = false;
          log('debug', 'rolechain: GetCallerIdentity for the source failed; will try again when asked', {
            code: classifyError(error).code,
          });
        },
      );
    };
    Object.defineProperty(info, LEARN_SOURCE, { value: learn });
    sourceInfos.set(parent.accessKeyId, info);
    return info;
  }

  const hops: Hop[] = [];
  for (const [index, config] of options.hops.entries()) {
    hops.push(
      new Hop({
        index,
        hops: hopCount,
        config,
        sessionName: names[index] as string,
        parent: index === 0 ? sourceParent : (hops[index - 1] as Hop),
        client: async () => (await prepare())[index] as HopStsClient,
        describeSource: index === 0 ? describeSource : undefined,
        options,
        now,
        random: Math.random,
        log,
        features: extras.features,
        onRefresh:
          metrics &&
          ((refresh) => {
            metrics.refresh(index, refresh);
          }),
      }),
    );
  }
  // A chain of zero hops (a profile without role_arn) hands on the source's own credentials, cached.
  const last =
    hopCount === 0
      ? new BaseCredentials({ parent: sourceParent, options, now, random: Math.random, log })
      : (hops[hopCount - 1] as Hop);

  // A hop before the last is asked for credentials only when the hop after it refreshes: one nobody needs yet
  // is left to expire, and the next refresh of the hop after it brings it back (fewer STS calls than keeping
  // every hop valid). A failed refresh must not stand, though: a hop throttled while the hops after it
  // refreshed would show failed, then expired, in status() and the metrics while every caller is served. So a
  // call is fresh only while no such hop is past its backoff, and the slow path retries each one that is.
  const upstream = hops.slice(0, -1);

  /** The earliest time a hop before the last may retry its failed refresh (Infinity when none may). */
  function upstreamRetryAt(): number {
    let at = Infinity;
    for (let index = 0; index < upstream.length; index += 1) {
      const due = (upstream[index] as Hop).retryDueAt();
      if (due < at) at = due;
    }
    return at;
  }

  /** Retries the failed refresh of every hop before the last that is past its backoff; each cache logs and backs off. */
  function retryUpstream(): void {
    const at = now();
    for (const hop of upstream) if (hop.retryDueAt() <= at) void hop.credentials().catch(() => undefined);
  }

  function slow(
    identityProperties: Record<string, unknown> | undefined,
  ): Promise<RoleChainCredentials | RoleChainBaseCredentials> {
    const callerConfig = callerOf(identityProperties);
    if (callerConfig !== undefined) caller = callerConfig;
    retryUpstream();
    return withinStartupBudget(() => last.credentials(), {
      budgetMs: options.startupBudgetMs,
      now,
      retryAt: () => Math.max(...hops.map((hop) => hop.state().retryAt)),
    });
  }

  const provider = (
    identityProperties?: Record<string, unknown>,
  ): Promise<RoleChainCredentials | RoleChainBaseCredentials> =>
    last.fresh(upstreamRetryAt()) ?? slow(identityProperties);

  function invalidate(fromHop?: number): void {
    if (hopCount === 0 && fromHop === undefined) {
      last.invalidate();
      forceSourceRefresh = true;
      log('debug', 'rolechain: cached hops dropped', { fromHop: 1, hops: 0 });
      return;
    }
    fromHop ??= 1;
    if (!Number.isInteger(fromHop) || fromHop < 1 || fromHop > hopCount) {
      throw new RoleChainConfigError(
        'invalidate(fromHop)',
        hopCount === 0
          ? `must be left out: the chain has no hops (a profile without role_arn), got ${String(fromHop)}`
          : `must be a hop number from 1 to ${hopCount}, got ${String(fromHop)}`,
      );
    }
    for (let index = fromHop - 1; index < hopCount; index += 1) (hops[index] as Hop).invalidate();
    if (fromHop === 1) forceSourceRefresh = true;
    log('debug', 'rolechain: cached hops dropped', { fromHop, hops: hopCount });
  }

  function status(): RoleChainHopStatus[] {
    const at = now();
    return options.hops.map((hop, index) =>
      hopStatus(index + 1, hop.roleArn, (hops[index] as Hop).state(), at),
    );
  }

  const chain = Object.assign(provider, { invalidate, status, memoized: true as const });
  metrics?.observe(chain);
  return chain;
}
