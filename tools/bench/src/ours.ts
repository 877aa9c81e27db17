// rolechain's side of each figure, loaded from the built packages. Loaded by name at run time so that a
// package that has not landed yet (or fails to load) costs its figures only our half, never the anchors.
import type * as CredentialProvider from '@rolechain/credential-provider';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { region } from './world';
import type { World } from './world';

/** What the figures need of `fromRoleChain`. */
export type RoleChainProvider = AwsCredentialIdentityProvider & { invalidate?: () => void };

export interface RoleChainOptions {
  readonly durationSeconds?: number;
  readonly now?: () => number;
  readonly endpoint?: string;
}

export type RoleChainFactory = (
  world: Pick<World, 'user' | 'roles'>,
  options?: RoleChainOptions,
) => RoleChainProvider;

/** `fromRoleChain` over the world's chain, or the reason it is not available. */
export async function loadRoleChain(): Promise<RoleChainFactory | string> {
  let module: Record<string, unknown>;
  try {
    module = await import('@rolechain/credential-provider');
  } catch (error) {
    return `@rolechain/credential-provider did not load (${error instanceof Error ? error.message : String(error)})`;
  }
  const fromRoleChain = module['fromRoleChain'];
  if (typeof fromRoleChain !== 'function')
    return '@rolechain/credential-provider does not export fromRoleChain yet';
  const build = fromRoleChain as typeof CredentialProvider.fromRoleChain;
  return (world, options = {}) =>
    build({
      source: world.user.credentials,
      roles: world.roles.map((role) => ({
        roleArn: role.arn,
        ...(options.durationSeconds === undefined ? {} : { durationSeconds: options.durationSeconds }),
      })),
      region,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.endpoint === undefined ? {} : { stsClientConfig: { endpoint: options.endpoint } }),
    });
}
