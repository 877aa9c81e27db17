// The command line as a hostile or careless user types it: arbitrary argv arrays, with a secret planted where
// no output may repeat it. Offline: no config file exists and the SDK's default chain has no source (instance
// metadata disabled), so no chain gets as far as an STS call or a command.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { CliIo } from './io';
import { main } from './main';

const home = mkdtempSync(join(tmpdir(), 'rolechain-main-property-'));
const env = {
  HOME: home,
  XDG_CACHE_HOME: join(home, 'cache'),
  AWS_CONFIG_FILE: join(home, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
  AWS_REGION: 'eu-west-1',
};

beforeAll(() => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  for (const name of [
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_ARN',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_STS',
  ]) {
    vi.stubEnv(name, undefined);
  }
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const commands = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('credential-process', 'whoami', 'exec', 'lint') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'help',
      '--help',
      '-h',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'nope',
    ),
  },
);
const flags = fc.constantFrom(
  '--profile',
  '--role-arn',
  '--external-id',
  '--region',
  '--mfa-code',
  '--cache',
  '--json',
  '--server',
  '--config',
  '--trust-policies',
  '-h',
  '--help',
  '--',
  '--__proto__',
  '--constructor',
  '--prototype',
  '-x',
);
const values = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '__proto__.polluted',
    'arn:aws:iam::222222222222:role/a',
    'arn:aws-cn:iam::222222222222:role/a',
    `arn:aws:iam::222222222222:role/${'r'.repeat(100)}`,
    'us-east-1',
    'cn-north-1',
    'mars-1',
    'partner-42',
    '',
    '-',
    '--',
    '/',
  ),
  fc.string({ maxLength: 30 }),
);
/** Anything at all: flags, values, `flag=value`, in any order. */
const anyTokens = fc.array(
  fc.oneof(
    flags,
    values,
    fc.tuple(flags, values).map(([flag, value]) => `${flag}=${value}`),
  ),
  { maxLength: 12 },
);
/** The flags each command takes, those with a value first. */
const commandFlags: ReadonlyMap<string, readonly [readonly string[], readonly (readonly string[])[]]> =
  new Map([
    [
      'credential-process',
      [['--profile', '--role-arn', '--role-arn', '--external-id', '--region'], [['--cache']]],
    ],
    ['whoami', [['--profile', '--role-arn', '--role-arn', '--external-id', '--region'], [['--json']]]],
    [
      'exec',
      [
        ['--profile', '--role-arn', '--role-arn', '--external-id', '--region'],
        [['--server'], ['--', process.execPath, '-e', '']],
      ],
    ],
    ['lint', [['--config', '--trust-policies'], []]],
  ]);

/** Well-formed flags of `command` with arbitrary values, so most runs get past the parser to the files and the chain. */
function flagTokens(command: string): fc.Arbitrary<string[]> {
  const [withValue, alone] = commandFlags.get(command) ?? [['--profile'], []];
  return fc
    .array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...withValue), values).map(([flag, value]) => [flag, value]),
        ...(alone.length === 0 ? [] : [fc.constantFrom(...alone)]),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.flat());
}

const commandLines = commands.chain((command) =>
  fc
    .oneof({ weight: 1, arbitrary: anyTokens }, { weight: 4, arbitrary: flagTokens(command) })
    .map((rest) => ({ command, rest })),
);

/** A secret access key (40 characters of base64) or a session-token-like text. */
const secretKey = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9/+]{40}$/),
  fc.stringMatching(/^[A-Za-z0-9/+=]{100,200}$/),
);
const mfaCode = fc.stringMatching(/^\d{6}$/);

