export { createStsMock } from './create-sts-mock';
export type { StsMock, StsMockOptions } from './create-sts-mock';
export type { StsCall } from './handle-request';
export type { CreateRoleInput, CreateUserInput, Partition, StsRole, StsUser } from './principals';
export type { AuthenticateResult, CallerIdentity } from './authenticate';
export { StsMockInputError, StsServiceError } from './errors';
export type { StsErrorType } from './errors';
export { failOnUnhandledRequests } from './fail-on-unhandled';
export type { StsFault } from './faults';
export type { StsThrottle } from './throttle';
export type { ListenOptions, ListeningServer } from './listen';
export type { QueryParams, QueryValue } from './query';
export {
  evaluateTrustPolicy,
  parsePolicyDocument,
  PolicyDocumentError,
  trustPolicyFor,
} from './trust-policy';
export type {
  PolicyDocument,
  PolicyStatement,
  TrustDecision,
  TrustPrincipal,
  TrustRequest,
} from './trust-policy';
export { evaluatePolicy } from './policy-evaluation';
export type { PermissionPolicyDocument, PermissionPolicyStatement, PolicyRequest } from './policy-evaluation';
export type { CreateManagedPolicyInput, ManagedPolicy, PermissionsInput } from './managed-policies';
export type {
  AuthenticationFailure,
  AuthorizationDecision,
  AuthorizationResult,
  AuthorizeInput,
  AuthorizeResult,
  PolicyType,
} from './authorize';
export type { CreateOidcProviderInput, MintWebIdentityTokenInput, OidcProvider } from './web-identity';
