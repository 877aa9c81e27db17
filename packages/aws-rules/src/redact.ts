/**
 * Keeps secrets out of texts we did not write (a service's error message, a stack): every known secret is
 * replaced in each form a service may echo it in, access key ids are masked, and the length is bounded.
 */
import { maskAccessKeyId } from './mask';

/** What a secret is replaced by, everywhere. */
export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not replaced: they would match ordinary text, and no AWS secret is that short. */
const MIN_SECRET_LENGTH = 4;
/** Default bound of {@link redactText}: enough for any AWS error message. */
const DEFAULT_MAX_LENGTH = 1024;
/** Access key ids (long-term, temporary, bearer, context) anywhere in a text. */
const ACCESS_KEY_ID_PATTERN = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}\b/g;
/** Input values AWS echoes in validation messages (`Value 'x' at 'tokenCode' failed…`): they may be secrets. */
const ECHOED_VALUE_PATTERN = /Value '[^']*' at '/g;
/** Characters a cut may not fall between: a key id cut in two would no longer be recognised and masked. */
const WORD_CHARACTER = /[A-Za-z0-9]/;
const MAX_WORD_BACKTRACK = 128;

function lowerPercentHex(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/**
 * The forms a service may echo `secret` in: as is, JSON-escaped (also with `/` written `\/`, as some
 * serialisers do), percent-encoded (`encodeURIComponent`, and the form encoding that writes a space as `+`),
 * with upper- or lower-case hex. Longest first, so a longer form is replaced before a shorter one inside it.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  try {
    const json = JSON.stringify(secret).slice(1, -1);
    forms.add(json);
    forms.add(json.replaceAll('/', '\\/'));
    const uri = encodeURIComponent(secret);
    const form = new URLSearchParams([['', secret]]).toString().slice(1);
    for (const encoded of [uri, uri.replaceAll('%20', '+'), form]) {
      forms.add(encoded);
      forms.add(lowerPercentHex(encoded));
    }
  } catch {
    // A lone surrogate cannot be percent-encoded: then no service could have echoed it encoded either.
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Every form of every secret, deduplicated, longest first. */
function formsOf(secrets: readonly (string | undefined)[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) {
      for (const form of secretForms(secret)) all.add(form);
    }
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/**
 * Where `text` may be cut near `limit` without splitting an occurrence of any form, or a word (a key id cut
 * in two would escape masking). Looks only at a window around the cut, so the cost does not grow with `text`.
 */
function safeCut(text: string, limit: number, forms: readonly string[]): number {
  let cut = limit;
  for (let moved = true; moved && cut > 0;) {
    moved = false;
    for (const form of forms) {
      const from = Math.max(0, cut - form.length + 1);
      const at = text.slice(from, cut + form.length - 1).indexOf(form);
      if (at >= 0 && from + at < cut) {
        cut = from + at;
        moved = true;
      }
    }
  }
  for (let steps = 0; cut > 0 && steps < MAX_WORD_BACKTRACK; steps++) {
    if (!WORD_CHARACTER.test(text.charAt(cut - 1)) || !WORD_CHARACTER.test(text.charAt(cut))) break;
    cut--;
  }
  return cut;
}

function replaceForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/**
 * `text` made safe to show: every form of every secret (see {@link secretForms}) replaced by
 * {@link REDACTED}, every access key id masked, input values echoed by AWS validation messages removed,
 * and the result at most `maxLength` characters (then ending in `…`). Time is linear in the length of the
 * secrets and `maxLength`, never in the length of `text`: only the part that can be shown is looked at.
 */
export function redactText(
  text: string,
  secrets: readonly (string | undefined)[],
  maxLength: number = DEFAULT_MAX_LENGTH,
): string {
  const forms = formsOf(secrets);
  const longest = forms[0]?.length ?? 0;
  // Only the start of a long text can be shown: cut it first (never inside a secret), then replace.
  const window = maxLength + 2 * longest + MAX_WORD_BACKTRACK;
  const cut = text.length > window ? safeCut(text, window, forms) : text.length;
  let out = replaceForms(cut < text.length ? text.slice(0, cut) : text, forms)
    .replace(ACCESS_KEY_ID_PATTERN, maskAccessKeyId)
    .replace(ECHOED_VALUE_PATTERN, `Value '${REDACTED}' at '`);
  const truncated = cut < text.length || out.length > maxLength;
  if (out.length > maxLength) out = out.slice(0, maxLength);
  return truncated ? `${out}…` : out;
}

/**
 * `text` with every form of every secret replaced by {@link REDACTED}, nothing else changed, and no bound
 * on the length: for texts that keep their full length, such as a stack kept as an error's `cause`.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return replaceForms(text, formsOf(secrets));
}
