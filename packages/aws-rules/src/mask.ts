/**
 * Shortest access key id shown as prefix and suffix. Real ids are 16–128 characters (20 today); showing
 * 8 characters of a 16-character id still hides half of it, while the old threshold of 9 characters showed
 * 8 of 9. Shorter ids (test stand-ins, typos) become `…` entirely.
 */
const MIN_SHOWN_LENGTH = 16;

/**
 * An access key id reduced to what is safe to log: the four-character type prefix and the last four
 * characters, `ASIA…WXYZ` — enough to find the key in CloudTrail or IAM, never more than 8 characters of it.
 */
export function maskAccessKeyId(accessKeyId: string): string {
  if (typeof accessKeyId !== 'string' || accessKeyId.length < MIN_SHOWN_LENGTH) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
