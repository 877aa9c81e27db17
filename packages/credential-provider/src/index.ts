export { RoleChainConfigError, RoleChainError } from './errors';
export type { RoleChainErrorDetails } from './errors';
export { ASSUMED_IDENTITY, getAssumedIdentity } from './identity';
export type { AssumedHop, AssumedIdentity } from './identity';
export type { RoleChainCredentials } from './credentials';
export type { RefreshWindowsOptions } from './refresh-windows';
export type { BackoffOptions } from './backoff';
