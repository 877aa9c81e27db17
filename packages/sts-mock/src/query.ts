/** One decoded awsQuery parameter value: a string, a list (`X.member.N`) or a structure (`X.Y`). */
export type QueryValue = string | readonly QueryValue[] | { readonly [key: string]: QueryValue };
/**
 * The decoded parameters of one STS call, e.g. `{ RoleArn, Tags: [{ Key, Value }] }`. It and every structure
 * in it have no prototype: a parameter named `__proto__` or `constructor` is a key like any other.
 */
export type QueryParams = Readonly<Record<string, QueryValue>>;

// While decoding, structures are Maps and lists are Maps by member number, so no parameter name can reach
// an object's prototype; they become null-prototype objects and dense arrays at the end.
type Node = string | Struct | List;
interface Struct {
  readonly kind: 'struct';
  readonly fields: Map<string, Node>;
}
interface List {
  readonly kind: 'list';
  readonly items: Map<number, Node>;
}

/**
 * The most dot-separated parts a parameter name may have. STS's deepest is `Tags.member.1.Key` (4); a name
 * with thousands of dots (a body may hold 1 MiB of them) is not a parameter and is skipped, so decoding
 * never recurses that deep.
 */
const maxNameParts = 16;

/** A member number: `1`, `2`, … in decimal, as the SDK writes them. */
const memberNumber = /^[1-9]\d{0,8}$/;

function struct(): Struct {
  return { kind: 'struct', fields: new Map() };
}

/** The structure or list under `key`, created when absent; a string already there is replaced. */
function childOf(node: Struct | List, key: string | number, kind: 'struct' | 'list'): Struct | List {
  const existing = node.kind === 'struct' ? node.fields.get(key as string) : node.items.get(key as number);
  if (existing !== undefined && typeof existing !== 'string' && existing.kind === kind) return existing;
  const created: Struct | List = kind === 'struct' ? struct() : { kind: 'list', items: new Map() };
  if (node.kind === 'struct') node.fields.set(key as string, created);
  else node.items.set(key as number, created);
  return created;
}

/**
 * Decodes awsQuery form parameters into a structure: `Tags.member.1.Key=a` becomes `Tags: [{ Key: 'a' }]`,
 * `TransitiveTagKeys.member.1=a` becomes `['a']`, and an empty top-level `Tags=` becomes `Tags: []` (an
 * empty member value such as `Tags.member.1.Value=` stays `''`). With `include`, only the parameters whose
 * top-level name it accepts are decoded. Names are data: the result and its structures have no prototype,
 * and a name such as `__proto__.x` is the key `__proto__` holding `{ x }`.
 */
export function decodeQuery(
  form: URLSearchParams,
  include?: (name: string) => boolean,
): Record<string, QueryValue> {
  const root = struct();
  for (const [name, value] of form) {
    const parts = name.split('.', maxNameParts + 1);
    if (parts.length > maxNameParts) continue;
    if (include !== undefined && !include(parts[0] ?? '')) continue;
    let node: Struct | List = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      const last = i === parts.length - 1;
      if (node.kind === 'list') {
        if (!memberNumber.test(part)) break;
        const index = Number(part);
        if (last) {
          node.items.set(index, value);
          break;
        }
        node = childOf(node, index, 'struct');
        continue;
      }
      if (last) {
        const existing = node.fields.get(part);
        if (value === '' && node === root && existing === undefined) {
          node.fields.set(part, { kind: 'list', items: new Map() });
        } else if (existing === undefined || typeof existing === 'string') {
          node.fields.set(part, value);
        }
        break;
      }
      if (parts[i + 1] === 'member') {
        node = childOf(node, part, 'list');
        i++;
        if (i === parts.length - 1) break;
        continue;
      }
      node = childOf(node, part, 'struct');
    }
  }
  return finish(root) as Record<string, QueryValue>;
}

/** The decoded value of a node: null-prototype objects, and lists in member order without gaps. */
function finish(node: Node): QueryValue {
  if (typeof node === 'string') return node;
  if (node.kind === 'list') {
    return [...node.items.entries()].sort(([a], [b]) => a - b).map(([, item]) => finish(item));
  }
  const out = Object.create(null) as Record<string, QueryValue>;
  for (const [key, value] of node.fields) {
    Object.defineProperty(out, key, {
      value: finish(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The parameter `name` when the params (or a structure in them) hold it as their own. */
export function ownParam(params: Readonly<Record<string, QueryValue>>, name: string): QueryValue | undefined {
  return Object.hasOwn(params, name) ? params[name] : undefined;
}

/**
 * A top-level string parameter, or `undefined` when absent or not a string. An empty value (`Policy=`)
 * decodes as an empty list (see {@link decodeQuery}); for a string member it is the empty string, which STS
 * checks against the member's length limits rather than treating as absent.
 */
export function stringParam(params: QueryParams, name: string): string | undefined {
  const value = ownParam(params, name);
  if (typeof value === 'string') return value;
  return Array.isArray(value) && value.length === 0 ? '' : undefined;
}

/**
 * A top-level list parameter (`Tags.member.N…`): its items, `[]` for an empty list sent as `Tags=`, or
 * `undefined` when absent.
 */
export function listParam(params: QueryParams, name: string): readonly QueryValue[] | undefined {
  const value = ownParam(params, name);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly QueryValue[]) : [];
}
