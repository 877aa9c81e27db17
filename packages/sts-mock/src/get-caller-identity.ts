import type { ActionHandler } from './action-context';
import { StsServiceError, messages } from './errors';

/** `GetCallerIdentity`: who signed the call (a user, or a role session with its assumed-role ARN). */
export const getCallerIdentity: ActionHandler = ({ caller }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const principal = caller.principal;
  return { Arn: principal.arn, UserId: principal.userId, Account: principal.accountId };
};