/** Where a secret goes: places where the CLI has no reason to show what it was given. */
const planted = fc.oneof(
  {
    weight: 3,
    arbitrary: mfaCode.map((secret) => ({ secret, at: 'end' as const, args: ['--mfa-code', secret] })),
  },
  {
    weight: 1,
    arbitrary: mfaCode.map((secret) => ({ secret, at: 'any' as const, args: ['--mfa-code', secret] })),
  },
  // The environment the CLI reads (the SDK's own has no keys: nothing may reach STS).
  { weight: 3, arbitrary: secretKey.map((secret) => ({ secret, at: 'env' as const, args: [] })) },
  {
    weight: 1,
    arbitrary: secretKey.map((secret) => ({ secret, at: 'any' as const, args: [`--mfa-code=${secret}`] })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('--aws-secret-access-key', '--secret', '--session-token', '--token'), secretKey)
      .map(([flag, secret]) => ({ secret, at: 'any' as const, args: [`${flag}=${secret}`] })),
  },
  { weight: 1, arbitrary: secretKey.map((secret) => ({ secret, at: 'first' as const, args: [secret] })) },
);

function capture(secret: string | undefined): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const secrets = secret === undefined ? {} : { AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: secret };
  return {
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env: { ...env, ...secrets } },
    out,
    err,
  };
}

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

/** Runs the CLI and checks what every run must hold, whatever it was given. */
async function checkRun(argv: string[], secret: string, inEnv: boolean): Promise<number> {
  const { io, out, err } = capture(inEnv ? secret : undefined);
  const code = await main(argv, io);
  expect([0, 1, 2]).toContain(code);
  const stdout = out.join('');
  const stderr = err.join('');
  expect(stdout).not.toContain(secret);
  expect(stderr).not.toContain(secret);
  if (code !== 0 && !(stderr.startsWith('Usage:') && code === 2)) {
    expect(stderr).toMatch(/^rolechain[^\n]*\n$/);
    expect(stderr).not.toMatch(/: (TypeError|RangeError|ReferenceError|SyntaxError): /);
  }
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  return code;
}

/** Chains that get past the flags: a profile name, or valid role ARNs with external ids and regions. */
const chains = fc.oneof(
  values.map((profile) => ['--profile', profile]),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'arn:aws:iam::222222222222:role/a',
          'arn:aws:iam::333333333333:role/team/b',
          'arn:aws-cn:iam::222222222222:role/c',
        ),
        fc.option(fc.constantFrom('partner-42', '__proto__', 'constructor', 'x', ''), {
          nil: undefined,
          freq: 2,
        }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((roles) =>
      roles.flatMap(([roleArn, externalId]) => [
        '--role-arn',
        roleArn,
        ...(externalId === undefined ? [] : ['--external-id', externalId]),
      ]),
    ),
);

describe('main (property)', () => {
  test('any argv: an exit code of 0, 1 or 2, one line on stderr for 1 and 2, no planted secret, no raw JS error, Object.prototype untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        commandLines,
        planted,
        fc.nat(),
        async ({ command, rest }, { secret, at, args }, position) => {
          fc.pre(!rest.some((token) => token.includes(secret)) && !command.includes(secret));
          const at_ =
            at === 'first' ? 0 : at === 'end' || at === 'env' ? rest.length : position % (rest.length + 1);
          await checkRun([command, ...rest.slice(0, at_), ...args, ...rest.slice(at_)], secret, at === 'env');
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  test('well-formed chains reach the files and the provider offline: the same holds, with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('credential-process', 'whoami', 'exec'),
        chains,
        fc.option(fc.constantFrom('us-east-1', 'cn-north-1', 'mars-1', 'eu-west-1', '__proto__'), {
          nil: undefined,
        }),
        fc.boolean(),
        fc.oneof(
          mfaCode.map((secret) => ({ secret, inEnv: false })),
          secretKey.map((secret) => ({ secret, inEnv: true })),
        ),
        async (command, chain, region, extra, { secret, inEnv }) => {
          fc.pre(!chain.some((token) => token.includes(secret)));
          const options = extra
            ? { 'credential-process': ['--cache'], whoami: ['--json'], exec: ['--server'] }[command]
            : [];
          const mfa = inEnv ? [] : ['--mfa-code', secret];
          const tail = command === 'exec' ? ['--', process.execPath, '-e', ''] : [];
          const argv = [
            command,
            ...chain,
            ...(region === undefined ? [] : ['--region', region]),
            ...options,
            ...mfa,
            ...tail,
          ];
          const code = await checkRun(argv, secret, inEnv);
          // No config file and no base credentials: nothing succeeds, and no command runs.
          expect(code).not.toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
