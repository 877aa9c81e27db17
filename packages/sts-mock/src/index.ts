export { createStsMock } from './create-sts-mock';
export type {
  CreateRoleInput,
  CreateUserInput,
  Partition,
  StsCall,
  StsMock,
  StsMockOptions,
  StsRole,
  StsUser,
} from './create-sts-mock';
export type { AuthenticateResult, CallerIdentity } from './authenticate';
export { StsMockInputError, StsServiceError } from './errors';
export type { StsErrorType } from './errors';
export { failOnUnhandledRequests } from './fail-on-unhandled';
export type { StsFault } from './faults';
export type { ListenOptions, ListeningServer } from './listen';
export type { QueryParams, QueryValue } from './query';
export { PolicyDocumentError } from './trust-policy';
export type { PolicyDocument, PolicyStatement } from './trust-policy';
export type { CreateOidcProviderInput, MintWebIdentityTokenInput, OidcProvider } from './web-identity';
