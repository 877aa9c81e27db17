import { StsMockInputError, shown } from './errors';

/** Where the checked object came from, for the error: `createRole()`'s `input`, fields named bare. */
export interface KnownKeysContext {
  /** The call, e.g. `inject()`. */
  readonly call: string;
  /** Its parameter's name, for an error about the whole object, e.g. `fault`. */
  readonly param: string;
  /** Put before each key in an error's field, e.g. `fault.`; empty for fields named bare. */
  readonly prefix: string;
}

/**
 * Checks that `input` is a plain object and refuses any key the call does not know, so a misspelt option
 * (`tiems`, `maxSessionDuraton`) is an error instead of a silent default. The unknown key's value is not
 * shown: it may be a secret typed under the wrong name (an MFA seed, a key).
 */
export function checkKnownKeys(
  input: unknown,
  known: readonly string[],
  context: KnownKeysContext,
): asserts input is object {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const got = Array.isArray(input) ? 'an array' : typeof input === 'string' ? 'a string' : shown(input);
    throw new StsMockInputError(context.param, `${context.call} expects an object, got ${got}`);
  }
  for (const key of Object.keys(input)) {
    if (known.includes(key)) continue;
    const twin = known.find((name) => name.toLowerCase() === key.toLowerCase());
    throw new StsMockInputError(
      `${context.prefix}${key}`,
      `is not a known option of ${context.call}` +
        (twin === undefined ? '' : ` (did you mean '${twin}'?)`) +
        ` (known: ${known.join(', ')})`,
    );
  }
}
