// @rolechain/aws-rules: AWS's rules, once, for the rolechain packages. Private: each published package bundles
// what it uses at build time, so none of them depends on this one at runtime (decision 0001).
export { ASSUMED_IDENTITY, LEARN_SOURCE, learnSourceIdentity, readAssumedIdentity } from './assumed-identity';
export type { AssumedHop, AssumedIdentity } from './assumed-identity';
export {
  isAccountId,
  isMfaSerialNumber,
  isPolicyArn,
  isRoleArn,
  parseRoleArn,
  POLICY_ARN_RULE,
  ROLE_ARN_RULE,
  SERIAL_NUMBER_RULE,
} from './arn';
export type { RoleArnParts } from './arn';
export { isMaxAttempts, MAX_ATTEMPTS_RULE } from './client-config';
export { configErrorMessage } from './config-error';
export { findUnknownKey, knownKeys, unknownKeyProblem } from './known-keys';
export type { KeyList, UnknownKey } from './known-keys';
export { maskAccessKeyId } from './mask';
export {
  isRegion,
  MAX_ARN_LENGTH,
  partitionMismatch,
  partitionOfArn,
  partitionOfRegion,
  REGION_RULE,
} from './partition';
export { REDACTED, redactText, scrubSecrets, secretForms } from './redact';
export { kindOf, redacted, showValue } from './show-value';
export {
  EXTERNAL_ID_RULE,
  isExternalId,
  isSessionName,
  isTagKey,
  isTagValue,
  SESSION_NAME_RULE,
  TAG_KEY_RULE,
  TAG_VALUE_RULE,
} from './sts-limits';
export { openTelemetryApi } from './opentelemetry';
export type { OpenTelemetryApi } from './opentelemetry';
