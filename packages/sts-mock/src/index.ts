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
export type { StsFault } from './faults';
export type { ListenOptions, ListeningServer } from './listen';
export type { QueryParams, QueryValue } from './query';
