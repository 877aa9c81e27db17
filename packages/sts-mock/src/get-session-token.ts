import type { ActionHandler } from './action-context';
import { StsServiceError, messages } from './errors';
import { stringParam } from './query';
import {
  credentialsXml,
  expiresAfter,
  longTermUser,
  minimumTokenSize,
  sessionTokenSize,
} from './session-credentials';
import { ParamValidator, patterns } from './validation';
import { mfaFailed, mfaUnknownDevice } from './mfa-messages';

/** `GetSessionToken`: temporary credentials for a user's long-term key, optionally MFA-authenticated. */
export const getSessionToken: ActionHandler = ({ store, now, params, caller, verifyMfa }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const serialNumber = stringParam(params, 'SerialNumber');
  const tokenCode = stringParam(params, 'TokenCode');
  const validator = new ParamValidator();
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    900,
    129600,
  );
  validator.string('serialNumber', serialNumber, { min: 9, max: 256, ...patterns.serialNumber });
  validator.string('tokenCode', tokenCode, { min: 6, max: 6, ...patterns.tokenCode, secret: true });
  const minimumBytes = minimumTokenSize(params, validator);
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  const user = longTermUser(caller, 'GetSessionToken');
  let mfaAuthenticated = false;
  if (serialNumber !== undefined || tokenCode !== undefined) {
    if (serialNumber === undefined || tokenCode === undefined)
      throw new StsServiceError('AccessDenied', 403, mfaFailed);
    const check = verifyMfa(serialNumber, tokenCode, user.arn);
    if (check === 'unknown-device') throw new StsServiceError('AccessDenied', 403, mfaUnknownDevice);
    if (check !== 'ok') throw new StsServiceError('AccessDenied', 403, mfaFailed);
    mfaAuthenticated = true;
  }
  const expiration = expiresAfter(now, durationSeconds ?? 43200);
  const key = store.addTemporaryKey(user, expiration, mfaAuthenticated, minimumBytes);
  return { Credentials: credentialsXml(key), SessionTokenSize: sessionTokenSize(key) };
};
