// `DecodeAuthorizationMessage`: the JSON document behind an encoded message of one of this mock's denials
// (`sts.authorize`). The caller needs `sts:DecodeAuthorizationMessage` from its own policies, evaluated by the
// same evaluator; a message that is not one of this mock's is `InvalidAuthorizationMessageException`.
import type { ActionHandler } from './action-context';
import { authorizationMessagesOf, maxEncodedMessageLength } from './authorization-message';
import { deniedMessage, evaluateFor } from './authorize';
import { StsServiceError, messages } from './errors';
import { stringParam } from './query';
import { ParamValidator } from './validation';

const action = 'sts:DecodeAuthorizationMessage';

export const decodeAuthorizationMessage: ActionHandler = ({ store, now, params, caller }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const encoded = stringParam(params, 'EncodedMessage');
  const validator = new ParamValidator();
  if (validator.required('encodedMessage', encoded)) {
    validator.string('encodedMessage', encoded, { min: 1, max: maxEncodedMessageLength });
  }
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  const { evaluation } = evaluateFor(
    store,
    { key: caller, region: undefined, secure: true },
    { action, resource: '*', context: [], now },
  );
  if (evaluation.decision !== 'allow') {
    throw new StsServiceError(
      'AccessDenied',
      403,
      deniedMessage(caller.principal.arn, action, '*', evaluation),
    );
  }
  const decoded = authorizationMessagesOf(store).decode(encoded ?? '');
  if (decoded === undefined) {
    throw new StsServiceError(
      'InvalidAuthorizationMessageException',
      400,
      'The encoded authorization message is invalid: it is not a message of this mock, or it was altered.',
    );
  }
  return { DecodedMessage: decoded };
};
