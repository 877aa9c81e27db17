// The shared config files as a hostile or careless team writes them: arbitrary lines, prototype-named
// profiles and settings, junk and binary, with secrets planted as the values of the keys that hold them.
// `rolechain lint` reads them through the provider's own shared-file parsing and profile resolution.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CliIo } from './io';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'rolechain-config-property-'));
let count = 0;

const names = fc.oneof(
  fc.constantFrom(
    'default',
    'a',
    'b',
    'base',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'prototype',
  ),
  fc.stringMatching(/^[\w.@-]{1,12}$/),
);
const keys = fc.oneof(
  fc.constantFrom(
    'role_arn',
    'source_profile',
    'credential_source',
    'external_id',
    'mfa_serial',
    'role_session_name',
    'duration_seconds',
    'region',
    'aws_access_key_id',
    'output',
    's3',
    '__proto__',
    'constructor',
    'toString',
    'rgion',
  ),
  fc.stringMatching(/^[a-z_]{1,16}$/),
);
const settingValues = fc.oneof(
  fc.constantFrom(
    'arn:aws:iam::222222222222:role/a',
    'arn:aws-cn:iam::222222222222:role/a',
    `arn:aws:iam::222222222222:role/${'r'.repeat(100)}`,
    'Environment',
    'Env',
    'us-east-1',
    'mars-1',
    '7200',
    '1h',
    'AKIAEXAMPLEKEY000001',
    '__proto__',
    'a',
    'b',
    'base',
  ),
  fc.string({ maxLength: 20 }),
);
const secrets = fc.stringMatching(/^[A-Za-z0-9/+]{40}$/);

/** One line of a config file; `secret` goes in the lines of the keys that hold secrets. */
function lines(secret: string, junk: boolean): fc.Arbitrary<string> {
  const wellFormed = [
    { weight: 2, arbitrary: names.map((name) => (name === 'default' ? '[default]' : `[profile ${name}]`)) },
    { weight: 1, arbitrary: names.map((name) => `[${name}]`) },
    { weight: 6, arbitrary: fc.tuple(keys, settingValues).map(([key, value]) => `${key} = ${value}`) },
    { weight: 1, arbitrary: fc.tuple(keys, settingValues).map(([key, value]) => `  ${key} = ${value}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `aws_secret_access_key = ${secret}`,
        `aws_session_token = ${secret}`,
        `aws_secret_access_key=${secret}`,
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '# comment', '; comment') },
  ];
  const broken = [
    { weight: 1, arbitrary: fc.constantFrom('[profile unclosed', '= x', 'junk') },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  ];
  return fc.oneof(...wellFormed, ...(junk ? broken : []));
}

/** A file that starts with a section: well formed, or with junk lines among the others. */
const file = fc
  .tuple(secrets, fc.boolean(), names)
  .chain(([secret, junk, first]) =>
    fc
      .array(lines(secret, junk), { maxLength: 25 })
      .map((content) => ({ secret, content: [`[profile ${first}]`, ...content].join('\n') })),
  );

function write(content: string | Buffer): string {
  count += 1;
  const path = join(dir, `config-${String(count)}`);
  writeFileSync(path, content);
  return path;
}

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

describe('shared config files (property)', () => {
  test('rolechain lint on any file: exit 0 or 1, typed errors only, no secret of the file in any output, Object.prototype untouched', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ({ secret, content }) => {
        const path = write(content);
        const out: string[] = [];
        const err: string[] = [];
        const io: CliIo = {
          stdout: (text) => out.push(text),
          stderr: (text) => err.push(text),
          env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), HOME: dir },
        };
        const code = await main(['lint', '--config', path], io);
        expect([0, 1]).toContain(code);
        const stdout = out.join('');
        const stderr = err.join('');
        expect(stdout + stderr).not.toContain(secret);
        if (stderr !== '') {
          expect(stderr).toMatch(/^rolechain lint: RoleChainConfigError: [^\n]*\n$/);
          expect(stdout).toBe('');
        }
        for (const line of stdout.split('\n').filter((text) => text !== '')) {
          expect(line).toMatch(/^(error|warning): /);
        }
        expect(code).toBe(stdout === '' && stderr === '' ? 0 : 1);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  test('rolechain lint on arbitrary bytes: exit 0 or 1, and an unreadable file is one typed line naming it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const path = write(Buffer.from(bytes));
        const err: string[] = [];
        const io: CliIo = {
          stdout: () => undefined,
          stderr: (text) => err.push(text),
          env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), HOME: dir },
        };
        const code = await main(['lint', '--config', path], io);
        expect([0, 1]).toContain(code);
        const stderr = err.join('');
        if (stderr !== '') {
          expect(stderr).toMatch(/^rolechain lint: RoleChainConfigError: config file "[^\n]*\n$/);
          expect(stderr).toContain(path);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
