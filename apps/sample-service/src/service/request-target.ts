/**
 * The request target (`/reports?prefix=2026%2F`) as the routes read it: hostile input, so bounded, decoded
 * strictly and into a `Map`. The path is kept as sent (no `..` folding, no percent-decoding of route names);
 * a target that is not a URL, or that this service would have to guess about, is a 400 naming what is wrong.
 */
import { HttpError } from './http-errors';

/** Longer targets are refused with 414 (Node refuses a request line beyond its 16 KiB header limit itself). */
export const MAX_TARGET_LENGTH = 4096;
/** More query parameters than any route takes, by far. */
export const MAX_QUERY_PARAMETERS = 16;
/** S3's own limit on a key, and so on a prefix, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** How much of a path an error message or a log line shows. */
const SHOWN_LENGTH = 120;

export interface RequestTarget {
  /** The path as sent, still percent-encoded: `/reports/2026/q1%20final.csv`. */
  path: string;
  /** Each parameter name, decoded, with its decoded values in order. */
  query: ReadonlyMap<string, readonly string[]>;
}

/** User text (a path, a parameter name) as an error message or log line shows it: cut at 120 characters. */
export function shorten(text: string): string {
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}

/** The path part of a raw target for the access log, bounded; never the query, which may hold tokens. */
export function loggedPath(target: string): string {
  const end = target.search(/[?#]/);
  return shorten(end === -1 ? target : target.slice(0, end));
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, 'BadRequest', `The ${what} is not valid percent-encoded UTF-8`);
  }
}

/** `a=1&b=2&a=3` into a Map of decoded names to decoded values; `+` is a space, as HTML forms send it. */
function decodeQuery(search: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (search === '') return query;
  const pairs = search.split('&');
  if (pairs.length > MAX_QUERY_PARAMETERS) {
    throw new HttpError(
      400,
      'BadRequest',
      `The query has ${pairs.length} parameters; at most ${MAX_QUERY_PARAMETERS} are accepted`,
    );
  }
  for (const pair of pairs) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const name = decode(rawName.replaceAll('+', ' '), 'query parameter name');
    const value = decode(
      rawValue.replaceAll('+', ' '),
      `value of the query parameter ${JSON.stringify(name)}`,
    );
    const values = query.get(name);
    if (values === undefined) query.set(name, [value]);
    else values.push(value);
  }
  return query;
}

/**
 * The absolute form (`http://host:port/path?query`, which HTTP/1.1 servers must accept) without its scheme
 * and authority; the authority must be a valid host, else the target is not a URL at all.
 */
function stripAbsoluteForm(target: string): string {
  const scheme = /^https?:\/\//i.exec(target);
  if (scheme === null) {
    throw new HttpError(400, 'BadRequest', 'The request target must be a path starting with /');
  }
  const rest = target.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  if (authority === '' || !URL.canParse(`http://${authority}`)) {
    throw new HttpError(
      400,
      'BadRequest',
      'The request target is not a valid URL: its host cannot be parsed',
    );
  }
  const pathAndQuery = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  return pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`;
}

/** Splits and decodes a raw request target, or throws a 400/414 `HttpError` saying why it cannot. */
export function parseRequestTarget(target: string): RequestTarget {
  if (target.length > MAX_TARGET_LENGTH) {
    throw new HttpError(
      414,
      'UriTooLong',
      `The request target is ${target.length} characters long; at most ${MAX_TARGET_LENGTH} are accepted`,
    );
  }
  const relative = target.startsWith('/') ? target : stripAbsoluteForm(target);
  if (relative.includes('#')) {
    throw new HttpError(400, 'BadRequest', 'The request target must not contain a fragment (#)');
  }
  const queryStart = relative.indexOf('?');
  const path = queryStart === -1 ? relative : relative.slice(0, queryStart);
  const query = decodeQuery(queryStart === -1 ? '' : relative.slice(queryStart + 1));
  return { path, query };
}

/** A report key or prefix, refused when S3 would refuse it (more than 1024 UTF-8 bytes). */
export function checkKey(key: string, what: 'report key' | 'prefix'): string {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new HttpError(
      400,
      'BadRequest',
      `The ${what} is ${bytes} bytes long in UTF-8; S3 accepts at most ${MAX_KEY_BYTES}`,
    );
  }
  return key;
}

/** The report key of a `/reports/<key>` path, percent-decoded strictly and bounded. */
export function reportKey(rawKey: string): string {
  return checkKey(decode(rawKey, 'report key'), 'report key');
}
