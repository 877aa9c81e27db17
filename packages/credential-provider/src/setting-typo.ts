/** Keys longer than this are never near misses: bounds the work per key on hostile input. */
const MAX_COMPARED_LENGTH = 64;

/**
 * Edit distance with adjacent transpositions (optimal string alignment), or `limit + 1` as soon as it must
 * exceed `limit`. Linear memory, at most `a.length × b.length` steps on strings of bounded length.
 */
function distanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] as number) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The setting of `settings` that `key` is a near miss of (a typo such as `role_sesion_name` or
 * `source_profle`): at most one edit away for keys of up to 6 characters, two for longer ones. Case is
 * ignored, as a key differing only in case is a typo too. `undefined` when no setting is that close.
 */
export function nearMissOf(key: string, settings: Iterable<string>): string | undefined {
  if (key.length > MAX_COMPARED_LENGTH) return undefined;
  const lower = key.toLowerCase();
  const limit = lower.length <= 6 ? 1 : 2;
  let best: { setting: string; distance: number } | undefined;
  for (const setting of settings) {
    if (setting === key) continue;
    const distance = distanceWithin(lower, setting, limit);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { setting, distance };
  }
  return best?.setting;
}
