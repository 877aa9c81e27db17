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

/**
 * An access key id (`AKIA…`/`ASIA…`) that encodes its account the way AWS's current key ids do, so
 * `GetAccessKeyInfo` can answer for any key: bits 1–40 of the first six decoded bytes, shifted by 7.
 */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA', accountId: string): string {
  const bytes = randomBytes(10);
  const head = (BigInt(accountId) << 7n) | BigInt((bytes[5] ?? 0) & 0x7f);
  for (let i = 5; i >= 0; i--) bytes[i] = Number((head >> BigInt((5 - i) * 8)) & 0xffn);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 15; i >= 0; i--) out += base32.charAt(Number((bits >> BigInt(i * 5)) & 31n));
  return prefix + out;
}

/** The account an access key id encodes (see `newAccessKeyId`), as a 12-digit string. */
export function accountOfAccessKeyId(accessKeyId: string): string {
  let bits = 0n;
  for (const char of accessKeyId.slice(4, 20).toUpperCase()) {
    bits = (bits << 5n) | BigInt(Math.max(0, base32.indexOf(char)));
  }
  const head = bits >> 32n;
  return ((head & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}

/** A 40-character secret access key. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replaceAll('+', 'A').replaceAll('/', 'B');
}

/** An opaque session token, shaped like the real (long, base64) ones, at least `minimumBytes` long. */
export function newSessionToken(minimumBytes = 0): string {
  const token = 'IQoJb3JpZ2luX2VjE' + randomBytes(192).toString('base64');
  if (token.length >= minimumBytes) return token;
  const padding = randomBytes(Math.ceil(((minimumBytes - token.length) * 3) / 4) + 3).toString('base64');
  return (token + padding).slice(0, minimumBytes);
}

/** A request id like the ones STS returns in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}
