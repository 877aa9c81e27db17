import type { ActionHandler } from './action-context';
import { StsServiceError, messages, notAuthorized } from './errors';
import { accountOfAccessKeyId } from './ids';
import { stringParam } from './query';
import { ParamValidator } from './validation';

/** `GetAccessKeyInfo`: the account that owns an access key, for any key id (issued by the mock or not). */
export const getAccessKeyInfo: ActionHandler = ({ store, params, caller }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const accessKeyId = stringParam(params, 'AccessKeyId');
  const validator = new ParamValidator();
  validator.required('accessKeyId', accessKeyId);
  validator.string('accessKeyId', accessKeyId, {
    min: 16,
    max: 128,
    pattern: /^\w*$/,
    patternText: '[\\w]*',
  });
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  // Federated users can call no STS action but GetCallerIdentity.
  if (caller.principal.kind === 'federated-user') {
    throw notAuthorized(caller.principal.arn, 'sts:GetAccessKeyInfo');
  }
  const keyId = accessKeyId ?? '';
  return { Account: store.keys.get(keyId)?.principal.accountId ?? accountOfAccessKeyId(keyId) };
};
