/**
 * Renders values in error messages. A user's (non-secret) value is shown short and bounded, without running
 * any of its code (getters, `toJSON`, `toString`, proxy traps that throw are caught); a secret field is only
 * ever described by its kind.
 */
import { REDACTED } from './redact';

/** Longest rendering of a value in a message. */
const MAX_SHOWN_LENGTH = 120;
/** Entries of an object or array looked at, at most. */
const MAX_ENTRIES = 8;
const MAX_DEPTH = 3;

/** `a string`, `a number`, `an array`, `an object`, `null`…: the kind of a value, never its content. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'object':
      try {
        return Array.isArray(value) ? 'an array' : 'an object';
      } catch {
        return 'an object'; // a revoked proxy
      }
    case 'function':
      return 'a function';
    default:
      return `a ${typeof value}`;
  }
}

/** The rendering of a secret field's value: the marker and its kind (`[REDACTED] (a string)`), nothing else. */
export function redacted(value: unknown): string {
  return `${REDACTED} (${kindOf(value)})`;
}

function render(value: unknown, depth: number, budget: { left: number }): string {
  if (budget.left <= 0) return '…';
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(value.length > MAX_SHOWN_LENGTH ? value.slice(0, MAX_SHOWN_LENGTH) : value);
      budget.left -= text.length;
      return text;
    }
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.description === undefined ? 'Symbol()' : `Symbol(${JSON.stringify(value.description)})`;
    case 'function':
      return 'a function';
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (Array.isArray(object)) {
    if (depth >= MAX_DEPTH) return `[${object.length} items]`;
    const items: string[] = [];
    const count = Math.min(object.length, MAX_ENTRIES);
    for (let i = 0; i < count && budget.left > 0; i++) {
      items.push(renderProperty(object, String(i), depth, budget));
    }
    if (object.length > items.length) items.push(`…${object.length - items.length} more`);
    return `[${items.join(',')}]`;
  }
  if (object instanceof Date) {
    const time = Date.prototype.getTime.call(object);
    return Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString();
  }
  if (depth >= MAX_DEPTH) return '{…}';
  const keys = Object.keys(object);
  const entries: string[] = [];
  for (const key of keys.slice(0, MAX_ENTRIES)) {
    if (budget.left <= 0) break;
    const name = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
    budget.left -= name.length + 1;
    entries.push(`${name}:${renderProperty(object, key, depth, budget)}`);
  }
  if (keys.length > entries.length) entries.push(`…${keys.length - entries.length} more`);
  return `{${entries.join(',')}}`;
}

/** A property's value when it is plain data; a getter is not run. */
function renderProperty(object: object, key: string, depth: number, budget: { left: number }): string {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined) return 'undefined';
  if (!('value' in descriptor)) return '[getter]';
  return render(descriptor.value, depth + 1, budget);
}

/**
 * A user-supplied, non-secret value rendered for an error message: strings quoted, objects and arrays
 * JSON-like with a few entries, circular and deep structures cut, at most 120 characters. Never throws.
 */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = render(value, 0, { left: MAX_SHOWN_LENGTH });
  } catch {
    text = kindOf(value);
  }
  return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH - 3)}...` : text;
}
