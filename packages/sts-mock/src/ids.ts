import { randomBytes, randomUUID } from 'node:crypto';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += base32.charAt(byte & 31);
  return out;
}

/** Identifier prefixes IAM and STS use: long-term keys, temporary keys, role ids, user ids. */
export type IdPrefix = 'AKIA' | 'ASIA' | 'AROA' | 'AIDA';

/** A 20-character IAM identifier such as `AKIA…` or `AROA…`. */
export function newId(prefix: IdPrefix): string {
  return prefix + randomBase32(16);
}

/** A 40-character secret access key. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replaceAll('+', 'A').replaceAll('/', 'B');
}

/** An opaque session token, shaped like the real (long, base64) ones. */
export function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(192).toString('base64');
}

/** A request id like the ones STS returns in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}
