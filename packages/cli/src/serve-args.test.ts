import { describe, expect, test } from 'vitest';
import type { CliIo } from './io';
import { main } from './main';
import { parseServeArgs, splitRoleArns } from './serve-args';

const a = 'arn:aws:iam::222222222222:role/a';
const b = 'arn:aws:iam::333333333333:role/path/b';
const c = 'arn:aws:iam::444444444444:role/c';

/** `rolechain serve args…` in-process: every case here fails before any file, STS call or socket. */
async function serveFails(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env: {} };
  const code = await main(['serve', ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('parseServeArgs', () => {
  test('named chains: a profile, or role ARNs in order; defaults 127.0.0.1 on a free port', () => {
    expect(parseServeArgs(['--chain', 'web=prod-chain', '--chain', `batch.v2=${a},${b},${c}`])).toEqual({
      chains: [
        { name: 'web', spec: { kind: 'profile', profile: 'prod-chain' } },
        {
          name: 'batch.v2',
          spec: { kind: 'roles', roles: [{ roleArn: a }, { roleArn: b }, { roleArn: c }] },
        },
      ],
      host: '127.0.0.1',
      port: 0,
    });
  });

  test('--region goes to every chain; --token-file, --port and --host are kept', () => {
    expect(
      parseServeArgs([
        '--chain',
        'x=p',
        '--chain',
        `y=${a}`,
        '--region',
        'eu-west-1',
        '--token-file',
        '/run/token',
        '--port',
        '9911',
        '--host',
        '::1',
      ]),
    ).toEqual({
      chains: [
        { name: 'x', spec: { kind: 'profile', profile: 'p', region: 'eu-west-1' } },
        { name: 'y', spec: { kind: 'roles', roles: [{ roleArn: a }], region: 'eu-west-1' } },
      ],
      tokenFile: '/run/token',
      host: '::1',
      port: 9911,
    });
  });

  test('--allow-non-loopback lets --host name another address', () => {
    expect(
      parseServeArgs(['--chain', 'x=p', '--host', '169.254.170.23', '--allow-non-loopback']),
    ).toMatchObject({ host: '169.254.170.23' });
  });

  test('--help', () => {
    expect(parseServeArgs(['--help'])).toBeUndefined();
  });
});

describe('splitRoleArns', () => {
  test('a new ARN starts at each ",arn:"; a comma inside a role name stays in it', () => {
    expect(splitRoleArns(`${a},${b}`)).toEqual([a, b]);
    expect(splitRoleArns(`${a}x,y,${b}`)).toEqual([`${a}x,y`, b]);
    expect(splitRoleArns('arn:')).toEqual(['arn:']);
    expect(splitRoleArns(`${a},`)).toEqual([`${a},`]);
  });
});

describe('rolechain serve: bad flags exit 2 naming the flag, before anything runs', () => {
  test.each([
    [[], '--chain is required: --chain NAME=PROFILE or NAME=ROLE_ARN[,ROLE_ARN…]'],
    [['--chain', 'web'], '--chain must be NAME=PROFILE or NAME=ROLE_ARN[,ROLE_ARN…] (value not shown)'],
    [['--chain', '=prod'], "--chain: a chain's name is 1 to 64 letters, digits"],
    [['--chain', 'a/b=prod'], "--chain: a chain's name is 1 to 64 letters, digits"],
    [['--chain', '__proto__=prod'], "--chain: a chain's name is 1 to 64 letters, digits"],
    [['--chain', 'web='], '--chain web: nothing after =; give NAME=PROFILE or NAME=ROLE_ARN[,ROLE_ARN…]'],
    [
      ['--chain', 'web=arn:aws:iam::1:role/x'],
      '--chain web: must be an IAM role ARN like arn:aws:iam::123456789012:role/name, got "arn:aws:iam::1:role/x"',
    ],
    [
      ['--chain', `web=${a},arn:aws:s3:::bucket`],
      '--chain web: role 2 of 2: must be an IAM role ARN like arn:aws:iam::123456789012:role/name, got "arn:aws:s3:::bucket"',
    ],
    [['--chain', 'web=p', '--chain', 'web=q'], '--chain web is given twice: each chain needs its own name'],
    [['--chain', 'web=p', '--region', 'mars'], '--region: '],
    [['--chain', 'web=p', '--region', ''], '--region must not be empty'],
    [['--chain', 'web=p', '--token-file', ''], '--token-file must not be empty'],
    [
      ['--chain', 'web=p', '--port', '65536'],
      '--port must be a port number from 0 (a free one) to 65535, got 65536',
    ],
    [
      ['--chain', 'web=p', '--port=-1'],
      '--port must be a port number from 0 (a free one) to 65535 (value not shown)',
    ],
    [
      ['--chain', 'web=p', '--port', '80.5'],
      '--port must be a port number from 0 (a free one) to 65535 (value not shown)',
    ],
    [['--chain', 'web=p', '--host', 'localhost'], '--host must be an IP address; a name is never looked up'],
    [['--chain', 'web=p', '--host', '0.0.0.0'], '--host 0.0.0.0 listens on every address'],
    [['--chain', 'web=p', '--host', '::', '--allow-non-loopback'], '--host :: listens on every address'],
    [
      ['--chain', 'web=p', '--host', '10.1.2.3'],
      '--host 10.1.2.3 is not a loopback address: add --allow-non-loopback',
    ],
    [['--chain', 'web=p', '--allow-non-loopback'], '--allow-non-loopback needs --host'],
    [
      ['--chain', 'web=p', '--host', '127.0.0.2', '--allow-non-loopback'],
      '--allow-non-loopback: --host 127.0.0.2 is a loopback address already',
    ],
    [['--chain', 'web=p', '--bogus'], 'unknown flag --bogus'],
    [['--chain', 'web=p', 'stray'], 'unexpected argument'],
    [['--chain'], '--chain needs a value'],
    [['--chain', 'web=p', '--allow-non-loopback=yes'], '--allow-non-loopback takes no value'],
    [Array.from({ length: 33 }, (_, i) => `--chain=c${String(i)}=p`), '--chain given 33 times; at most 32'],
  ])('%j', async (args, message) => {
    const result = await serveFails(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/^rolechain serve: [^\n]*\(see rolechain serve --help\)\n$/);
  });

  test('a value that may be a pasted secret is never repeated', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const args of [
      ['--chain', secret],
      ['--chain', `${secret}=p`],
      ['--chain', 'web=p', '--port', secret],
      ['--chain', 'web=p', '--host', secret],
      ['--chain', 'web=p', secret],
    ]) {
      const result = await serveFails(args);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain(secret);
    }
  });

  test('--help prints the usage and exits 0', async () => {
    const out: string[] = [];
    const code = await main(['serve', '--help'], {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      env: {},
    });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^Usage: rolechain serve --chain/);
  });
});
