// The built `rolechain` executable for tests that run it as a child process, the way tools run it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const packageDir = join(import.meta.dirname, '..', '..');
export const workspaceRoot = join(packageDir, '..', '..');
/** The committed `rolechain` bin, as npm links it; it runs the built dist/cli.mjs. */
export const cli = join(packageDir, 'bin', 'rolechain.mjs');

const lock = join(
  tmpdir(),
  `rolechain-cli-build-${createHash('sha256').update(packageDir).digest('hex').slice(0, 16)}.lock`,
);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Takes the build lock (a directory, made atomically), taking over one left by a process that has died. */
async function acquire(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // Made but not yet written, or just removed: look again.
      }
      if (owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      else await delay(200);
    }
  }
}

/**
 * Builds the CLI and the workspace packages it imports at run time with nx (restored from its cache when
 * unchanged), one test file at a time: test files run in parallel, and two builds writing the same dist/ at
 * once break each other's output.
 */
export async function buildCli(): Promise<void> {
  await acquire();
  try {
    execFileSync('npx', ['nx', 'run', '@rolechain/cli:build', '--output-style=static'], {
      cwd: packageDir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
