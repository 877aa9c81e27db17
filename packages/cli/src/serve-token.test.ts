import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { newTokenFile, tokenFromFile } from './serve-token';
import { UsageError } from './usage-error';

const one = 'first-token-0123456789';
const two = 'second-token-9876543210';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'rolechain-token-'));
}

describe('tokenFromFile', () => {
  test('reads the token, and reads it again when the file is rewritten', async () => {
    const path = join(dir(), 'token');
    writeFileSync(path, one);
    const log = vi.fn<(line: string) => void>();
    const source = await tokenFromFile(path, log);
    expect(source.path).toBe(path);
    expect(await source.current()).toBe(one);
    writeFileSync(path, two);
    expect(await source.current()).toBe(two);
    expect(await source.current()).toBe(two);
    expect(log).not.toHaveBeenCalled();
  });

  test('follows a Kubernetes-style rotation: a symlink swapped to a new file', async () => {
    const base = dir();
    writeFileSync(join(base, 'v1'), one);
    writeFileSync(join(base, 'v2'), two);
    symlinkSync(join(base, 'v1'), join(base, 'data'));
    const path = join(base, 'token');
    symlinkSync(join(base, 'data'), path);
    const source = await tokenFromFile(path, () => undefined);
    expect(await source.current()).toBe(one);
    symlinkSync(join(base, 'v2'), join(base, 'data.new'));
    renameSync(join(base, 'data.new'), join(base, 'data'));
    expect(await source.current()).toBe(two);
  });

  test('a file that stops holding a valid token refuses every request, logged once, until it does again', async () => {
    const path = join(dir(), 'token');
    writeFileSync(path, one);
    const log = vi.fn<(line: string) => void>();
    const source = await tokenFromFile(path, log);
    writeFileSync(path, `${two}\n`);
    expect(await source.current()).toBeUndefined();
    expect(await source.current()).toBeUndefined();
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]?.[0]).toMatch(/must hold the token alone.*every request is refused/);
    expect(log.mock.calls[0]?.[0]).not.toContain(two);
    rmSync(path);
    expect(await source.current()).toBeUndefined();
    expect(log).toHaveBeenLastCalledWith(
      `token file ${path} cannot be read (ENOENT); every request is refused until it holds a token again`,
    );
    writeFileSync(path, two);
    expect(await source.current()).toBe(two);
  });

  test.each([
    ['a newline at the end', `${one}\n`],
    ['a space inside', 'first token 0123456789'],
    ['too short', 'short'],
    ['empty', ''],
    ['not ASCII', `${one}é`],
    ['too long', 'x'.repeat(4097)],
  ])('%s: a usage error naming --token-file and the file, never the content', async (_, content) => {
    const path = join(dir(), 'token');
    writeFileSync(path, content);
    const error = await tokenFromFile(path, () => undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `--token-file ${path}: must hold the token alone: 16 to 4096 visible ASCII characters, without spaces ` +
        'or a newline at the end (clients send the file as it is; write it with printf, not echo)',
    );
    if (content.length > 0) expect((error as Error).message).not.toContain(content.trim());
  });

  test('a file that cannot be read, or a directory: a usage error with the reason', async () => {
    const base = dir();
    await expect(tokenFromFile(join(base, 'missing'), () => undefined)).rejects.toThrow(
      `--token-file ${join(base, 'missing')}: cannot be read (ENOENT)`,
    );
    await expect(tokenFromFile(base, () => undefined)).rejects.toThrow(
      `--token-file ${base}: cannot be read (EISDIR)`,
    );
  });
});

describe('newTokenFile', () => {
  test('32 random bytes in a new 0600 file of a new 0700 directory, removed by dispose', async () => {
    const source = await newTokenFile();
    const token = await source.current();
    expect(Buffer.from(token ?? '', 'base64url')).toHaveLength(32);
    expect(readFileSync(source.path, 'utf8')).toBe(token);
    expect(statSync(source.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(source.path, '..')).mode & 0o777).toBe(0o700);
    const other = await newTokenFile();
    expect(await other.current()).not.toBe(token);
    await other.dispose();
    await source.dispose();
    expect(() => statSync(join(source.path, '..'))).toThrow();
  });
});
