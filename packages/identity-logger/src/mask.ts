/** Shortest key id shown as prefix and suffix: shorter ones would reveal most of themselves. */
const MIN_SHOWN_LENGTH = 16;

/**
 * An access key id reduced to what is safe to log: the four-character type prefix and the last four
 * characters, `ASIA…WXYZ`. Ids too short to hide at least eight characters become `…`.
 */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length < MIN_SHOWN_LENGTH) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Access key ids (long-term, temporary, bearer, context) anywhere in a text. */
const ACCESS_KEY_ID_PATTERN = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}\b/g;
/** Input values AWS echoes in validation messages (`Value 'x' at 'tokenCode' failed…`): they may be secrets. */
const ECHOED_VALUE_PATTERN = /Value '[^']*' at '/g;
/** Longest message kept: enough for any AWS error message, bounded for anything else. */
const MAX_MESSAGE_LENGTH = 1024;

/**
 * A text (an error message) made safe to log: every access key id masked, every given secret replaced
 * by `[redacted]`, input values echoed by AWS validation messages removed, and the length bounded.
 */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length > 0) out = out.replaceAll(secret, '[redacted]');
  }
  out = out
    .replace(ACCESS_KEY_ID_PATTERN, maskAccessKeyId)
    .replace(ECHOED_VALUE_PATTERN, "Value '[redacted]' at '");
  // Cut last, so no secret or key id can be split by the cut and escape the replacements above.
  return out.length > MAX_MESSAGE_LENGTH ? `${out.slice(0, MAX_MESSAGE_LENGTH)}…` : out;
}
