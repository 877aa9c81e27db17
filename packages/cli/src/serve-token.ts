import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './usage-error';

/** The token clients send: visible ASCII, no space, no newline (SDKs send the file's bytes as a header). */
const tokenPattern = /^[\x21-\x7e]{16,4096}$/;
/** The longest token file read. */
export const maxTokenBytes = 4096;

const tokenRule =
  'must hold the token alone: 16 to 4096 visible ASCII characters, without spaces or a newline at the end ' +
  '(clients send the file as it is; write it with printf, not echo)';

/** Where the token comes from: read when a request comes, so a rotated token file takes effect at once. */
export interface TokenSource {
  /** The file clients read it from (`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`). */
  path: string;
  /** The token now, or undefined when the file holds no valid one (every request is then refused). */
  current: () => Promise<string | undefined>;
  /** Removes the file when rolechain made it; otherwise nothing. */
  dispose: () => Promise<void>;
}

type Read = { token: string } | { problem: string };

async function readToken(path: string): Promise<Read> {
  try {
    const { size } = await stat(path);
    if (size > maxTokenBytes) return { problem: tokenRule };
    const token = await readFile(path, 'latin1');
    return tokenPattern.test(token) ? { token } : { problem: tokenRule };
  } catch (error) {
    const { code } = error as { code?: unknown };
    return { problem: `cannot be read (${typeof code === 'string' ? code : 'error'})` };
  }
}

/**
 * The token of `path`, checked now (a usage error naming the flag and the file, never its content), then read
 * again at every request (a file of at most 4 KiB, asked for once per client per refresh): a rotated token
 * works from the next request and the old one is refused, whatever the file system's timestamp resolution.
 * A file that stops holding a valid token refuses every request until it does again; `log` says so once per
 * problem.
 */
export async function tokenFromFile(path: string, log: (line: string) => void): Promise<TokenSource> {
  const first = await readToken(path);
  if ('problem' in first) throw new UsageError(`--token-file ${path}: ${first.problem}`);
  let logged: string | undefined;
  return {
    path,
    current: async () => {
      const read = await readToken(path);
      if ('token' in read) {
        logged = undefined;
        return read.token;
      }
      if (logged !== read.problem) {
        logged = read.problem;
        log(`token file ${path} ${read.problem}; every request is refused until it holds a token again`);
      }
      return undefined;
    },
    dispose: () => Promise.resolve(),
  };
}

/** A new random token of 32 bytes (base64url) in a new file only this user may read, removed by `dispose`. */
export async function newTokenFile(): Promise<TokenSource> {
  const dir = await mkdtemp(join(tmpdir(), 'rolechain-serve-'));
  const path = join(dir, 'token');
  const token = randomBytes(32).toString('base64url');
  await writeFile(path, token, { mode: 0o600, flag: 'wx' });
  return {
    path,
    current: () => Promise.resolve(token),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
