export { accountIdFromAccessKeyId } from './account-id';
export type { LoggedIdentity, ResolvedBy } from './identity';
export { maskAccessKeyId } from './mask';
export { IdentityLoggerOptionsError } from './options';
export type { IdentityLoggerOptions } from './options';
export { identityLoggerPlugin } from './plugin';
export type { IdentityLoggerPlugin } from './plugin';
export type { Fault, IdentityLogRecord, RecordError } from './record';
export type { IdentityLogger } from './sink';
