import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { maskAccessKeyId } from '@rolechain/aws-rules';
import { loadSharedProfiles, type RoleChainBaseCredentials } from '@rolechain/credential-provider';
import type { ChainSpec } from './chain-args';
import { sharedFilePaths } from './shared-profiles';

type Env = Readonly<Record<string, string | undefined>>;

/** Who base credentials belong to: what `whoami` shows for a chain of zero hops. */
export interface BaseIdentity {
  arn: string;
  accountId: string;
  /** Masked (`AKIA…MPLE`). */
  accessKeyId: string;
}

/** `--region`, else the profile's `region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
async function regionOf(chain: ChainSpec, env: Env): Promise<string | undefined> {
  if (chain.region !== undefined) return chain.region;
  if (chain.kind === 'profile') {
    const profiles = await loadSharedProfiles(sharedFilePaths(env));
    const region = Object.hasOwn(profiles, chain.profile) ? profiles[chain.profile]?.['region'] : undefined;
    if (region !== undefined) return region;
  }
  return env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
}

/**
 * The identity of credentials no role was assumed with (a profile without `role_arn`): one
 * `GetCallerIdentity` with them, the call the provider makes for the base of a chain of roles. Needs a region
 * (never a silent us-east-1, whose STS does not know keys of other partitions).
 */
export async function baseIdentity(
  credentials: RoleChainBaseCredentials,
  chain: ChainSpec,
  env: Env,
): Promise<BaseIdentity> {
  const region = await regionOf(chain, env);
  if (region === undefined) {
    throw new Error(
      'no region to ask STS who the base credentials belong to: pass --region, give the profile a region, or set AWS_REGION',
    );
  }
  const client = new STSClient({ region, credentials });
  try {
    const answer = await client.send(new GetCallerIdentityCommand({}));
    if (answer.Arn === undefined || answer.Account === undefined) {
      throw new Error('STS answered GetCallerIdentity without an Arn or Account');
    }
    return {
      arn: answer.Arn,
      accountId: answer.Account,
      accessKeyId: maskAccessKeyId(credentials.accessKeyId),
    };
  } finally {
    client.destroy();
  }
}
