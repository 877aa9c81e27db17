// The soak's sidecar phase (issue 16): one real `rolechain serve` (the CLI's committed bin, the built code, a
// child process) serves a 3-hop chain to many client processes at once, each reading it with the AWS SDK's
// own container credentials provider; STS is @rolechain/sts-mock on 127.0.0.1 and counts the AssumeRole calls.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SoakRow } from './model';
import { benchDir } from './paths';
import { sidecarRows, type ClientRound } from './sidecar-rows';
import { createWorld, region } from './world';

export interface SidecarPlan {
  readonly clients: number;
  readonly rounds: number;
}

export interface SidecarResult {
  readonly method: string;
  readonly rows: readonly SoakRow[];
  readonly notes: readonly string[];
  /** Every line the sidecar and the clients wrote on stderr, for the soak's secret scan. */
  readonly logs: { readonly serve: readonly string[]; readonly clients: readonly string[] };
  /** The secrets this phase knows (the base user's keys, the sidecar's token), to find verbatim. */
  readonly knownSecrets: readonly string[];
}

/** The JSON line `rolechain serve` prints once it serves. */
interface Ready {
  readonly chains: Readonly<Record<string, string>>;
  readonly tokenFile: string;
  readonly health: string;
}

/** How long the clients may take to load before the rounds start, and a round to be answered. */
const readyTimeoutMs = 180_000;
const roundTimeoutMs = 60_000;

/** The committed `rolechain` bin of @rolechain/cli, which runs its built `dist/cli.mjs`, as npm links it. */
function rolechainBin(): string {
  const manifestPath = createRequire(import.meta.url).resolve('@rolechain/cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin['rolechain'] ?? 'bin/rolechain.mjs');
}

/** The next line of `stream` each call, or `undefined` once it has ended or `timeoutMs` passed. */
function lineReader(stream: Readable): (timeoutMs: number) => Promise<string | undefined> {
  const lines: string[] = [];
  let ended = false;
  let wake = (): void => undefined;
  createInterface({ input: stream })
    .on('line', (line) => {
      lines.push(line);
      wake();
    })
    .on('close', () => {
      ended = true;
      wake();
    });
  return async (timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    while (lines.length === 0 && !ended && performance.now() < deadline) {
      await Promise.race([
        new Promise<void>((resolve) => (wake = resolve)),
        sleep(Math.max(0, deadline - performance.now())),
      ]);
    }
    return lines.shift();
  };
}

/** Collects a child's stderr, line by line. */
function collectStderr(child: ChildProcess, into: string[]): void {
  if (child.stderr !== null) createInterface({ input: child.stderr }).on('line', (line) => into.push(line));
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
}

function parseRound(line: string | undefined): ClientRound | undefined {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as ClientRound;
  } catch {
    return undefined;
  }
}

