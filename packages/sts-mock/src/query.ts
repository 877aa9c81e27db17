/** One decoded awsQuery parameter value: a string, a list (`X.member.N`) or a structure (`X.Y`). */
export type QueryValue = string | readonly QueryValue[] | { readonly [key: string]: QueryValue };
/** The decoded parameters of one STS call, e.g. `{ RoleArn, Tags: [{ Key, Value }] }`. */
export type QueryParams = Readonly<Record<string, QueryValue>>;

type Mutable = string | Mutable[] | { [key: string]: Mutable };

function child(container: Mutable[] | Record<string, Mutable>, key: string | number, list: boolean): Mutable {
  const existing = (container as Record<string | number, Mutable | undefined>)[key];
  if (existing !== undefined && typeof existing !== 'string') return existing;
  const created: Mutable = list ? [] : {};
  (container as Record<string | number, Mutable>)[key] = created;
  return created;
}

/**
 * Decodes awsQuery form parameters into a structure: `Tags.member.1.Key=a` becomes `Tags: [{ Key: 'a' }]`,
 * `TransitiveTagKeys.member.1=a` becomes `['a']`, and an empty top-level `Tags=` becomes `Tags: []` (an
 * empty member value such as `Tags.member.1.Value=` stays `''`). With `include`, only the parameters whose
 * top-level name it accepts are decoded.
 */
export function decodeQuery(
  form: URLSearchParams,
  include?: (name: string) => boolean,
): Record<string, QueryValue> {
  const root: Record<string, Mutable> = {};
  for (const [name, value] of form) {
    const parts = name.split('.');
    if (include !== undefined && !include(parts[0] ?? '')) continue;
    let container: Mutable[] | Record<string, Mutable> = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      const last = i === parts.length - 1;
      if (Array.isArray(container)) {
        const index = Number(part) - 1;
        if (!Number.isInteger(index) || index < 0) break;
        if (last) {
          container[index] = value;
          break;
        }
        container = child(container, index, false) as Record<string, Mutable>;
        continue;
      }
      if (last) {
        if (value === '' && container === root && container[part] === undefined) container[part] = [];
        else if (typeof container[part] !== 'object') container[part] = value;
        break;
      }
      if (parts[i + 1] === 'member') {
        container = child(container, part, true) as Mutable[];
        i++;
        if (i === parts.length - 1) break;
        continue;
      }
      container = child(container, part, false) as Record<string, Mutable>;
    }
  }
  for (const value of Object.values(root)) compact(value);
  return root;
}

/** Lists sent with gaps (`member.1`, `member.3`) keep their order without holes. */
function compact(value: Mutable): void {
  if (Array.isArray(value)) {
    // Object.values skips the holes a sparse array has.
    const dense = Object.values(value);
    value.length = 0;
    value.push(...dense);
    for (const item of value) compact(item);
  } else if (typeof value === 'object') {
    for (const item of Object.values(value)) compact(item);
  }
}

/**
 * A top-level string parameter, or `undefined` when absent or not a string. An empty value (`Policy=`)
 * decodes as an empty list (see {@link decodeQuery}); for a string member it is the empty string, which STS
 * checks against the member's length limits rather than treating as absent.
 */
export function stringParam(params: QueryParams, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) && value.length === 0 ? '' : undefined;
}

/**
 * A top-level list parameter (`Tags.member.N…`): its items, `[]` for an empty list sent as `Tags=`, or
 * `undefined` when absent.
 */
export function listParam(params: QueryParams, name: string): readonly QueryValue[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly QueryValue[]) : [];
}
