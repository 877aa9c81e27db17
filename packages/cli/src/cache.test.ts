import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  cacheDir,
  cacheKey,
  cacheRefreshWindowMs,
  ensurePrivateDir,
  isCacheable,
  readCache,
  writeCache,
  type CacheEntry,
} from './cache';

const now = Date.parse('2026-03-01T10:00:00Z');
const entry = (expiresInMs: number): CacheEntry => ({
  Version: 1,
  AccessKeyId: 'ASIAEXAMPLE',
  SecretAccessKey: 'secret',
  SessionToken: 'token',
  Expiration: new Date(now + expiresInMs).toISOString(),
});

describe('cacheDir', () => {
  test('XDG_CACHE_HOME when absolute, else ~/.cache', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/rolechain');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' })).toBe(join(homedir(), '.cache', 'rolechain'));
    expect(cacheDir({})).toBe(join(homedir(), '.cache', 'rolechain'));
  });
});

describe('cacheKey', () => {
  test('differs by chain and by user, stable otherwise', () => {
    const chain = { roles: ['arn:aws:iam::222222222222:role/a'] };
    expect(cacheKey(chain, 'alice')).toBe(cacheKey({ ...chain }, 'alice'));
    expect(cacheKey(chain, 'alice')).not.toBe(cacheKey(chain, 'bob'));
    expect(cacheKey(chain, 'alice')).not.toBe(
      cacheKey({ roles: ['arn:aws:iam::222222222222:role/b'] }, 'alice'),
    );
    expect(cacheKey(chain)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('writeCache / readCache', () => {
  const dirIn = () => join(mkdtempSync(join(tmpdir(), 'rolechain-cache-')), 'rolechain');

  test('writes 0600 in a 0700 directory and reads it back while outside the refresh window', () => {
    const dir = dirIn();
    const file = join(dir, 'k.json');
    writeCache(file, dir, entry(cacheRefreshWindowMs + 1000));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['k.json']);
    expect(readCache(file, now)).toEqual(entry(cacheRefreshWindowMs + 1000));
  });

  test('inside the refresh window, the entry is not reused', () => {
    const dir = dirIn();
    const file = join(dir, 'k.json');
    writeCache(file, dir, entry(cacheRefreshWindowMs));
    expect(readCache(file, now)).toBeUndefined();
  });

  test('a file group or others can read is ignored', () => {
    const dir = dirIn();
    const file = join(dir, 'k.json');
    writeCache(file, dir, entry(60 * 60_000));
    chmodSync(file, 0o640);
    expect(readCache(file, now)).toBeUndefined();
  });

  test('long-term keys (no SessionToken, no Expiration) are not cacheable, and such a file is a miss', () => {
    const keys = { Version: 1 as const, AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: 'secret' };
    expect(isCacheable(keys)).toBe(false);
    expect(isCacheable({ ...keys, SessionToken: 'token' })).toBe(false);
    expect(isCacheable(entry(60 * 60_000))).toBe(true);
    // An entry that never expires would be served for ever: one written by hand, or by anything else, is not read.
    const dir = dirIn();
    ensurePrivateDir(dir);
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(keys), { mode: 0o600 });
    expect(readCache(join(dir, 'keys.json'), now)).toBeUndefined();
  });

  test('missing, malformed or wrongly shaped files are misses', () => {
    const dir = dirIn();
    expect(readCache(join(dir, 'absent.json'), now)).toBeUndefined();
    writeCache(join(dir, 'x.json'), dir, entry(60 * 60_000));
    writeFileSync(join(dir, 'x.json'), '{not json', { mode: 0o600 });
    expect(readCache(join(dir, 'x.json'), now)).toBeUndefined();
    writeFileSync(join(dir, 'x.json'), JSON.stringify({ ...entry(60 * 60_000), Version: 2 }), {
      mode: 0o600,
    });
    expect(readCache(join(dir, 'x.json'), now)).toBeUndefined();
  });
});

describe('ensurePrivateDir', () => {
  const base = () => mkdtempSync(join(tmpdir(), 'rolechain-cachedir-'));

  test('creates a missing directory 0700, parents included', () => {
    const dir = join(base(), 'cache', 'rolechain');
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  test.each([0o777, 0o770, 0o755, 0o701, 0o1777])(
    'a directory of ours with mode %o is set back to 0700 before any file in it is read',
    (mode) => {
      const dir = join(base(), 'rolechain');
      mkdirSync(dir);
      chmodSync(dir, mode);
      ensurePrivateDir(dir);
      expect(statSync(dir).mode & 0o7777).toBe(0o700);
    },
  );

  test('a symbolic link is refused, naming it; its target is left alone', () => {
    const target = base();
    chmodSync(target, 0o777);
    const dir = join(base(), 'rolechain');
    symlinkSync(target, dir);
    expect(() => {
      ensurePrivateDir(dir);
    }).toThrow(`the cache directory ${dir} is not a directory (a symbolic link?)`);
    expect(statSync(target).mode & 0o777).toBe(0o777);
  });

  test("another user's directory is refused, naming it and its owner, and nothing is written there", () => {
    const uid = process.getuid?.() ?? 0;
    // Root can make a directory another user's; anyone else finds one in /, which root owns.
    let dir = '/';
    if (uid === 0) {
      dir = join(base(), 'rolechain');
      mkdirSync(dir, { mode: 0o777 });
      chownSync(dir, 65_534, 65_534);
    }
    const owner = statSync(dir).uid;
    expect(owner).not.toBe(uid);
    expect(() => {
      ensurePrivateDir(dir);
    }).toThrow(`the cache directory ${dir} belongs to uid ${String(owner)}, not to you (uid ${String(uid)})`);
    expect(() => {
      writeCache(join(dir, 'k.json'), dir, entry(60 * 60_000));
    }).toThrow('not to you');
    expect(readdirSync(dir)).not.toContain('k.json');
  });
});
