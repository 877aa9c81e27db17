// Types of aws-sdk.cjs: the SDK's own declarations for exactly the values it re-exports.
export { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { setCredentialFeature } from '@aws-sdk/core/client';
export { isThrottlingError, isTransientError } from '@smithy/core/retry';
export { randomUUID } from 'node:crypto';
