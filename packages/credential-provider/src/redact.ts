/**
 * Helpers that keep secrets out of everything a human or a log pipeline can see: masked key ids,
 * secret-free renderings of user values, and scrubbing of known secret strings from foreign messages.
 */

/** `ASIAEXAMPLEKEY1WXYZ` → `ASIA…WXYZ`: enough to recognise a key in CloudTrail, not enough to use it. */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Renders a user-supplied (non-secret) value for an error message, shortened so a message stays readable. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'function') text = 'a function';
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'symbol' || typeof value === 'bigint') text = value.toString();
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Replaces every occurrence of each secret (at least 4 characters long) in `text` by `[REDACTED]`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4 && out.includes(secret)) {
      out = out.split(secret).join('[REDACTED]');
    }
  }
  return out;
}
