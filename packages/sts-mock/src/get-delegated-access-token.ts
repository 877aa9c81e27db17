import type { ActionHandler } from './action-context';
import { StsServiceError, messages } from './errors';
import { stringParam } from './query';
import { issueRoleSession } from './role-session';
import { ParamValidator } from './validation';

/**
 * `GetDelegatedAccessToken`: exchanges a trade-in token from `sts.mintTradeInToken()` for a session of the
 * role it names, once, before it expires, by a caller of the account it is bound to. `AssumedPrincipal` is the
 * role's ARN; the session is issued to the caller.
 */
export const getDelegatedAccessToken: ActionHandler = ({ store, now, params, caller, federation }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const token = stringParam(params, 'TradeInToken');
  const validator = new ParamValidator();
  validator.required('tradeInToken', token);
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;

  const record = federation.tradeIn.get(token ?? '');
  if (
    record === undefined ||
    (record.redeemerAccountId !== undefined && record.redeemerAccountId !== caller.principal.accountId)
  ) {
    throw new StsServiceError('AccessDenied', 403, 'The trade-in token is not valid for this caller.');
  }
  if (record.redeemed) {
    throw new StsServiceError(
      'ExpiredTradeInTokenException',
      400,
      'The trade-in token has already been exchanged for credentials.',
    );
  }
  if (record.expiresAt.getTime() <= now.getTime()) {
    throw new StsServiceError(
      'ExpiredTradeInTokenException',
      400,
      'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.',
    );
  }
  record.redeemed = true;
  const issued = issueRoleSession(
    store,
    now,
    record.role,
    {
      roleArn: record.role.arn,
      sessionName: record.sessionName,
      durationSeconds: record.durationSeconds,
      policy: undefined,
      policyArns: [],
      tags: new Map(),
      transitiveTagKeys: new Set(),
      sourceIdentity: undefined,
    },
    {
      issuedTo: caller.principal.arn,
      sourceIdentity: undefined,
      tags: new Map(),
      transitiveTagKeys: new Set(),
      mfaAuthenticated: false,
      minimumTokenBytes: undefined,
    },
  );
  return { Credentials: issued.credentials, AssumedPrincipal: record.role.arn };
};
