import { StsServiceError } from './errors';
import { stringParam } from './query';
import type { QueryParams } from './query';
import type { KeyRecord, UserRecord } from './store';
import type { ParamValidator } from './validation';
import type { XmlFields } from './xml';

/** ISO-8601 without milliseconds, as STS writes `Expiration`. */
export function isoSeconds(date: Date): string {
  // toISOString() always ends in `.sssZ`.
  return `${date.toISOString().slice(0, -5)}Z`;
}

/** When credentials issued at `now` for `seconds` expire: whole seconds, as `Expiration` tells the client. */
export function expiresAfter(now: Date, seconds: number): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + seconds * 1000);
}

/** `MinimumSessionTokenSize`: 0 to 4096 bytes; STS pads the token up to it. */
export function minimumTokenSize(params: QueryParams, validator: ParamValidator): number | undefined {
  return validator.integer(
    'minimumSessionTokenSize',
    stringParam(params, 'MinimumSessionTokenSize'),
    0,
    4096,
  );
}

/** `SessionTokenSize`: the token's length in bytes. */
export function sessionTokenSize(key: KeyRecord): number {
  return Buffer.byteLength(key.sessionToken ?? '');
}

/** The `<Credentials>` element of a temporary key. */
export function credentialsXml(key: KeyRecord): XmlFields {
  return {
    AccessKeyId: key.accessKeyId,
    SecretAccessKey: key.secretAccessKey,
    SessionToken: key.sessionToken,
    Expiration: key.expiration === undefined ? undefined : isoSeconds(key.expiration),
  };
}

/**
 * The IAM user behind a long-term key, for the actions that only take those (GetSessionToken,
 * GetFederationToken); session credentials of any kind get STS's `AccessDenied`.
 */
export function longTermUser(caller: KeyRecord, action: string): UserRecord {
  if (caller.sessionToken !== undefined || caller.principal.kind !== 'user') {
    throw new StsServiceError('AccessDenied', 403, `Cannot call ${action} with session credentials`);
  }
  return caller.principal;
}
