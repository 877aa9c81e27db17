import { describe, expect, test } from 'vitest';
import { decodeBase32, encodeBase32 } from './base32';

// RFC 4648 §10 test vectors, with their `=` padding removed (the encoder writes none).
const vectors: readonly (readonly [string, string])[] = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

describe('base32', () => {
  test.each(vectors)('encodes %j as %j', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
  });

  test.each(vectors)('decodes %j from %j', (plain, encoded) => {
    expect(decodeBase32(encoded)?.toString()).toBe(plain);
  });

  test('round-trips every byte value', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
  });

  test.each(['MZXW6=', 'mzxw6', 'MZXW1', 'MZ XW6'])('rejects %j (outside the alphabet)', (text) => {
    expect(decodeBase32(text)).toBeUndefined();
  });
});
