// The entry point as a user runs it: a child process of the built bundle. What the service owns of its
// configuration is checked before the rest of the app is loaded, so these runs need no AWS and no other
// package built; what the credential provider checks (role ARNs, external id, region) is run.integ.test.ts's.
// Generous timeouts: building and starting processes is slow on a loaded CI machine, not a behaviour.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsdown';
import { afterAll, beforeAll, expect, test } from 'vitest';

const appRoot = join(import.meta.dirname, '..');
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'sample-service-main-'));
  await build({
    config: join(appRoot, 'tsdown.config.ts'),
    cwd: appRoot,
    outDir,
    logLevel: 'silent',
    sourcemap: false,
  });
}, 60_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/** Runs the built entry with exactly these variables (nothing inherited, so no AWS setting leaks in). */
function runMain(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(outDir, 'main.mjs'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test.each([
  [{ ROLECHAIN_DEMO: 'yes' }, [], "ROLECHAIN_DEMO: 'yes' must be 1 (embedded demo) or 0 (real AWS)"],
  [
    { ROLE_CHAIN: 'arn:aws:iam::333333333333:role/report-reader', REPORTS_BUCKET: 'r-1' },
    ['--serve'],
    'AWS_REGION: is required when talking to real AWS',
  ],
  [{ PORT: 'eighty' }, ['--serve'], "PORT: 'eighty' is not a port number (0 to 65535; 0 picks a free port)"],
  [{}, ['--port=80'], "unknown argument '--port=80' (usage: sample-service [--serve])"],
])(
  '%j %j exits 2 with one line naming the variable',
  (env, args, message) => {
    const { code, stdout, stderr } = runMain(env, args);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `sample-service: ${message}\n` });
  },
  20_000,
);
