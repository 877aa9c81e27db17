/**
 * STS's parameter limits that no AWS package holds (the SDK leaves them to the service), written once.
 * Each has a check and a rule text for error messages, so a message always says what the check checks.
 */

/** `RoleSessionName` and `SourceIdentity`: 2–64 characters of `[\w+=,.@-]`. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** `ExternalId`: 2–1224 characters of `[\w+=,.@:/-]`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** Tag keys and values, once built: see {@link isTagText}. */
let tagText: RegExp | undefined;
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

export const SESSION_NAME_RULE = '2–64 characters of [\\w+=,.@-]';
export const EXTERNAL_ID_RULE = '2–1224 characters of [\\w+=,.@:/-]';
export const TAG_KEY_RULE = '1–128 letters, digits, spaces or _.:/=+-@';
export const TAG_VALUE_RULE = '0–256 letters, digits, spaces or _.:/=+-@';

/** Whether `value` is a valid `RoleSessionName` (and `SourceIdentity`, which has the same rule). */
export function isSessionName(value: unknown): value is string {
  return typeof value === 'string' && SESSION_NAME.test(value);
}

/** Whether `value` is a valid `ExternalId`. */
export function isExternalId(value: unknown): value is string {
  return typeof value === 'string' && EXTERNAL_ID.test(value);
}

/**
 * Whether `value` holds only letters, digits, spaces and `_.:/=+-@`, in any script. The pattern is built on
 * first use: creating a regular expression with Unicode property escapes loads ICU's property tables, about
 * 0.3 ms, which every process importing the provider, the mock or the CLI paid at start-up, tags or not. It is
 * built from a string, not a literal: V8 validates a literal's pattern when it compiles the file.
 */
function isTagText(value: string): boolean {
  tagText ??= new RegExp('^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$', 'u');
  return tagText.test(value);
}

/** Whether `value` is a valid session tag key (the reserved `aws:` prefix is checked separately). */
export function isTagKey(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length >= 1 && value.length <= MAX_TAG_KEY_LENGTH && isTagText(value)
  );
}

/** Whether `value` is a valid session tag value. */
export function isTagValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TAG_VALUE_LENGTH && isTagText(value);
}
