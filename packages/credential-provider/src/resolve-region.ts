import { isRegion, partitionMismatch, partitionOfArn, partitionOfRegion } from '@rolechain/aws-rules';
import { RoleChainConfigError } from './errors';
import { regionFromEnvironment } from './region';

/** What decides one hop's STS region, strongest first. */
export interface RegionSources {
  roleArn: string;
  /** 0-based hop index. */
  index: number;
  hopRegion: string | undefined;
  providerRegion: string | undefined;
  /** The calling client's region provider (`callerClientConfig.region`), when a client asked. */
  callerRegion: (() => Promise<string>) | undefined;
  /** The calling client's profile, for the shared-config fallback. */
  callerProfile: string | undefined;
}

/**
 * The hop's region: its own, the provider's, the calling client's, `AWS_REGION`, the profile's — else a
 * `RoleChainConfigError` (never a silent us-east-1). The region must be well formed and in the partition of
 * the role ARN.
 */
export async function resolveHopRegion(sources: RegionSources): Promise<string> {
  const { roleArn, index } = sources;
  let region = sources.hopRegion ?? sources.providerRegion;
  let from = sources.hopRegion === undefined ? 'region' : `roles[${index}].region`;
  if (region === undefined && sources.callerRegion !== undefined) {
    region = await sources.callerRegion().catch(() => undefined);
    from = "the calling client's region";
  }
  if (region === undefined) {
    region = await regionFromEnvironment(sources.callerProfile);
    from = 'AWS_REGION or the profile region';
  }
  if (region === undefined) {
    throw new RoleChainConfigError(
      'region',
      `no STS region for ${roleArn}: set roles[${index}].region or region, call from a client that has a region, or set AWS_REGION`,
      index + 1,
    );
  }
  if (!isRegion(region)) {
    throw new RoleChainConfigError(
      'region',
      `${from} ${JSON.stringify(region)} is not an AWS region name`,
      index + 1,
    );
  }
  if (partitionMismatch(roleArn, region)) {
    throw new RoleChainConfigError(
      `roles[${index}].roleArn`,
      `is in partition ${String(partitionOfArn(roleArn))} but the STS region ${region} (${from}) is in ${String(partitionOfRegion(region))}`,
      index + 1,
    );
  }
  return region;
}
