// IAM's wildcard matching (`StringLike`, `ArnLike`, actions): `*` matches any run of characters, `?` any one
// character, everything else itself. Matched with a greedy two-pointer walk, never a regular expression built
// from the policy: time is at most proportional to pattern length × value length, whatever the pattern.

/** `*` in a {@link Glob}. */
export const anyRun = -1;
/** `?` in a {@link Glob}. */
export const anyChar = -2;

/** A wildcard pattern: UTF-16 code units to match literally, {@link anyRun} and {@link anyChar}. */
export type Glob = readonly number[];

/** The glob for literal text (a policy variable's value: its `*` and `?` are characters). */
export function literalGlob(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
  return out;
}

/** The glob for a pattern whose `*` and `?` are wildcards. */
export function wildcardGlob(pattern: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    out.push(code === 42 ? anyRun : code === 63 ? anyChar : code);
  }
  return out;
}

/** Whether `value` matches `glob` as a whole. */
export function globMatches(glob: Glob, value: string): boolean {
  let g = 0;
  let v = 0;
  // Where the last `*` was, and the value position it currently stands up to.
  let star = -1;
  let starEnd = 0;
  while (v < value.length) {
    const token = glob[g];
    if (token === anyChar || (token !== undefined && token === value.charCodeAt(v))) {
      g++;
      v++;
    } else if (token === anyRun) {
      star = g++;
      starEnd = v;
    } else if (star >= 0) {
      g = star + 1;
      v = ++starEnd;
    } else {
      return false;
    }
  }
  while (glob[g] === anyRun) g++;
  return g === glob.length;
}
