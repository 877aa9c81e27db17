// `rolechain serve` as a child process, for tests that read it with real clients.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { cli } from './built-cli';

/** The JSON line `rolechain serve` prints once it serves. */
export interface Ready {
  ready: true;
  chains: Record<string, string>;
  tokenFile: string;
  health: string;
}

/** A `rolechain serve` that is ready. */
export interface Serving {
  child: ChildProcessWithoutNullStreams;
  ready: Ready;
  /** What it wrote on stderr so far. */
  stderr: () => string;
  /** Its exit code once it has exited. */
  exit: Promise<number | null>;
}

/** The children started here, so a test's `afterEach` can stop what is left with {@link stopAll}. */
const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts the built `rolechain serve args…` with exactly `env`, in a new session (so it has no terminal). */
function spawnServe(args: readonly string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { detached: true, env });
  running.add(child);
  return child;
}

/** Starts `rolechain serve args…` and resolves once it has printed its ready line. */
export function startServe(args: readonly string[], env: Record<string, string>): Promise<Serving> {
  const child = spawnServe(args, env);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) {
        resolve({ child, ready: JSON.parse(stdout) as Ready, stderr: () => stderr, exit });
      }
    });
    void exit.then((code) => {
      reject(new Error(`serve exited ${String(code)} before it was ready: ${stderr}`));
    });
  });
}

/** Runs `rolechain serve args…` that is expected to stop by itself: its exit code and output. */
export async function serveToExit(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnServe(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Kills (SIGKILL) every child started here that still runs, and waits for each to exit. */
export async function stopAll(): Promise<void> {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  running.clear();
}
