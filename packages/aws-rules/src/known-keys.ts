/**
 * Option keys written out once per options type, with the compiler checking the list against the type: a
 * key added to the type and forgotten here, or listed here and missing from the type, does not compile.
 */

/** Every key of `T`, each mapped to `true`: the argument of {@link knownKeys}. */
export type KeyList<T> = { readonly [K in keyof Required<T> & string]: true };

/**
 * The keys of an options type, for refusing unknown ones: `knownKeys<Options>({ region: true, roles: true })`.
 * The object literal must name exactly the keys of `T`.
 */
export function knownKeys<T>(keys: KeyList<T>): ReadonlySet<string> {
  return new Set(Object.keys(keys));
}

/** An option key that is not known, and the known key it differs from only in case, if any. */
export interface UnknownKey {
  readonly key: string;
  readonly twin: string | undefined;
}

/**
 * The first own enumerable key of `value` that is not in `known`, or `undefined` when every key is known.
 * The key's value is never read: it may be a secret under a misspelt name.
 */
export function findUnknownKey(value: object, known: ReadonlySet<string>): UnknownKey | undefined {
  for (const key of Object.keys(value)) {
    if (known.has(key)) continue;
    const lower = key.toLowerCase();
    let twin: string | undefined;
    for (const name of known) if (name.toLowerCase() === lower) twin = name;
    return { key, twin };
  }
  return undefined;
}

/** The problem text for an unknown key: `is not a known option (did you mean 'region'?) (known: …)`. */
export function unknownKeyProblem(unknown: UnknownKey, known: ReadonlySet<string>): string {
  const twin = unknown.twin === undefined ? '' : ` (did you mean '${unknown.twin}'?)`;
  return `is not a known option${twin} (known: ${[...known].join(', ')})`;
}
