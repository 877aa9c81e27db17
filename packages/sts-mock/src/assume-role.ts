import type { ActionHandler } from './action-context';
import { mfaFailed, mfaUnknownDevice } from './mfa-messages';
import { StsServiceError, notAuthorized } from './errors';
import { stringParam } from './query';
import {
  checkTrust,
  findRole,
  issueRoleSession,
  principalTagsOf,
  tagContext,
  trustPrincipalOf,
  validateRoleSessionRequest,
} from './role-session';
import { minimumTokenSize } from './session-credentials';
import type { SessionTag } from './store';
import { patterns, validationError } from './validation';

const chainingLimitSeconds = 3600;

/** `AssumeRole`: validation, MFA, trust policy, duration and chaining rules, then a new role session. */
export const assumeRole: ActionHandler = ({ store, now, params, caller, verifyMfa }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  const externalId = stringParam(params, 'ExternalId');
  const serialNumber = stringParam(params, 'SerialNumber');
  const tokenCode = stringParam(params, 'TokenCode');
  let minimumBytes: number | undefined;
  const request = validateRoleSessionRequest(params, true, (validator) => {
    minimumBytes = minimumTokenSize(params, validator);
    validator.string('externalId', externalId, { min: 2, max: 1224, ...patterns.externalId });
    validator.string('serialNumber', serialNumber, { min: 9, max: 256, ...patterns.serialNumber });
    validator.string('tokenCode', tokenCode, { min: 6, max: 6, ...patterns.tokenCode, secret: true });
  });
  if (request instanceof StsServiceError) throw request;

  const callerPrincipal = caller.principal;
  const callerArn = callerPrincipal.arn;
  // Federated users can call no STS action but GetCallerIdentity; a root session only its task policy's.
  if (callerPrincipal.kind === 'federated-user' || callerPrincipal.kind === 'root') {
    throw notAuthorized(callerArn, 'sts:AssumeRole', request.roleArn);
  }
  const callerSession = callerPrincipal.kind === 'assumed-role' ? callerPrincipal : undefined;

  const inheritedSource = callerSession?.sourceIdentity;
  if (
    inheritedSource !== undefined &&
    request.sourceIdentity !== undefined &&
    request.sourceIdentity !== inheritedSource
  ) {
    throw validationError(
      `SourceIdentity '${request.sourceIdentity}' does not match the source identity '${inheritedSource}' of the calling role session; it cannot be changed in a role chain.`,
    );
  }
  const sourceIdentity = request.sourceIdentity ?? inheritedSource;

  const inheritedTags = new Map<string, SessionTag>();
  for (const key of callerSession?.transitiveTagKeys ?? []) {
    const tag = callerSession?.tags.get(key);
    if (tag !== undefined) inheritedTags.set(key, tag);
  }
  for (const [key, tag] of request.tags) {
    if (inheritedTags.has(key)) {
      throw validationError(
        `The session tag key '${tag.key}' cannot be passed because the calling role session has a transitive session tag with the same key.`,
      );
    }
  }
  const tags = new Map([...inheritedTags, ...request.tags]);
  const transitiveTagKeys = new Set([...inheritedTags.keys(), ...request.transitiveTagKeys]);

  let mfaPresent: boolean | undefined =
    caller.sessionToken === undefined ? undefined : caller.mfaAuthenticated;
  if (serialNumber !== undefined) {
    const userArn = callerPrincipal.kind === 'user' ? callerArn : undefined;
    if (tokenCode === undefined) throw new StsServiceError('AccessDenied', 403, mfaFailed);
    const check = verifyMfa(serialNumber, tokenCode, userArn);
    if (check === 'unknown-device') throw new StsServiceError('AccessDenied', 403, mfaUnknownDevice);
    if (check !== 'ok') throw new StsServiceError('AccessDenied', 403, mfaFailed);
    mfaPresent = true;
  }

  const role = findRole(store, request.roleArn);
  if (role === undefined) throw notAuthorized(callerArn, 'sts:AssumeRole', request.roleArn);
  const principal = trustPrincipalOf(callerPrincipal);
  const context = () => ({
    ...tagContext(request.tags, principalTagsOf(callerPrincipal)),
    'sts:ExternalId': externalId,
    'sts:RoleSessionName': request.sessionName,
    'sts:SourceIdentity': request.sourceIdentity,
    'aws:SourceIdentity': inheritedSource,
    'aws:MultiFactorAuthPresent': mfaPresent === undefined ? undefined : String(mfaPresent),
    'aws:PrincipalArn': callerSession?.role.arn ?? callerArn,
    'aws:PrincipalAccount': callerPrincipal.accountId,
    'aws:PrincipalType': callerSession === undefined ? 'User' : 'AssumedRole',
    'aws:userid': callerPrincipal.userId,
    'aws:username': callerPrincipal.kind === 'user' ? callerPrincipal.userName : undefined,
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  });
  const actions = ['sts:AssumeRole'];
  if (tags.size > 0) actions.push('sts:TagSession');
  if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  const denied = checkTrust(role, principal, callerArn, actions, context);
  if (denied !== undefined) throw denied;

  if (
    callerSession !== undefined &&
    request.durationSeconds !== undefined &&
    request.durationSeconds > chainingLimitSeconds
  ) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  const issued = issueRoleSession(store, now, role, request, {
    issuedTo: callerArn,
    sourceIdentity,
    tags,
    transitiveTagKeys,
    mfaAuthenticated: mfaPresent === true,
    minimumTokenBytes: minimumBytes,
  });
  return {
    Credentials: issued.credentials,
    AssumedRoleUser: issued.user,
    PackedPolicySize: issued.packedPolicySize,
    SourceIdentity: sourceIdentity,
    SessionTokenUtilization: issued.packedPolicySize,
    SessionTokenSize: issued.sessionTokenSize,
  };
};
