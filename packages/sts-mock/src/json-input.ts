import { StsMockInputError } from './errors';

/** A JSON value decoded by {@link decodeJson}: objects have no prototype, arrays are plain arrays. */
export type JsonInput =
  string | number | boolean | null | readonly JsonInput[] | { readonly [key: string]: JsonInput };

/** Deeper than any fixture or control request needs (a trust policy's values sit 6 levels down in a role). */
const maxDepth = 32;

/**
 * Decodes JSON text from a user (a fixture file, a control request) into values whose objects have no
 * prototype, so a `__proto__` or `constructor` key is a key like any other. Text over `maxBytes`, text that
 * is not JSON and nesting past 32 levels are an input error naming `field`; the error never quotes the
 * text, which may hold secrets (an MFA seed).
 */
export function decodeJson(text: string, field: string, maxBytes: number): JsonInput {
  if (Buffer.byteLength(text) > maxBytes) {
    throw new StsMockInputError(field, `is larger than ${maxBytes} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StsMockInputError(field, `is not valid JSON${whereIn(text, error)}`);
  }
  return withoutPrototypes(parsed, field, 0);
}

function withoutPrototypes(value: unknown, field: string, depth: number): JsonInput {
  if (typeof value !== 'object' || value === null) return value as JsonInput;
  if (depth >= maxDepth) throw new StsMockInputError(field, `is nested more than ${maxDepth} levels deep`);
  if (Array.isArray(value)) return value.map((item: unknown) => withoutPrototypes(item, field, depth + 1));
  const copy = Object.create(null) as Record<string, JsonInput>;
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: withoutPrototypes(item, field, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** ` (line L, column C)` from the position V8 reports, never the text around it. */
function whereIn(text: string, error: unknown): string {
  const position = /position (\d{1,9})/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
