import type { ActionHandler } from './action-context';
import { StsServiceError, messages } from './errors';
import { unknownPolicyArn } from './managed-policies';
import { partitionOf } from './principals';
import { stringParam } from './query';
import {
  credentialsXml,
  expiresAfter,
  longTermUser,
  minimumTokenSize,
  sessionTokenSize,
} from './session-credentials';
import {
  checkSessionPolicy,
  packedPolicySize,
  uniqueTags,
  validatePolicyMembers,
  validateTagMembers,
} from './session-policy';
import type { FederatedUserRecord } from './store';
import { ParamValidator, patterns } from './validation';

/**
 * `GetFederationToken`: a federated user session (`arn:…:sts::<acct>:federated-user/<Name>`) for an IAM
 * user's long-term key, narrowed by the session policies and carrying the session tags it is given.
 */
export const getFederationToken: ActionHandler = ({ store, now, params, caller }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const name = stringParam(params, 'Name');
  const validator = new ParamValidator();
  if (validator.required('name', name)) {
    validator.string('name', name, { min: 2, max: 32, ...patterns.federatedUserName });
  }
  const policies = validatePolicyMembers(params, validator);
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    900,
    129600,
  );
  const tagList = validateTagMembers(params, validator);
  const minimumBytes = minimumTokenSize(params, validator);
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  const user = longTermUser(caller, 'GetFederationToken');
  const tags = uniqueTags(tagList);
  if (tags instanceof StsServiceError) throw tags;
  const policyError = checkSessionPolicy(policies.policy);
  if (policyError !== undefined) throw policyError;
  const unknownArn = unknownPolicyArn(store, policies.policyArns);
  if (unknownArn !== undefined) throw unknownArn;
  const packed = packedPolicySize(policies, tags);

  const federatedName = name ?? '';
  const expiration = expiresAfter(now, durationSeconds ?? 43200);
  const federatedUser: FederatedUserRecord = {
    kind: 'federated-user',
    arn: `arn:${partitionOf(user.arn)}:sts::${user.accountId}:federated-user/${federatedName}`,
    accountId: user.accountId,
    userId: `${user.accountId}:${federatedName}`,
    tags,
    policy: policies.policy,
    policyArns: policies.policyArns,
    issuedTo: user.arn,
    expiration,
  };
  const key = store.addTemporaryKey(federatedUser, expiration, false, minimumBytes);
  return {
    Credentials: credentialsXml(key),
    FederatedUser: { FederatedUserId: federatedUser.userId, Arn: federatedUser.arn },
    PackedPolicySize: packed,
    SessionTokenUtilization: packed,
    SessionTokenSize: sessionTokenSize(key),
  };
};
