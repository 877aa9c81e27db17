import type { RoleChainCredentials } from './credentials';
import type { RoleChainOptions } from './options';
import { createRoleChain, type RoleChainProvider } from './role-chain';
import { validateOptions } from './validate-options';

/**
 * A credential provider that assumes `roles` in order — the first with `source` credentials, each next one
 * with the previous hop's — and returns the last hop's credentials. One cache per hop, shared by every client
 * holding the provider; refreshes in the background before expiry; keeps serving valid credentials through
 * transient STS failures. Throws `RoleChainConfigError` at once for bad options.
 */
export function fromRoleChain(options: RoleChainOptions): RoleChainProvider<RoleChainCredentials> {
  // validateOptions refuses an empty roles array: the last hop's role credentials are what comes out.
  return createRoleChain(validateOptions(options), {
    features: ['assume-role'],
  }) as RoleChainProvider<RoleChainCredentials>;
}