/** Runs the sidecar phase: serve, `plan.clients` client processes, `plan.rounds` rounds, then stops. */
export async function sidecarSoak(plan: SidecarPlan): Promise<SidecarResult> {
  const started = performance.now();
  const world = createWorld();
  const listening = await world.sts.listen({ host: '127.0.0.1' });
  const home = mkdtempSync(join(tmpdir(), 'rolechain-soak-sidecar-'));
  writeFileSync(join(home, 'config'), '');
  // Hermetic: private config files, no metadata service, no inherited AWS setting.
  const baseEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    TMPDIR: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const logs: { serve: string[]; clients: string[] } = { serve: [], clients: [] };
  const knownSecrets = [world.user.accessKeyId, world.user.secretAccessKey];
  const lastRole = world.roles.at(-1);
  if (lastRole === undefined) throw new Error('the world has no roles');

  const serve = spawn(
    process.execPath,
    [rolechainBin(), 'serve', '--chain', `soak=${world.roles.map((role) => role.arn).join(',')}`],
    {
      env: {
        ...baseEnv,
        AWS_REGION: region,
        AWS_ENDPOINT_URL_STS: listening.url,
        AWS_ACCESS_KEY_ID: world.user.accessKeyId,
        AWS_SECRET_ACCESS_KEY: world.user.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  collectStderr(serve, logs.serve);
  const serveExit = exitOf(serve);
  const readyLine = await lineReader(serve.stdout)(readyTimeoutMs);
  if (readyLine === undefined) {
    serve.kill('SIGKILL');
    await serveExit;
    await listening.close();
    rmSync(home, { recursive: true, force: true });
    throw new Error(`rolechain serve did not get ready (exit ${String(serve.exitCode)})`);
  }
  const ready = JSON.parse(readyLine) as Ready;
  const readyS = (performance.now() - started) / 1000;
  knownSecrets.push(readFileSync(ready.tokenFile, 'utf8'));

  // Every client is started and has loaded the SDK before the first round: all of them are the sidecar's
  // clients at once, and every round sends all their requests at the same moment.
  const spawnStart = performance.now();
  const clients = Array.from({ length: plan.clients }, () => {
    const child = spawn(process.execPath, [join(benchDir, 'dist', 'children', 'sidecar-client.mjs')], {
      env: {
        ...baseEnv,
        AWS_CONTAINER_CREDENTIALS_FULL_URI: ready.chains['soak'] ?? '',
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ready.tokenFile,
        BENCH_STS_ENDPOINT: listening.url,
        BENCH_REGION: region,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    collectStderr(child, logs.clients);
    return { child, next: lineReader(child.stdout), exit: exitOf(child) };
  });
  const readyClients = await Promise.all(
    clients.map(async ({ next }) => (await next(readyTimeoutMs)) === 'ready'),
  );
  const loadS = (performance.now() - spawnStart) / 1000;

  const answers: (ClientRound | undefined)[][] = [];
  const roundWallMs: number[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const roundStart = performance.now();
    for (const [index, { child }] of clients.entries())
      if (readyClients[index] === true) child.stdin.write('go\n');
    answers.push(
      await Promise.all(
        clients.map(async ({ next }, index) =>
          readyClients[index] === true ? parseRound(await next(roundTimeoutMs)) : undefined,
        ),
      ),
    );
    roundWallMs.push(performance.now() - roundStart);
  }
  for (const { child } of clients) child.stdin.end();
  const clientExits = await Promise.all(
    clients.map(async ({ child, exit }) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), roundTimeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    }),
  );

  const healthStatus = await fetch(ready.health).then(
    (response) => String(response.status),
    () => 'unreachable',
  );
  serve.kill('SIGTERM');
  const serveCode = await serveExit;
  const lastRoleSession = `arn:aws:sts::${lastRole.accountId}:assumed-role/${lastRole.roleName}/`;
  // What STS itself saw of the clients: their signed calls, who signed them and with how many keys.
  const identityCalls = world.sts.calls.filter((call) => call.action === 'GetCallerIdentity');
  const asLastRole = identityCalls.filter((call) => call.caller?.arn.startsWith(lastRoleSession) === true);
  const keys = new Set(asLastRole.map((call) => call.caller?.accessKeyId));
  const errors = new Map<string, number>();
  for (const answer of answers.flat()) {
    const name = answer === undefined ? 'no answer' : answer.error;
    if (name !== undefined) errors.set(name, (errors.get(name) ?? 0) + 1);
  }
  const run = {
    clients: plan.clients,
    answers,
    lastRoleSession,
    hops: world.roles.length,
    assumeRoleCalls: world.sts.calls.filter((call) => call.action === 'AssumeRole').length,
  };
  await listening.close();
  rmSync(home, { recursive: true, force: true });
  const seconds = (performance.now() - started) / 1000;

  return {
    method:
      "First, a sidecar: one `rolechain serve` (the CLI's own bin running its built code, a child process) " +
      `serves a ${world.roles.length}-hop chain from @rolechain/sts-mock on 127.0.0.1 (\`sts.listen()\`, ` +
      'reached through `AWS_ENDPOINT_URL_STS`; base credentials from its environment). ' +
      `${plan.clients} client processes (\`node\`) start at once and load the AWS SDK; once all have said so, ` +
      `each of ${plan.rounds} rounds tells all of them at the same moment to ask a fresh \`fromHttp\` ` +
      '(@aws-sdk/credential-providers, the container credentials provider of the default chain, reading ' +
      '`AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`; one request, no ' +
      "retry, 10 s timeout instead of 1 s since all clients share the machine's cores) for credentials, first " +
      'thing, then to sign a `GetCallerIdentity` to the mock with them from a new `STSClient`. A client is served ' +
      "when every round's identity is a session of the chain's last role. The time to credentials is the " +
      "client's own, from asking the provider to its credentials (one request to the sidecar, all " +
      `${plan.clients} at once); the ${plan.clients} clients and the sidecar share the machine's cores, so it ` +
      "shows this machine's stampede more than the sidecar's own work. The mock counts the AssumeRole calls " +
      "from the sidecar's start to its stop " +
      '(SIGTERM).',
    rows: sidecarRows(run),
    notes: [
      `Sidecar phase: serve ready (its chain assumed) after ${readyS.toFixed(1)} s; ${readyClients.filter(Boolean).length} of ` +
        `${plan.clients} clients loaded after ${loadS.toFixed(1)} s; rounds took ${roundWallMs
          .map((ms) => `${(ms / 1000).toFixed(2)} s`)
          .join(', ')} from the signal to the last answer; ${seconds.toFixed(0)} s in all. ` +
        `STS saw ${identityCalls.length} GetCallerIdentity calls, ${asLastRole.length} signed as the last role's ` +
        `session, with ${keys.size} access key${keys.size === 1 ? '' : 's'} (one cache). ` +
        `Failed rounds by error: ${JSON.stringify(Object.fromEntries(errors))}. ` +
        `Sidecar /healthz before the stop: ${healthStatus}; exit after SIGTERM: ${String(serveCode)}; ` +
        `clients' exits: ${JSON.stringify(Object.fromEntries(countBy(clientExits)))}; ` +
        `stderr lines scanned with the service's log lines: ${logs.serve.length} from the sidecar, ` +
        `${logs.clients.length} from the clients.`,
    ],
    logs,
    knownSecrets,
  };
}

function countBy(values: readonly (number | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return counts;
}
