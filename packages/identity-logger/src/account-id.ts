const PREFIX_LENGTH = 4;
/** Characters after the prefix that hold the account id: 10 × 5 bits = 50 bits, of which the first 48 are used. */
const ENCODED_LENGTH = 10;
/** Base32 values of `I` and `J`: a fifth character of either marks a pre-2019 key id, which carries no account. */
const LEGACY_I = 8;
const LEGACY_J = 9;
const TWO_POW_47 = 2 ** 47;

function base32Value(code: number): number {
  // A-Z -> 0..25, 2-7 -> 26..31, anything else -> -1
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 50 && code <= 55) return code - 24;
  return -1;
}

/**
 * The AWS account id encoded in an access key id (`AKIA…`, `ASIA…`), with no network call.
 *
 * Key ids issued since 2019 base32-encode the account: decode the 16 characters after the prefix, take the
 * first 48 bits, drop the top bit and the low 7 bits; what is left is the 12-digit account id. This is the
 * value `sts:GetAccessKeyInfo` returns. Returns `null` for ids that do not carry it (pre-2019 keys, whose
 * fifth character is `I` or `J`, or anything that is not base32).
 */
export function accountIdFromAccessKeyId(accessKeyId: string): string | null {
  if (accessKeyId.length < PREFIX_LENGTH + 16) return null;
  let bits = 0;
  for (let i = PREFIX_LENGTH; i < PREFIX_LENGTH + ENCODED_LENGTH; i++) {
    const value = base32Value(accessKeyId.charCodeAt(i));
    if (value < 0) return null;
    if (i === PREFIX_LENGTH && (value === LEGACY_I || value === LEGACY_J)) return null;
    bits = bits * 32 + value; // 50 bits: exact in a double
  }
  const first48 = Math.floor(bits / 4);
  const account = Math.floor((first48 % TWO_POW_47) / 128);
  return String(account).padStart(12, '0');
}
