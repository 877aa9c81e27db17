import { randomFillSync, randomUUID } from 'node:crypto';
import { base32Alphabet, encodeBase32 } from './base32';

// One pool of random bytes refilled in bulk: issuing credentials needs ~250 random bytes per call, and one
// large fill costs about what one small `randomBytes` call does.
const pool = Buffer.alloc(16 * 1024);
let poolOffset = pool.length;

/** `length` fresh random bytes (a copy, so callers may keep or change them). */
function random(length: number): Buffer {
  if (length > pool.length) return randomFillSync(Buffer.alloc(length));
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + length));
  poolOffset += length;
  return bytes;
}

function randomBase32(length: number): string {
  const bytes = random(length);
  let out = '';
  for (const byte of bytes) out += base32Alphabet.charAt(byte & 31);
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
  const bytes = random(10);
  // 48 bits: a random top bit, the 40-bit account, 7 random bits. Exact in a double (< 2^53).
  const head = ((bytes[0] ?? 0) & 0x80) * 2 ** 40 + Number(accountId) * 128 + ((bytes[5] ?? 0) & 0x7f);
  for (let i = 5; i >= 0; i--) bytes[i] = Math.floor(head / 2 ** ((5 - i) * 8)) % 256;
  return prefix + encodeBase32(bytes);
}

/** The account an access key id encodes (see `newAccessKeyId`), as a 12-digit string. */
export function accountOfAccessKeyId(accessKeyId: string): string {
  let bits = 0n;
  for (const char of accessKeyId.slice(4, 20).toUpperCase()) {
    bits = (bits << 5n) | BigInt(Math.max(0, base32Alphabet.indexOf(char)));
  }
  const head = bits >> 32n;
  return ((head & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}

/** A 40-character secret access key. */
export function newSecretAccessKey(): string {
  return random(30).toString('base64').replaceAll('+', 'A').replaceAll('/', 'B');
}

/** An opaque session token, shaped like the real (long, base64) ones, at least `minimumBytes` long. */
export function newSessionToken(minimumBytes = 0): string {
  const token = 'IQoJb3JpZ2luX2VjE' + random(192).toString('base64');
  if (token.length >= minimumBytes) return token;
  const padding = random(Math.ceil(((minimumBytes - token.length) * 3) / 4) + 3).toString('base64');
  return (token + padding).slice(0, minimumBytes);
}

/** A request id like the ones STS returns in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}
