// Runs the committed `rolechain-sts-mock` bin (over the built dist/) as a child process, the way a test in
// another language does: spawn it, read its one ready line, stop it with a signal.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const packageDir = join(import.meta.dirname, '..', '..');
/** The bin as npm links it. */
export const serveBin = join(packageDir, 'bin', 'rolechain-sts-mock.mjs');

/** Builds the package (nx restores it from its cache when nothing changed), so the bin runs current code. */
export function buildServeBin(): void {
  execFileSync('npx', ['nx', 'run', '@rolechain/sts-mock:build', '--output-style=static'], {
    cwd: packageDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
}

/** The server's ready line. */
export interface Ready {
  readonly url: string;
  readonly controlUrl: string;
  readonly token: string;
  readonly region?: string;
  readonly credentialsFile?: string;
  readonly users: readonly { profile: string; arn: string; accessKeyId: string; mfaSerialNumber?: string }[];
}

/** A running server, or one that exited before it was ready. */
export interface Served {
  readonly child: ChildProcess;
  /** The ready line, or `undefined` when the process exited first. */
  readonly ready: Ready | undefined;
  /** Everything written to stderr so far (all of it once `exited` settles). */
  stderr(): string;
  /** Settles with the exit code. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `rolechain-sts-mock <args>` and waits for its ready line (or its exit). */
export async function startServe(args: readonly string[], cwd: string): Promise<Served> {
  const child = spawn(process.execPath, [serveBin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const lines = createInterface({ input: child.stdout });
  const first = new Promise<string | undefined>((resolve) => {
    lines.once('line', resolve);
    lines.once('close', () => {
      resolve(undefined);
    });
  });
  const line = await first;
  return {
    child,
    ready: line === undefined ? undefined : (JSON.parse(line) as Ready),
    stderr: () => errors,
    exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
