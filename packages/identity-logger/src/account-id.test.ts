import { describe, expect, it } from 'vitest';
import { accountIdFromAccessKeyId } from './account-id';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Builds a key id the way AWS lays them out (top bit set, account shifted left by 7), random elsewhere. */
function keyFor(prefix: string, accountId: number, filler: number, topBit = 1): string {
  // 48 bits: top bit | 40-bit account | 7 random bits, then 32 more bits: 80 bits = 16 base32 characters.
  const high = topBit * 2 ** 47 + accountId * 128 + (filler % 128);
  let bits = high.toString(2).padStart(48, '0') + (filler % 2 ** 32).toString(2).padStart(32, '0');
  let out = prefix;
  while (bits.length > 0) {
    out += ALPHABET.charAt(parseInt(bits.slice(0, 5), 2));
    bits = bits.slice(5);
  }
  return out;
}

describe('accountIdFromAccessKeyId', () => {
  it('decodes the account from published example key ids', () => {
    // Examples from Aidan Steele's and Tal Be'ery's write-ups of the key id format.
    expect(accountIdFromAccessKeyId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
    expect(accountIdFromAccessKeyId('ASIAQNZGKIQY56JQ7WML')).toBe('029608264753');
  });

  it('round-trips accounts across the whole 12-digit range, for long-term and temporary keys', () => {
    for (const account of [0, 1, 111111111111, 123456789012, 999999999999]) {
      for (const prefix of ['AKIA', 'ASIA']) {
        const key = keyFor(prefix, account, account % 9973);
        expect(accountIdFromAccessKeyId(key), key).toBe(String(account).padStart(12, '0'));
      }
    }
  });

  it('ignores the top bit, which AWS sets and some emulators leave clear', () => {
    expect(accountIdFromAccessKeyId(keyFor('AKIA', 111111111111, 7, 0))).toBe('111111111111');
  });

  it('returns null for pre-2019 key ids, which do not carry the account', () => {
    expect(accountIdFromAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBeNull();
    expect(accountIdFromAccessKeyId('AKIAJ2345678ABCDEFGH')).toBeNull();
  });

  it('returns null for ids that are too short or not base32', () => {
    expect(accountIdFromAccessKeyId('AKIDEXAMPLE')).toBeNull();
    expect(accountIdFromAccessKeyId('ASIAY34FZ0BOKMUTVV7A')).toBeNull();
    expect(accountIdFromAccessKeyId('asiay34fzkbokmutvv7a')).toBeNull();
  });
});
