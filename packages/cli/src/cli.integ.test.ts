// The built `rolechain` executable, run as a child process the way tools run it, against the STS mock served
// over real HTTP on loopback (AWS_ENDPOINT_URL_STS), with a mock user's static keys as base credentials.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { createStsMock, type PolicyDocument } from '@rolechain/sts-mock';
import { stsMatchers } from '@rolechain/sts-mock/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildCli } from './test-support/built-cli';

expect.extend(stsMatchers);

const packageDir = join(import.meta.dirname, '..');
const workspaceRoot = join(packageDir, '..', '..');
// The committed `rolechain` bin, as npm links it; it runs the built dist/cli.mjs.
const cli = join(packageDir, 'bin', 'rolechain.mjs');

const sts = createStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const deployer = sts.createRole({
  accountId: '222222222222',
  roleName: 'deployer',
  trustedPrincipals: [alice.arn],
});
const reader = sts.createRole({
  accountId: '333333333333',
  roleName: 'reader',
  trustedPrincipals: [deployer.arn],
});
const bob = sts.createUser({ accountId: '111111111111', userName: 'bob' });
const shared = sts.createRole({
  accountId: '222222222222',
  roleName: 'shared',
  trustedPrincipals: [alice.arn, bob.arn],
});
const locked = sts.createRole({
  accountId: '333333333333',
  roleName: 'locked',
  trustedPrincipals: [alice.arn],
});
const vendorTrust: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: deployer.arn },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' } },
    },
  ],
};
const vendor = sts.createRole({ accountId: '444444444444', roleName: 'vendor', trustPolicy: vendorTrust });

let url = '';
let close: () => Promise<void> = () => Promise.resolve();
let home = '';

beforeAll(async () => {
  await buildCli();
  const listening = await sts.listen({ host: '127.0.0.1' });
  url = listening.url;
  close = () => listening.close();
}, 120_000);
afterAll(() => close());
afterEach(() => {
  sts.reset();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment for the built CLI: the mock's URL, alice's keys, a private HOME and config. */
function cliEnv(): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    AWS_ENDPOINT_URL_STS: url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: alice.accessKeyId,
    AWS_SECRET_ACCESS_KEY: alice.secretAccessKey,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
  };
}

/**
 * The environment of a command `exec` runs that uses the SDK: where to find it, and without the SDK's own
 * notice that it will need Node 22 (on Node 20), which that command, not rolechain, would print.
 */
const sdkCommandEnv = {
  NODE_PATH: join(workspaceRoot, 'node_modules'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Runs the built CLI in {@link cliEnv} plus `env`. It is started in a new session (`detached`: setsid), so it has no controlling terminal even when the tests run in
 * one, as under CI: opening /dev/tty fails and nothing waits for a code typed there. (`execFile` ignores
 * `detached`, hence `spawn`.)
 */
function run(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...cliEnv(), ...env })) {
    if (value !== undefined) merged[name] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: merged,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function newHome(config = ''): void {
  home = mkdtempSync(join(tmpdir(), 'rolechain-cli-'));
  writeFileSync(join(home, 'config'), config);
}

async function callerArn(credentials: {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}): Promise<string | undefined> {
  const client = new STSClient({
    region: 'eu-west-1',
    endpoint: url,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    },
  });
  return (await client.send(new GetCallerIdentityCommand({}))).Arn;
}

const profiles = `
[profile deployer]
role_arn = ${deployer.arn}
credential_source = Environment

[profile reader]
role_arn = ${reader.arn}
source_profile = deployer
role_session_name = nightly-report

[profile short]
role_arn = ${deployer.arn}
credential_source = Environment
duration_seconds = 900
`;

