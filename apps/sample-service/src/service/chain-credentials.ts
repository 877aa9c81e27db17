/**
 * The credentials the service runs with, from its configuration: `fromRoleChain` over ROLE_CHAIN (or the
 * demo's roles, from the demo's base user), or `fromRoleChainProfile` over AWS_PROFILE. The provider checks
 * the role ARNs, the external id and the region before any network call; what it refuses becomes the
 * `ConfigError` of the variable it came from.
 */
import { fromRoleChain, fromRoleChainProfile, RoleChainConfigError } from '@rolechain/credential-provider';
import type { RoleChainMeterProvider, RoleChainProvider } from '@rolechain/credential-provider';
import type { AwsCredentialIdentity, Logger } from '@smithy/types';
import { configErrorOf } from './config';
import type { ServiceConfig } from './config';
import { chainHops } from './role-chain';

/** A chain that starts from fixed base credentials, as the embedded demo's does. */
export interface FixedChain {
  source: AwsCredentialIdentity;
  roleArns: readonly string[];
  /** The clock the provider runs on. */
  now: () => number;
}

export interface ChainCredentialsOptions {
  logger: Logger;
  fixed?: FixedChain;
  /** Where the chain reports its metrics (default: the global `MeterProvider`, if one is registered). */
  meterProvider?: RoleChainMeterProvider;
}

function build(config: ServiceConfig, options: ChainCredentialsOptions): RoleChainProvider {
  const { logger, fixed } = options;
  const meter = options.meterProvider === undefined ? {} : { meterProvider: options.meterProvider };
  const scope = { bucket: config.bucket, prefix: config.prefix };
  if (config.mode === 'demo') {
    if (fixed === undefined) throw new TypeError('the demo configuration needs the fixed chain of the demo');
    return fromRoleChain({
      source: fixed.source,
      roles: chainHops(fixed.roleArns, scope, config.externalId),
      region: config.region,
      logger,
      now: fixed.now,
      ...meter,
    });
  }
  if (config.chain.kind === 'profile') {
    return fromRoleChainProfile({ profile: config.chain.profile, region: config.region, logger, ...meter });
  }
  return fromRoleChain({
    roles: chainHops(config.chain.roleArns, scope, config.externalId),
    region: config.region,
    logger,
    ...meter,
  });
}

/** A provider refusal the configuration caused, as its variable's `ConfigError`; anything else unchanged. */
export function asConfigError(error: unknown, config: ServiceConfig): unknown {
  return error instanceof RoleChainConfigError ? (configErrorOf(error, config) ?? error) : error;
}

/** Builds the chain's provider; bad role ARNs, external id or region throw a `ConfigError` naming the variable. */
export function createChainCredentials(
  config: ServiceConfig,
  options: ChainCredentialsOptions,
): RoleChainProvider {
  try {
    return build(config, options);
  } catch (error) {
    throw asConfigError(error, config);
  }
}
