import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import { resolveProfileChainOptions } from './profile-chain-options';

// Whatever the shared files hold, resolving a profile gives a chain or a RoleChainConfigError: nothing else
// escapes, no secret of the files appears in the error, Object.prototype is untouched. No network: resolving
// makes no call.

const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzPLANTEDSECRET';
const sessionToken = 'IQoJb3JpZ2luX2VjEPLANTEDSESSIONTOKENxyz0123456789';
const secrets = [secretAccessKey, sessionToken];

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
    'x y',
  ),
  fc.string({ maxLength: 12 }),
);
const header = fc.oneof(
  names.map((name) => `[profile ${name}]`),
  names.map((name) => `[${name}]`),
  names.map((name) => `[sso-session ${name}]`),
  fc.string({ maxLength: 20 }).map((text) => `[${text}`),
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
    'aws_secret_access_key',
    'aws_session_token',
    'credential_process',
    'web_identity_token_file',
    'sso_session',
    'output',
    's3',
    '__proto__',
    'constructor',
    'role_sesion_name',
  ),
  fc.string({ maxLength: 12 }),
);
const values = fc.oneof(
  fc.constantFrom(
    'arn:aws:iam::222222222222:role/a',
    'arn:aws-cn:iam::222222222222:role/b',
    'a',
    'b',
    'base',
    'default',
    '__proto__',
    'Environment',
    'EcsContainer',
    'eu-west-1',
    'mars-1',
    '3600',
    '1e3',
    '99999999999999999999',
    '',
    'x'.repeat(3000),
  ),
  fc.string({ maxLength: 30 }),
);
const secretLine = fc.constantFrom(
  `aws_secret_access_key = ${secretAccessKey}`,
  `aws_session_token = ${sessionToken}`,
  `aws_secret_access_key: ${secretAccessKey}`,
  `aws_secret_acess_key = ${secretAccessKey}`,
  `  aws_session_token = ${sessionToken}`,
  `aws_secret_access_key ${secretAccessKey}`,
);
const line = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(keys, values).map(([key, value]) => `${key} = ${value}`) },
  { weight: 2, arbitrary: header },
  { weight: 1, arbitrary: secretLine },
  { weight: 1, arbitrary: fc.constantFrom('# comment', '; comment', '', '  indented continuation', '=x') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const file = fc.array(line, { maxLength: 25 }).map((lines) => lines.join('\n'));

/** Own property names of Object.prototype, Object, and every method of Object.prototype: what a parser that
 * files sections under a plain object's keys (`[constructor]`, `[toString]`) writes onto. */
function builtins(): string {
  const targets: [string, object][] = [
    ['Object.prototype', Object.prototype],
    ['Object', Object],
  ];
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, name);
    if (typeof descriptor?.value === 'function') targets.push([name, descriptor.value as object]);
  }
  return JSON.stringify(targets.map(([name, target]) => [name, Object.getOwnPropertyNames(target).sort()]));
}

const dir = mkdtempSync(join(tmpdir(), 'rolechain-files-property-'));
let run = 0;

describe('shared files (property)', () => {
  it('only RoleChainConfigError escapes, no secret of the files in any rendering, Object.prototype untouched', async () => {
    const before = builtins();
    await fc.assert(
      fc.asyncProperty(file, file, names, async (config, credentials, profile) => {
        run += 1;
        const configFilepath = join(dir, `config-${run}`);
        const filepath = join(dir, `credentials-${run}`);
        writeFileSync(configFilepath, config);
        writeFileSync(filepath, credentials);
        try {
          const chain = await resolveProfileChainOptions({
            profile: profile === '' ? 'a' : profile,
            configFilepath,
            filepath,
          });
          const described = JSON.stringify({ hops: chain.hops, source: chain.source });
          for (const secret of secrets) expect(described).not.toContain(secret);
        } catch (error) {
          expect(error).toBeInstanceOf(RoleChainConfigError);
          const err = error as Error;
          const text = [err.message, err.stack, JSON.stringify(err), inspect(err)].join('\n');
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
        expect(builtins()).toBe(before);
      }),
    );
  });
});