describe('credential-process', () => {
  test('--role-arn twice prints credential_process JSON for the last role of the chain', async () => {
    newHome();
    const result = await run(['credential-process', '--role-arn', deployer.arn, '--role-arn', reader.arn]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(output).sort()).toEqual([
      'AccessKeyId',
      'Expiration',
      'SecretAccessKey',
      'SessionToken',
      'Version',
    ]);
    expect(output['Version']).toBe(1);
    const expiration = output['Expiration'] as string;
    expect(new Date(expiration).toISOString()).toBe(expiration);
    expect(Date.parse(expiration)).toBeGreaterThan(Date.now());
    expect(await callerArn(output as never)).toMatch(/^arn:aws:sts::333333333333:assumed-role\/reader\//);
    expect(sts).toHaveAssumedRole(reader.arn, { by: deployer.arn, times: 1 });
  });

  test('--external-id goes with the --role-arn before it', async () => {
    newHome();
    const ok = await run([
      'credential-process',
      '--role-arn',
      deployer.arn,
      '--role-arn',
      vendor.arn,
      '--external-id',
      'partner-42',
    ]);
    expect(ok.code).toBe(0);
    expect(sts).toHaveReceivedStsCall('AssumeRole', {
      params: { RoleArn: vendor.arn, ExternalId: 'partner-42' },
      status: 200,
    });
  });

  test('--profile follows source_profile in AWS_CONFIG_FILE and uses its role_session_name', async () => {
    newHome(profiles);
    const result = await run(['credential-process', '--profile', 'reader']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as never;
    expect(await callerArn(output)).toBe('arn:aws:sts::333333333333:assumed-role/reader/nightly-report');
  });

  test("the SDK's fromIni runs it as a credential_process and signs as the chain's last role", async () => {
    newHome();
    const configFile = join(home, 'consumer-config');
    writeFileSync(
      configFile,
      `[profile via-rolechain]\ncredential_process = "${process.execPath}" "${cli}" credential-process --role-arn ${deployer.arn} --role-arn ${reader.arn}\n`,
    );
    // fromIni starts the process with this process's environment.
    vi.stubEnv('AWS_ENDPOINT_URL_STS', url);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', alice.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', alice.secretAccessKey);
    vi.stubEnv('AWS_PROFILE', undefined);
    const client = new STSClient({
      region: 'eu-west-1',
      endpoint: url,
      credentials: fromIni({
        profile: 'via-rolechain',
        configFilepath: configFile,
        filepath: join(home, 'no-credentials'),
        ignoreCache: true,
      }),
    });
    const identity = await client.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(/^arn:aws:sts::333333333333:assumed-role\/reader\//);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', caller: { arn: identity.Arn } });
  });

  test('--cache reuses a private 0600 file instead of assuming the roles again', async () => {
    newHome();
    const args = ['credential-process', '--cache', '--role-arn', deployer.arn, '--role-arn', reader.arn];
    const first = await run(args);
    expect(first.code).toBe(0);
    const assumed = sts.calls.filter((call) => call.action === 'AssumeRole').length;
    expect(assumed).toBe(2);

    const second = await run(args);
    expect(second.stdout).toBe(first.stdout);
    expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(assumed);

    const dir = join(home, 'cache', 'rolechain');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = join(dir, files[0] ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A cache file others could read is never trusted: the chain is assumed again and the file replaced.
    chmodSync(file, 0o644);
    const third = await run(args);
    expect(third.stdout).not.toBe(first.stdout);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('--cache does not reuse credentials inside the 15-minute refresh window', async () => {
    newHome(profiles);
    const args = ['credential-process', '--cache', '--profile', 'short'];
    const first = await run(args);
    const second = await run(args);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(2);
  });

  test('--cache keeps entries apart per chain', async () => {
    newHome();
    await run(['credential-process', '--cache', '--role-arn', deployer.arn]);
    await run(['credential-process', '--cache', '--role-arn', deployer.arn, '--role-arn', reader.arn]);
    expect(readdirSync(join(home, 'cache', 'rolechain'))).toHaveLength(2);
  });

  test('--cache with --role-arn: base keys changed in the credentials file never get the old session', async () => {
    newHome();
    const credentials = join(home, 'credentials');
    const keysOf = (user: typeof alice) =>
      `[default]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`;
    // No keys in the environment: the SDK's default chain finds them in the credentials file.
    const env = {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
    };
    const args = ['credential-process', '--cache', '--role-arn', shared.arn];
    writeFileSync(credentials, keysOf(alice));
    const first = await run(args, env);
    expect(first.code).toBe(0);
    expect(await run(args, env)).toMatchObject({ code: 0, stdout: first.stdout });
    expect(sts).toHaveAssumedRole(shared.arn, { by: alice.arn, times: 1 });

    writeFileSync(credentials, keysOf(bob));
    const second = await run(args, env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    expect(sts).toHaveAssumedRole(shared.arn, { by: bob.arn, times: 1 });
    const files = readdirSync(join(home, 'cache', 'rolechain'));
    expect(files).toHaveLength(2);
    for (const file of files) {
      const name = file.slice(0, -'.json'.length);
      for (const user of [alice, bob]) {
        expect(name).not.toContain(user.accessKeyId);
        expect(readFileSync(join(home, 'cache', 'rolechain', file), 'utf8')).not.toContain(user.accessKeyId);
      }
    }
  });

  test('--cache: a cache directory others can write is made 0700 again; a link in its place is refused', async () => {
    newHome();
    const dir = join(home, 'cache', 'rolechain');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    const args = ['credential-process', '--cache', '--role-arn', deployer.arn];
    expect((await run(args)).code).toBe(0);
    expect(statSync(dir).mode & 0o7777).toBe(0o700);
    expect(readdirSync(dir)).toHaveLength(1);

    // Someone who could write there replaced it with a link to a directory of theirs.
    const theirs = join(home, 'theirs');
    mkdirSync(theirs, { mode: 0o777 });
    rmSync(dir, { recursive: true });
    symlinkSync(theirs, dir);
    const refused = await run(args);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe(
      `rolechain credential-process: Error: the cache directory ${dir} is not a directory (a symbolic link?); remove it\n`,
    );
    expect(readdirSync(theirs)).toEqual([]);
    expect(sts).toHaveAssumedRole(deployer.arn, { by: alice.arn, times: 1 });
  });

  test('a denied hop exits 1 with a one-line message naming the hop, and prints nothing on stdout', async () => {
    newHome();
    const result = await run(['credential-process', '--role-arn', deployer.arn, '--role-arn', locked.arn]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^rolechain credential-process: RoleChainError: hop 2 of 2 \\(${locked.arn}\\): AccessDenied: `,
      ),
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain(alice.secretAccessKey);
  });

  test.each([
    [
      ['--role-arn', 'not-an-arn'],
      '--role-arn: must be an IAM role ARN like arn:aws:iam::123456789012:role/name, got "not-an-arn"',
    ],
    [['--bogus'], 'unknown flag --bogus'],
    [['--external-id', 'x', '--role-arn', deployer.arn], '--external-id must follow the --role-arn'],
    [['--profile', 'reader', '--role-arn', deployer.arn], '--profile and --role-arn cannot be combined'],
    [[], '--profile or --role-arn is required'],
  ])('usage error %j exits 2 naming the flag', async (args, message) => {
    newHome();
    const result = await run(['credential-process', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(sts.calls).toEqual([]);
  });

  test("a failing run prints one line on Node 20 too: the SDK's Node version warning is not printed", async () => {
    newHome();
    // alice may not assume reader: STS refuses, after the SDK has made its clients (where it would warn).
    const result = await run(['credential-process', '--role-arn', reader.arn]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^rolechain credential-process: RoleChainError: hop 1 of 1 \\(${reader.arn}\\): AccessDenied: [^\\n]*\\n$`,
      ),
    );
  });

  test('AWS_DEFAULT_REGION is the region when AWS_REGION is not set, as the AWS CLI reads them', async () => {
    newHome();
    const args = ['credential-process', '--role-arn', deployer.arn];
    const viaDefault = await run(args, { AWS_REGION: undefined, AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(viaDefault).toMatchObject({ code: 0, stderr: '' });
    const neither = await run(args, { AWS_REGION: undefined });
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('no STS region');
  });

  test('--help prints the usage and exits 0', async () => {
    newHome();
    const result = await run(['credential-process', '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: rolechain credential-process/);
  });
});

describe('whoami', () => {
  test('a table: the base identity, then each assumed-role session with its expiry', async () => {
    newHome(profiles);
    const result = await run(['whoami', '--profile', 'reader']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOP\s+IDENTITY\s+EXPIRES$/);
    expect(lines[1]).toMatch(new RegExp(`^source\\s+${alice.arn}$`));
    expect(lines[2]).toMatch(
      /^1\s+arn:aws:sts::222222222222:assumed-role\/deployer\/\S+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(lines[3]).toMatch(/^2\s+arn:aws:sts::333333333333:assumed-role\/reader\/nightly-report\s+\S+Z$/);
    expect(lines).toHaveLength(4);
  });

  test('--json gives the same chain as data, and no secret', async () => {
    newHome();
    const result = await run(['whoami', '--json', '--role-arn', deployer.arn, '--role-arn', reader.arn]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      source: { arn: string; accountId: string; accessKeyId: string };
      chain: { hop: number; roleArn: string; arn: string; expiration: string }[];
      arn: string;
      accountId: string;
    };
    expect(report.source).toMatchObject({ arn: alice.arn, accountId: '111111111111' });
    expect(report.source.accessKeyId).not.toBe(alice.accessKeyId);
    expect(report.chain.map((hop) => [hop.hop, hop.roleArn])).toEqual([
      [1, deployer.arn],
      [2, reader.arn],
    ]);
    expect(report.arn).toBe(report.chain[1]?.arn);
    expect(report.accountId).toBe('333333333333');
    // The session ARNs are the ones STS issued, as the mock saw them sign.
    expect(sts.calls.some((call) => call.caller?.arn === report.chain[0]?.arn)).toBe(true);
    expect(result.stdout).not.toContain(alice.secretAccessKey);
    expect(result.stdout).not.toContain(alice.accessKeyId);
  });

  test('a failing hop exits 1 naming it; a usage error exits 2; --help exits 0', async () => {
    newHome();
    const failed = await run(['whoami', '--role-arn', deployer.arn, '--role-arn', locked.arn]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`hop 2 of 2 (${locked.arn}): AccessDenied`);
    expect(failed.stderr).not.toContain(alice.secretAccessKey);
    const usage = await run(['whoami', '--jsn']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown flag --jsn');
    const help = await run(['whoami', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: rolechain whoami/);
  });
});

describe('exec', () => {
  const callerScript = [
    "const { GetCallerIdentityCommand, STSClient } = require('@aws-sdk/client-sts');",
    'new STSClient({}).send(new GetCallerIdentityCommand({})).then((out) => {',
    '  console.log(JSON.stringify({ arn: out.Arn, region: process.env.AWS_REGION, profile: process.env.AWS_PROFILE }));',
    '});',
  ].join('\n');

  test("the command's SDK signs as the chain's last role, in the chain's region", async () => {
    newHome(profiles);
    // AWS_PROFILE names the chain; the command must not see it, or its SDK would skip the environment keys.
    const result = await run(
      ['exec', '--region', 'eu-central-1', '--', process.execPath, '-e', callerScript],
      { AWS_PROFILE: 'reader', ...sdkCommandEnv },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/nightly-report',
      region: 'eu-central-1',
    });
  });

  test("AWS_DEFAULT_REGION alone is the region; the command gets the user's environment, not rolechain's", async () => {
    newHome();
    const script =
      'console.log(JSON.stringify({ region: process.env.AWS_REGION, warning: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? null }))';
    const result = await run(['exec', '--role-arn', deployer.arn, '--', process.execPath, '-e', script], {
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: 'eu-north-1',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ region: 'eu-north-1', warning: null });
  });

  test("exits with the command's exit code, or 128 + n when a signal ends it", async () => {
    newHome();
    const chain = ['--role-arn', deployer.arn];
    expect((await run(['exec', ...chain, '--', process.execPath, '-e', 'process.exit(7)'])).code).toBe(7);
    const killed = await run([
      'exec',
      ...chain,
      '--',
      process.execPath,
      '-e',
      "process.kill(process.pid, 'SIGTERM')",
    ]);
    expect(killed.code).toBe(143);
  });

  test('SIGTERM sent to rolechain reaches the command, whose exit code it then returns', async () => {
    newHome();
    const script =
      "process.on('SIGTERM', () => process.exit(42)); setInterval(() => {}, 1000); console.log('ready');";
    const child = spawn(
      process.execPath,
      [cli, 'exec', '--role-arn', deployer.arn, '--', process.execPath, '-e', script],
      {
        env: cliEnv(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(42);
  });

  test('prints nothing itself: no credential reaches its stdout or stderr', async () => {
    newHome();
    const result = await run(['exec', '--role-arn', deployer.arn, '--', process.execPath, '-e', '']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('a failing hop exits 1 naming it, and the command never runs', async () => {
    newHome();
    const marker = join(home, 'ran');
    const result = await run([
      'exec',
      '--role-arn',
      deployer.arn,
      '--role-arn',
      locked.arn,
      '--',
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`hop 2 of 2 (${locked.arn}): AccessDenied`);
    expect(() => statSync(marker)).toThrow();
  });

  test('a command that does not exist exits 1 naming it', async () => {
    newHome();
    const result = await run(['exec', '--role-arn', deployer.arn, '--', 'no-such-command-rolechain']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('rolechain exec: Error: cannot run "no-such-command-rolechain": ENOENT\n');
  });

  test.each([
    [['--role-arn', 'arn:aws:iam::222222222222:role/a', 'node'], 'the command must follow --'],
    [['--role-arn', 'arn:aws:iam::222222222222:role/a', '--'], 'no command after --'],
    [
      ['--server=yes', '--role-arn', 'arn:aws:iam::222222222222:role/a', '--', 'node'],
      '--server takes no value',
    ],
  ])('usage error %j exits 2', async (args, message) => {
    newHome();
    const result = await run(['exec', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(sts.calls).toEqual([]);
  });
});

describe('a profile without a role (zero hops)', () => {
  /** alice's long-term keys in a profile of their own, and a credential_process printing a session. */
  const zeroHopProfiles = (sessionHelper: string) => `
[profile keys]
aws_access_key_id = ${alice.accessKeyId}
aws_secret_access_key = ${alice.secretAccessKey}
region = eu-west-1

[profile session-process]
credential_process = "${process.execPath}" "${sessionHelper}"
`;
  const expiration = '2099-01-01T00:00:00.000Z';
  function zeroHopHome(): void {
    newHome();
    const helper = join(home, 'session-helper.cjs');
    const printed = {
      Version: 1,
      AccessKeyId: 'ASIAHELPERSESSION001',
      SecretAccessKey: 'helper-secret',
      SessionToken: 'helper-token',
      Expiration: expiration,
    };
    writeFileSync(helper, `process.stdout.write(${JSON.stringify(JSON.stringify(printed))});\n`);
    writeFileSync(join(home, 'config'), zeroHopProfiles(helper));
  }

  test('credential-process prints the keys as AWS documents long-term keys: no SessionToken, no Expiration', async () => {
    zeroHopHome();
    const result = await run(['credential-process', '--profile', 'keys', '--cache']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      Version: 1,
      AccessKeyId: alice.accessKeyId,
      SecretAccessKey: alice.secretAccessKey,
    });
    // No STS call, and long-term keys are never written to the cache.
    expect(sts.calls).toEqual([]);
    expect(readdirSync(join(home, 'cache', 'rolechain'))).toEqual([]);
  });

  test('credential-process passes on a session with its SessionToken and Expiration, and caches it', async () => {
    zeroHopHome();
    const result = await run(['credential-process', '--profile', 'session-process', '--cache']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      Version: 1,
      AccessKeyId: 'ASIAHELPERSESSION001',
      SecretAccessKey: 'helper-secret',
      SessionToken: 'helper-token',
      Expiration: expiration,
    });
    expect(readdirSync(join(home, 'cache', 'rolechain'))).toHaveLength(1);
  });

  test('the AWS CLI and SDKs read that output as long-term keys of alice', async () => {
    zeroHopHome();
    const config = readFileSync(join(home, 'config'), 'utf8');
    writeFileSync(
      join(home, 'config'),
      `${config}\n[profile via-rolechain]\ncredential_process = "${process.execPath}" "${cli}" credential-process --profile keys\n`,
    );
    vi.stubEnv('AWS_CONFIG_FILE', join(home, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', devNull);
    vi.stubEnv('HOME', home);
    const credentials = await fromIni({ profile: 'via-rolechain' })();
    expect(credentials).toMatchObject({ accessKeyId: alice.accessKeyId });
    expect(credentials.sessionToken).toBeUndefined();
    expect(credentials.expiration).toBeUndefined();
  });

  test('exec gives the command the keys and no AWS_SESSION_TOKEN, not even an inherited one', async () => {
    zeroHopHome();
    const script =
      "const { GetCallerIdentityCommand, STSClient } = require('@aws-sdk/client-sts'); new STSClient({}).send(new GetCallerIdentityCommand({})).then((out) => console.log(JSON.stringify({ arn: out.Arn, token: process.env.AWS_SESSION_TOKEN ?? null, expiration: process.env.AWS_CREDENTIAL_EXPIRATION ?? null })));";
    const result = await run(['exec', '--profile', 'keys', '--', process.execPath, '-e', script], {
      ...sdkCommandEnv,
      AWS_SESSION_TOKEN: 'stale-token-from-the-shell',
      AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ arn: alice.arn, token: null, expiration: null });
  });

  test('exec --server refuses long-term keys before the command runs, saying why', async () => {
    zeroHopHome();
    const marker = join(home, 'ran');
    const result = await run([
      'exec',
      '--server',
      '--profile',
      'keys',
      '--',
      process.execPath,
      '-e',
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('long-term keys');
    expect(result.stderr).toContain('run exec without --server');
    expect(result.stderr).not.toContain(alice.secretAccessKey);
    expect(() => statSync(marker)).toThrow();
  });

  test('whoami shows the base identity alone, as a table and as --json', async () => {
    zeroHopHome();
    const table = await run(['whoami', '--profile', 'keys']);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOP\s+IDENTITY\s+EXPIRES$/);
    expect(lines[1]).toMatch(new RegExp(`^source\\s+${alice.arn}$`));
    expect(lines).toHaveLength(2);
    const json = await run(['whoami', '--json', '--profile', 'keys']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      source: {
        arn: alice.arn,
        accountId: '111111111111',
        accessKeyId: expect.stringContaining('…') as unknown,
      },
      chain: [],
      arn: alice.arn,
      accountId: '111111111111',
    });
    expect(json.stdout).not.toContain(alice.accessKeyId);
    expect(json.stdout).not.toContain(alice.secretAccessKey);
  });
});

describe('exec --server', () => {
  /**
   * A command using the SDK's default chain, as tools do: it prints the identity it signs as and its whole
   * environment, writes the secrets it was served to `seen` (for the test to look for), and exits 3.
   */
  function serverScript(seen: string): string {
    return [
      "const { writeFileSync } = require('fs');",
      "const { GetCallerIdentityCommand, STSClient } = require('@aws-sdk/client-sts');",
      "const { defaultProvider } = require('@aws-sdk/credential-provider-node');",
      'new STSClient({}).send(new GetCallerIdentityCommand({})).then(async (out) => {',
      '  const { secretAccessKey, sessionToken } = await defaultProvider()();',
      `  writeFileSync(${JSON.stringify(seen)}, JSON.stringify([secretAccessKey, sessionToken]));`,
      '  console.log(JSON.stringify({ arn: out.Arn, env: process.env }));',
      '  process.exitCode = 3;',
      '});',
    ].join('\n');
  }

  interface Served {
    arn: string;
    env: Record<string, string>;
  }

  test("the command's SDKs sign as the chain's last role, served; no secret in its environment", async () => {
    newHome();
    const seen = join(home, 'seen.json');
    const result = await run(
      [
        'exec',
        '--server',
        '--role-arn',
        deployer.arn,
        '--role-arn',
        reader.arn,
        '--',
        process.execPath,
        '-e',
        serverScript(seen),
      ],
      sdkCommandEnv,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    const { arn, env } = JSON.parse(result.stdout) as Served;
    expect(arn).toMatch(/^arn:aws:sts::333333333333:assumed-role\/reader\//);
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', caller: { arn } });
    expect(sts).toHaveAssumedRole(reader.arn, { by: deployer.arn, times: 1 });
    expect(env).toMatchObject({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\w+$/) as string,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: expect.stringMatching(/^[\w-]{43}$/) as string,
      AWS_REGION: 'eu-west-1',
    });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      expect(env).not.toHaveProperty(name);
    }
    const secrets = [...(JSON.parse(readFileSync(seen, 'utf8')) as string[]), alice.secretAccessKey];
    expect(secrets.every((secret) => secret.length >= 16)).toBe(true);
    for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret);

    // rolechain has exited with the command, and its server with it.
    await expect(
      fetch(env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '', {
        headers: { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '' },
      }),
    ).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });

  test('[default] keys in the credentials file source the chain but do not reach the command', async () => {
    newHome();
    const credentials = join(home, 'credentials');
    writeFileSync(
      credentials,
      `[default]\naws_access_key_id = ${alice.accessKeyId}\n` +
        `aws_secret_access_key = ${alice.secretAccessKey}\n`,
    );
    const result = await run(
      [
        'exec',
        '--server',
        '--role-arn',
        deployer.arn,
        '--',
        process.execPath,
        '-e',
        serverScript(join(home, 's')),
      ],
      {
        ...sdkCommandEnv,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
      },
    );
    expect(result.code).toBe(3);
    const { arn, env } = JSON.parse(result.stdout) as Served;
    expect(arn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/deployer\//);
    expect(sts).toHaveAssumedRole(deployer.arn, { by: alice.arn, times: 1 });
    expect(env['AWS_SHARED_CREDENTIALS_FILE']).toBe(devNull);
  });

  test('a config file whose default profile holds credentials is refused, before any STS call', async () => {
    newHome('[default]\ncredential_process = vault-credentials\nregion = eu-west-1\n');
    const marker = join(home, 'ran');
    const result = await run([
      'exec',
      '--server',
      '--role-arn',
      deployer.arn,
      '--',
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `rolechain exec: Error: --server: the default profile in ${join(home, 'config')} has ` +
        "credential_process, which the command's AWS SDKs would use instead of the server; move it to a " +
        'named profile, or run exec without --server\n',
    );
    expect(() => statSync(marker)).toThrow();
    expect(sts.calls).toEqual([]);
  });
});

describe('MFA (mfa_serial)', () => {
  let users = 0;

  /**
   * A fresh user with a virtual MFA device (each code is accepted once, so tests share no device), a role
   * whose trust policy requires MFA, and a profile assuming it with the device: `guarded` (and
   * `guarded-twice`, a second MFA hop on top).
   */
  function guardedChain() {
    users += 1;
    const user = sts.createUser({ accountId: '111111111111', userName: `mfa-user-${users}`, mfa: true });
    const role = sts.createRole({
      accountId: '222222222222',
      roleName: `guarded-${users}`,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: user.arn },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      },
    });
    const serial = user.mfaSerialNumber ?? '';
    newHome(
      `[profile guarded]\nrole_arn = ${role.arn}\ncredential_source = Environment\nmfa_serial = ${serial}\n\n` +
        `[profile guarded-twice]\nrole_arn = ${reader.arn}\nsource_profile = guarded\nmfa_serial = ${serial}\n`,
    );
    const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
    return { role, serial, env, code: () => sts.mfaCode(serial) };
  }

  test('credential-process --mfa-code: the device and code go to STS, then the cache spares the next call', async () => {
    const { role, serial, env, code } = guardedChain();
    const first = await run(['credential-process', '--profile', 'guarded', '--mfa-code', code()], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(await callerArn(JSON.parse(first.stdout) as never)).toMatch(
      new RegExp(`^arn:aws:sts::222222222222:assumed-role/${role.roleName}/`),
    );
    // The mock logs the code it was sent as '***'.
    expect(sts).toHaveReceivedStsCall('AssumeRole', {
      params: { RoleArn: role.arn, SerialNumber: serial, TokenCode: '***' },
      status: 200,
    });
    const calls = sts.calls.length;

    // A tool calling again (no --cache, no --mfa-code, no terminal) gets the same credentials from the cache.
    const again = await run(['credential-process', '--profile', 'guarded'], env);
    expect(again).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
    expect(sts.calls).toHaveLength(calls);
    const files = readdirSync(join(home, 'cache', 'rolechain'));
    expect(files).toHaveLength(1);
    expect(statSync(join(home, 'cache', 'rolechain', files[0] ?? '')).mode & 0o777).toBe(0o600);
  });

  test('whoami and exec --mfa-code assume the role with MFA', async () => {
    const { role, env, code } = guardedChain();
    const whoami = await run(['whoami', '--json', '--profile', 'guarded', '--mfa-code', code()], env);
    expect(whoami).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(whoami.stdout) as { chain: { roleArn: string }[] }).chain).toMatchObject([
      { roleArn: role.arn },
    ]);

    const second = guardedChain();
    const script = 'console.log(process.env.AWS_SESSION_TOKEN ? "session" : "none")';
    const exec = await run(
      ['exec', '--profile', 'guarded', '--mfa-code', second.code(), '--', process.execPath, '-e', script],
      second.env,
    );
    expect(exec).toMatchObject({ code: 0, stdout: 'session\n', stderr: '' });
    expect(sts).toHaveAssumedRole(second.role.arn, { times: 1 });
  });

  test("a wrong code gets STS's AccessDenied, exit 1, and the code appears nowhere", async () => {
    const { role, env, code } = guardedChain();
    const wrong = String((Number(code()) + 500_000) % 1_000_000).padStart(6, '0');
    const result = await run(['credential-process', '--profile', 'guarded', '--mfa-code', wrong], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `rolechain credential-process: RoleChainError: hop 1 of 1 (${role.arn}): AccessDenied: ` +
        'MultiFactorAuthentication failed with invalid MFA one time pass code. \n',
    );
    expect(result.stderr).not.toContain(wrong);
    expect(sts).toHaveReceivedStsCall('AssumeRole', { params: { TokenCode: '***' }, status: 403 });
  });

  test.each([
    [['credential-process', '--profile', 'guarded']],
    [['whoami', '--profile', 'guarded']],
    [['exec', '--profile', 'guarded', '--', process.execPath, '-e', '']],
  ])('%j without a terminal and without --mfa-code fails at once, before any STS call', async (args) => {
    const { serial, env } = guardedChain();
    const result = await run(args, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `rolechain ${args[0] ?? ''}: mfa_serial ${serial} needs an MFA code and there is no terminal to ask ` +
        `for it: pass --mfa-code (see rolechain ${args[0] ?? ''} --help)\n`,
    );
    expect(sts.calls).toEqual([]);
  });

  test('a chain needing two codes with one --mfa-code and no terminal fails before any STS call', async () => {
    const { serial, env, code } = guardedChain();
    const given = code();
    const result = await run(['credential-process', '--profile', 'guarded-twice', '--mfa-code', given], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `the chain needs 2 MFA codes (mfa_serial ${serial}, ${serial}); --mfa-code gives one, and there is no terminal to ask for the others`,
    );
    expect(result.stderr).not.toContain(given);
    expect(sts.calls).toEqual([]);
  });

  test.each([
    [
      ['--profile', 'guarded', '--mfa-code', '12345'],
      '--mfa-code must be the 6 digits your MFA device shows (value not shown)',
    ],
    [['--mfa-code', '123456', '--role-arn', deployer.arn], '--mfa-code needs --profile'],
  ])('usage error %j exits 2 naming the flag, not the code', async (args, message) => {
    guardedChain();
    const result = await run(['credential-process', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/12345/);
    expect(sts.calls).toEqual([]);
  });
});

describe('lint', () => {
  const broken = `
[profile deployer]
role_arn = ${deployer.arn}
credential_source = Environment

[profile vendor]
role_arn = ${vendor.arn}
source_profile = deployer

[profile reader]
role_arn = ${reader.arn}
source_profile = deployer
duration_seconds = 7200
role_session_name = nightly report
rgion = eu-west-1

[profile loop-a]
role_arn = ${reader.arn}
source_profile = loop-b

[profile loop-b]
role_arn = ${deployer.arn}
source_profile = loop-a
`;

  test('one line per finding and exit 1; the external id finding is the AccessDenied it predicts', async () => {
    newHome(broken);
    const trust = join(home, 'trust');
    mkdirSync(trust);
    writeFileSync(join(trust, 'vendor.json'), JSON.stringify(vendorTrust));
    const result = await run(['lint', '--trust-policies', trust]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `warning: profile "vendor" external_id: is missing: the trust policy of ${vendor.arn} requires sts:ExternalId`,
      'error: profile "reader" rgion: is not a setting fromRoleChainProfile reads: did you mean \'region\'?',
      'warning: profile "reader" duration_seconds: 7200 is more than STS allows a role assumed by role chaining (3600): source_profile "deployer" gives session credentials, so rolechain asks for 3600',
      'error: profile "loop-a": source_profile cycle: "loop-a" → "loop-b" → "loop-a"',
      'error: profile "loop-b": source_profile cycle: "loop-b" → "loop-a" → "loop-b"',
    ]);
    expect(sts.calls).toEqual([]);

    const denied = await run(['credential-process', '--profile', 'vendor']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(`hop 2 of 2 (${vendor.arn}): AccessDenied`);
  });

  test('--config names the file; a trust policy file maps role ARNs; a clean config exits 0 silently', async () => {
    newHome();
    const config = join(home, 'team-config');
    writeFileSync(
      config,
      `${profiles}\n[profile vendor]\nrole_arn = ${vendor.arn}\nsource_profile = deployer\nexternal_id = partner-42\n`,
    );
    const trustFile = join(home, 'trust.json');
    writeFileSync(trustFile, JSON.stringify({ [vendor.arn]: vendorTrust }));
    const clean = await run(['lint', '--config', config, '--trust-policies', trustFile]);
    expect(clean).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('a missing config file fails with exit 1; an unknown flag is a usage error', async () => {
    newHome();
    const missing = await run(['lint', '--config', join(home, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`rolechain lint: Error: cannot read the config file ${join(home, 'nope')}\n`);
    const usage = await run(['lint', '--trust', 'x']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown flag --trust');
  });
  test.each([
    [
      'a directory',
      (path: string) => {
        mkdirSync(path);
      },
      'is a directory, not a file',
    ],
    [
      'a binary file',
      (path: string) => {
        writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]));
      },
      'is not UTF-8 text (a binary file?)',
    ],
    [
      'a malformed file',
      (path: string) => {
        writeFileSync(path, `[profile ok]\nregion = eu-west-1\n[profile broken\nrole_arn = x\n`);
      },
      'line 3: a section header must end with "]"',
    ],
    [
      'a file the AWS SDK would drop whole',
      (path: string) => {
        writeFileSync(path, `${profiles}\n[profile __proto__]\nregion = eu-west-1\n`);
      },
      'the section name "profile __proto__" cannot be used',
    ],
  ])(
    'a config file that cannot be read or parsed (%s) exits 1 naming it and the cause',
    async (_, make, cause) => {
      newHome();
      const config = join(home, 'team-config');
      make(config);
      const result = await run(['lint', '--config', config]);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^rolechain lint: RoleChainConfigError: config file "[^\n]*\n$/);
      expect(result.stderr).toContain(JSON.stringify(config));
      expect(result.stderr).toContain(cause);
    },
  );

  test('a credentials file that cannot be read exits 1 too; regions of no partition and partition mismatches are found', async () => {
    newHome(
      `[profile china]\nrole_arn = arn:aws-cn:iam::222222222222:role/a\ncredential_source = Environment\nregion = us-east-1\n\n` +
        `[profile mars]\nrole_arn = ${deployer.arn}\ncredential_source = Environment\nregion = mars-1\n`,
    );
    const broken = join(home, 'credentials-dir');
    mkdirSync(broken);
    const unreadable = await run(['lint'], { AWS_SHARED_CREDENTIALS_FILE: broken });
    expect(unreadable).toMatchObject({ code: 1, stdout: '' });
    expect(unreadable.stderr).toBe(
      `rolechain lint: RoleChainConfigError: credentials file ${JSON.stringify(broken)}: is a directory, not a file\n`,
    );

    const result = await run(['lint']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^error: profile "china" role_arn: is in partition aws-cn but the STS region us-east-1/,
    );
    expect(lines.some((line) => /^(error|warning): profile "mars" region: .*"mars-1"/.test(line))).toBe(true);
    expect(sts.calls).toEqual([]);
  });

  test('lint and credential-process agree: what lint calls an error, the provider refuses in the same words', async () => {
    newHome(
      `${profiles}\n[profile long]\nrole_arn = arn:aws:iam::222222222222:role/${'r'.repeat(100)}\ncredential_source = Environment\n` +
        `\n[profile badname]\nrole_arn = ${deployer.arn}\ncredential_source = Environment\nrole_session_name = has space\n`,
    );
    const lintLines = (await run(['lint'])).stdout.trimEnd().split('\n');
    for (const profile of ['long', 'badname', 'reader', 'short']) {
      const result = await run(['credential-process', '--profile', profile]);
      const error = lintLines.find((line) => line.startsWith(`error: profile "${profile}"`));
      if (error === undefined) {
        expect(result.code).toBe(0);
      } else {
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(error.slice('error: '.length));
      }
    }
    expect(lintLines.filter((line) => line.startsWith('error:'))).toHaveLength(2);
  }, 30_000);
});

describe('the rolechain bin', () => {
  const bin = (
    JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin: { rolechain: string } }
  ).bin.rolechain;

  test('is a committed file, so npm links it at install time, before the build makes dist/', () => {
    expect(bin).toBe('./bin/rolechain.mjs');
    // `git check-ignore` exits 1 when git does not ignore the path (dist/ is ignored: it is built).
    expect(() => execFileSync('git', ['check-ignore', '--quiet', bin], { cwd: packageDir })).toThrow();
    expect(readFileSync(join(packageDir, bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  test('npm linked it in the workspace: node_modules/.bin/rolechain runs the CLI', () => {
    const out = execFileSync(join(workspaceRoot, 'node_modules', '.bin', 'rolechain'), ['--help'], {
      encoding: 'utf8',
      env: cliEnv(),
    });
    expect(out).toMatch(/^Usage: rolechain <command>/);
  });

  test('the packed package holds it', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: packageDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as [{ files: { path: string; mode: number }[] }];
    expect(packed.files).toContainEqual(expect.objectContaining({ path: 'bin/rolechain.mjs' }));
    expect(packed.files).toContainEqual(expect.objectContaining({ path: 'dist/cli.mjs' }));
  }, 60_000);
});
