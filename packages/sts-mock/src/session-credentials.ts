import type { KeyRecord } from './store';
import type { XmlFields } from './xml';

/** ISO-8601 without milliseconds, as STS writes `Expiration`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
