import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ProcessCredentials } from './process-credentials';

/**
 * A cache entry: credentials that expire. Credentials without an `Expiration` (long-term keys of a profile
 * without a role) are never cached: there is no STS call to save, an entry that never expires would outlive
 * rotated keys, and a long-term secret would be copied to one more file.
 */
export type CacheEntry = Required<ProcessCredentials>;

/** Whether credentials may be cached: only session credentials with an expiry. */
export function isCacheable(credentials: ProcessCredentials): credentials is CacheEntry {
  return credentials.SessionToken !== undefined && credentials.Expiration !== undefined;
}

/** Cached credentials are reused only while more than this is left before they expire. */
export const cacheRefreshWindowMs = 15 * 60_000;

/** `$XDG_CACHE_HOME/rolechain`, else `~/.cache/rolechain`. */
export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'rolechain');
}

/**
 * The cache file name for a chain: a SHA-256 of everything that decides which credentials come out (the
 * chain, the inputs it is read from, the source key id, the STS endpoint) and of the user, so two users or
 * two chains never share an entry.
 */
export function cacheKey(parts: Readonly<Record<string, unknown>>, user = currentUser()): string {
  return createHash('sha256')
    .update(JSON.stringify({ version: 1, user, parts }))
    .digest('hex');
}

function currentUser(): string {
  const { uid, username } = userInfo();
  return `${String(uid)}:${username}`;
}

const ownUid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/**
 * Makes `dir` the private cache directory, before anything in it is read or written: created `0700` when
 * missing. An existing one must be a directory (not a symbolic link) of this user; when group or others have
 * any access it is set back to `0700` (the files in it are each checked on read). Another user's directory,
 * or a link, is refused with an error naming it: credentials never go where someone else decides.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) {
    throw new Error(`the cache directory ${dir} is not a directory (a symbolic link?); remove it`);
  }
  if (ownUid !== undefined && stat.uid !== ownUid) {
    throw new Error(
      `the cache directory ${dir} belongs to uid ${String(stat.uid)}, not to you (uid ${String(ownUid)}): ` +
        'remove it, or set XDG_CACHE_HOME to a directory of yours',
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The cached credentials, when the file is ours, private, well-formed and not inside the refresh window. */
export function readCache(file: string, now: number): CacheEntry | undefined {
  let text: string;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || (stat.mode & 0o077) !== 0 || (ownUid !== undefined && stat.uid !== ownUid)) {
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isCacheEntry(value)) return undefined;
  const expires = Date.parse(value.Expiration);
  return Number.isNaN(expires) || expires - now <= cacheRefreshWindowMs ? undefined : value;
}

/** Writes the entry with mode 0600 (in a 0700 directory), atomically: readers see the old file or the new. */
export function writeCache(file: string, dir: string, credentials: CacheEntry): void {
  ensurePrivateDir(dir);
  const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, JSON.stringify(credentials), { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never created.
    }
    throw error;
  }
}

/** A well-formed entry: credentials with a session token and an expiry, as only those are written. */
function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record['Version'] === 1 &&
    typeof record['AccessKeyId'] === 'string' &&
    typeof record['SecretAccessKey'] === 'string' &&
    typeof record['SessionToken'] === 'string' &&
    typeof record['Expiration'] === 'string'
  );
}
