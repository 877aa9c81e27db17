import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliIo } from './io';
import { main } from './main';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env };
  return { io: value, out, err };
}

describe('main', () => {
  test('no command: usage on stderr, exit 2', async () => {
    const { io: cli, out, err } = io();
    expect(await main([], cli)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/^Usage: rolechain <command>/);
  });

  test('--help: usage on stdout, exit 0', async () => {
    const { io: cli, out } = io();
    expect(await main(['--help'], cli)).toBe(0);
    expect(out.join('')).toContain('credential-process');
  });

  test('help <command> prints the help of that command', async () => {
    const { io: cli, out } = io();
    expect(await main(['help', 'whoami'], cli)).toBe(0);
    expect(out.join('')).toMatch(/^Usage: rolechain whoami/);
  });

  test('an unknown command exits 2 naming it', async () => {
    const { io: cli, err } = io();
    expect(await main(['whoareyou'], cli)).toBe(2);
    expect(err.join('')).toBe('rolechain: unknown command "whoareyou"; run rolechain --help\n');
  });

  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '%j is an unknown command like any other, as a command and as a help topic',
    async (name) => {
      const { io: cli, out, err } = io();
      expect(await main([name], cli)).toBe(2);
      expect(err.join('')).toMatch(/^rolechain: unknown command/);
      const help = io();
      expect(await main(['help', name], help.io)).toBe(2);
      expect(help.out).toEqual([]);
      expect(help.err.join('')).toMatch(/^rolechain: unknown command/);
      expect(out).toEqual([]);
    },
  );

  test('an unknown command that could be a pasted secret is not repeated', async () => {
    const { io: cli, err } = io();
    expect(await main(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], cli)).toBe(2);
    expect(err).toEqual(['rolechain: unknown command; run rolechain --help\n']);
  });

  test('a usage error in a command exits 2 with one line naming the flag', async () => {
    const { io: cli, err } = io();
    expect(await main(['credential-process', '--role-arn', 'x'], cli)).toBe(2);
    expect(err).toEqual([
      'rolechain credential-process: --role-arn: must be an IAM role ARN like arn:aws:iam::123456789012:role/name, got "x" (see rolechain credential-process --help)\n',
    ]);
  });

  test('a configuration error exits 1 with one line naming the profile, before any network call', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'rolechain-main-')), 'config');
    writeFileSync(config, '[profile other]\nregion = eu-west-1\n');
    const { io: cli, out, err } = io({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: config });
    expect(await main(['credential-process', '--profile', 'missing'], cli)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'rolechain credential-process: RoleChainConfigError: profile "missing": is not in the shared config or credentials file\n',
    ]);
  });
});
