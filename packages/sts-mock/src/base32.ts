// Base32 (RFC 4648 §6 alphabet, no padding), the encoding of IAM identifiers and of MFA seeds.

/** The RFC 4648 Base32 alphabet; a character's index is its 5-bit value. */
export const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 of `bytes`, unpadded; a trailing partial group is filled with zero bits. */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += base32Alphabet.charAt((buffer >> bits) & 31);
    }
  }
  if (bits > 0) out += base32Alphabet.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/**
 * The bytes `text` encodes (upper-case alphabet, no padding or spaces; bits of a trailing partial byte
 * are dropped), or `undefined` when a character is outside the alphabet.
 */
export function decodeBase32(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const index = base32Alphabet.indexOf(char);
    if (index === -1) return undefined;
    buffer = ((buffer << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}
