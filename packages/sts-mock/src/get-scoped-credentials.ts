import type { ActionHandler } from './action-context';
import { StsServiceError, messages } from './errors';
import { stringParam } from './query';
import { credentialsXml, expiresAfter, minimumTokenSize, sessionTokenSize } from './session-credentials';
import { checkSessionPolicy, packedPolicySize } from './session-policy';
import type { Principal } from './store';
import { ParamValidator, patterns, validationError } from './validation';

/** Scope-down layers a session may carry: a fourth `Policy` is denied (client-sts model, ScopedPoliciesCount). */
export const maxScopedPolicies = 3;

/**
 * `GetScopedCredentials`: new temporary credentials for the caller's own identity (same ARN, same user id,
 * same source identity and tags), narrowed by one more scope-down `Policy` and/or ending sooner. The policies
 * are stored oldest first on the new key's principal record as `scopedPolicies` (beside a role session's
 * `policy`/`policyArns`); the new expiry never passes the caller's.
 */
export const getScopedCredentials: ActionHandler = ({ store, now, params, caller }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const policy = stringParam(params, 'Policy');
  const description = stringParam(params, 'ScopedSessionDescription');
  const validator = new ParamValidator();
  validator.string('policy', policy, { min: 1, max: 2048, ...patterns.policy });
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    1,
    129600,
  );
  const minimumBytes = minimumTokenSize(params, validator);
  validator.string('scopedSessionDescription', description, { max: 256 });
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  if (policy === undefined && durationSeconds === undefined) {
    throw validationError('At least one of Policy or DurationSeconds must be specified.');
  }

  const principal = caller.principal;
  if (caller.sessionToken === undefined || caller.expiration === undefined || principal.kind === 'root') {
    throw new StsServiceError(
      'InvalidSubjectCredentials',
      400,
      'GetScopedCredentials must be called with temporary security credentials other than root credentials.',
    );
  }
  const layers = principal.scopedPolicies ?? [];
  if (policy !== undefined && layers.length >= maxScopedPolicies) {
    throw new StsServiceError(
      'AccessDenied',
      403,
      `The calling session already has ${maxScopedPolicies} scope-down policies; GetScopedCredentials cannot add another.`,
    );
  }
  const policyError = checkSessionPolicy(policy);
  if (policyError !== undefined) throw policyError;
  const packed = packedPolicySize({ policy, policyArns: [] }, new Map());

  const callerEnds = caller.expiration;
  let expiration = callerEnds;
  if (durationSeconds !== undefined) {
    const remainingSeconds = Math.floor((callerEnds.getTime() - now.getTime()) / 1000);
    if (durationSeconds > remainingSeconds) {
      throw new StsServiceError(
        'InsufficientSessionLifetime',
        400,
        `The requested DurationSeconds (${durationSeconds}) exceeds the remaining lifetime of the calling session (${remainingSeconds} seconds).`,
      );
    }
    expiration = expiresAfter(now, durationSeconds);
  }
  const scopedPolicies = policy === undefined ? layers : [...layers, policy];
  const scoped: Principal = { ...principal, scopedPolicies };
  const key = store.addTemporaryKey(scoped, expiration, caller.mfaAuthenticated, minimumBytes);
  return {
    Credentials: credentialsXml(key),
    SessionInfo: { ScopedSessionId: principal.userId, Arn: principal.arn },
    SessionTokenUtilization: packed,
    SessionTokenSize: sessionTokenSize(key),
    ScopedPoliciesCount: scopedPolicies.length,
    SourceIdentity: principal.kind === 'assumed-role' ? principal.sourceIdentity : undefined,
  };
};
