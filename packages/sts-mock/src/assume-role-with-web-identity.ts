import type { ActionHandler } from './action-context';
import { StsServiceError } from './errors';
import { stringParam } from './query';
import { findRole, issueRoleSession, validateRoleSessionRequest } from './role-session';
import { minimumTokenSize } from './session-credentials';
import { evaluateTrust } from './trust-policy';
import { validationError } from './validation';

const notAuthorized = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

/**
 * `AssumeRoleWithWebIdentity` (unsigned): the token must be one the mock minted for a registered OIDC
 * provider of the role's account, and the role's trust policy must allow the provider and its claims.
 */
export const assumeRoleWithWebIdentity: ActionHandler = ({ store, now, params, verifyWebIdentity }) => {
  const token = stringParam(params, 'WebIdentityToken');
  const providerId = stringParam(params, 'ProviderId');
  let minimumBytes: number | undefined;
  const request = validateRoleSessionRequest(params, false, (validator) => {
    minimumBytes = minimumTokenSize(params, validator);
    if (validator.required('webIdentityToken', token)) {
      validator.string('webIdentityToken', token, { min: 4, max: 20000, secret: true });
    }
    validator.string('providerId', providerId, { min: 4, max: 2048 });
  });
  if (request instanceof StsServiceError) throw request;
  if (request.sourceIdentity !== undefined) {
    throw validationError('SourceIdentity is set from the web identity token, not as a parameter');
  }
  const role = findRole(store, request.roleArn);
  if (role === undefined) throw new StsServiceError('AccessDenied', 403, notAuthorized);
  const verified = verifyWebIdentity(token ?? '', role.accountId);
  if (!verified.ok) {
    throw new StsServiceError(verified.code, 400, verified.message);
  }
  const decision = evaluateTrust(
    role.trustPolicy,
    'sts:AssumeRoleWithWebIdentity',
    { type: 'Federated', provider: verified.provider.arn },
    () => ({
      ...verified.context,
      'sts:RoleSessionName': request.sessionName,
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    }),
  );
  if (decision.effect === 'Deny') throw new StsServiceError('AccessDenied', 403, notAuthorized);
  const issued = issueRoleSession(store, now, role, request, {
    issuedTo: verified.provider.arn,
    sourceIdentity: undefined,
    tags: new Map(),
    transitiveTagKeys: new Set(),
    mfaAuthenticated: false,
    minimumTokenBytes: minimumBytes,
  });
  return {
    Credentials: issued.credentials,
    SubjectFromWebIdentityToken: verified.subject,
    AssumedRoleUser: issued.user,
    PackedPolicySize: issued.packedPolicySize,
    Provider: verified.claims.iss,
    Audience: verified.audience,
    SessionTokenUtilization: issued.packedPolicySize,
    SessionTokenSize: issued.sessionTokenSize,
  };
};
