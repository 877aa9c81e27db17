import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import { resolveProfileChainOptions } from './profile-chain-options';
import { loadProfiles, parseSharedFile } from './shared-files';

const roleA = 'arn:aws:iam::222222222222:role/a';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const dir = mkdtempSync(join(tmpdir(), 'rolechain-shared-files-'));
const goodCredentials = join(dir, 'credentials');
writeFileSync(
  goodCredentials,
  `[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${secret}\n`,
);
const goodConfig = `[profile a]\nrole_arn = ${roleA}\nsource_profile = base\nregion = eu-west-1\n`;

let fileCount = 0;
function file(content: string | Buffer): string {
  fileCount += 1;
  const path = join(dir, `file-${fileCount}`);
  writeFileSync(path, content);
  return path;
}

async function configError(
  configFilepath: string,
  filepath = goodCredentials,
): Promise<RoleChainConfigError> {
  const error = await resolveProfileChainOptions({ profile: 'a', configFilepath, filepath }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RoleChainConfigError);
  const { message, stack } = error as RoleChainConfigError;
  expect(`${message}${stack ?? ''}`).not.toContain(secret);
  return error as RoleChainConfigError;
}

describe('shared files the provider cannot read are errors naming the file and the cause', () => {
  it('a directory', async () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expect((await configError(path)).message).toBe(
      `config file ${JSON.stringify(path)}: is a directory, not a file`,
    );
  });

  it('a file that cannot be opened (a symlink loop)', async () => {
    const path = join(dir, 'loop');
    symlinkSync(path, path);
    expect((await configError(path)).message).toBe(
      `config file ${JSON.stringify(path)}: cannot be read (ELOOP)`,
    );
  });

  it('a credentials file that is not UTF-8 text', async () => {
    const path = file(Buffer.from([0x5b, 0x62, 0x61, 0x73, 0x65, 0x5d, 0x0a, 0xff, 0xfe, 0x80, 0x00]));
    expect((await configError(file(goodConfig), path)).message).toBe(
      `credentials file ${JSON.stringify(path)}: is not UTF-8 text (a binary file?)`,
    );
  });

  it('a file holding NUL bytes', async () => {
    const path = file(`${goodConfig}\0\0\0`);
    expect((await configError(path)).message).toContain('holds NUL bytes: not a text file');
  });

  it('a line that is neither a section, a setting nor a comment, without echoing it', async () => {
    const path = file(`${goodConfig}[profile b]\naws_secret_access_key: ${secret}\n`);
    expect((await configError(path)).message).toBe(
      `config file ${JSON.stringify(path)}: line 6: expected "[section]", "key = value" or a comment`,
    );
  });

  it('a section header without its closing bracket, which would file later settings under the profile above', async () => {
    const path = file(`${goodConfig}[profile b\nrole_arn = arn:aws:iam::333333333333:role/b\n`);
    expect((await configError(path)).message).toContain('line 5: a section header must end with "]"');
  });

  it.each(['[profile __proto__]', '[__proto__]', '[constructor]', '[toString]'])(
    '%s, on which the AWS SDK drops every profile of the file or writes onto built-ins',
    async (header) => {
      const path = file(`${goodConfig}${header}\nregion = eu-west-1\n`);
      const error = await configError(path);
      expect(error.message).toContain(`config file ${JSON.stringify(path)}: line 5: the section name`);
      expect(error.message).toContain('rename the profile');
      expect(Object.prototype).not.toHaveProperty('region');
    },
  );

  it('names the credentials file for a built-in name there', async () => {
    const path = file(`[constructor]\naws_access_key_id = AKIA\naws_secret_access_key = ${secret}\n`);
    expect((await configError(file(goodConfig), path)).field).toBe(
      `credentials file ${JSON.stringify(path)}`,
    );
  });
});

describe('loadProfiles', () => {
  it('reads what the SDK reads: comments, default, profile sections, sub-settings; a missing file has none', async () => {
    const path = file(
      [
        '# a comment',
        '[default]',
        'region = eu-west-1 ; trailing comment',
        '[profile dev]',
        'role_arn = arn:aws:iam::222222222222:role/dev#not-a-comment',
        's3 =',
        '  max_concurrent_requests = 20',
        'output = json',
        '[sso-session corp]',
        'sso_region = eu-west-1',
        '[not-a-profile]',
        'region = us-east-1',
        '[profile constructor]',
        'region = eu-central-1',
      ].join('\r\n'),
    );
    const missing = await loadProfiles({ configFilepath: path, filepath: join(dir, 'missing') });
    expect(Object.keys(missing)).toEqual(['default', 'dev', 'constructor']);
    // A credentials-file setting wins over the config file's.
    const credentials = file('[dev]\noutput = text\n');
    const profiles = await loadProfiles({ configFilepath: path, filepath: credentials });
    expect(Object.getPrototypeOf(profiles)).toBeNull();
    expect(JSON.parse(JSON.stringify(profiles))).toEqual({
      default: { region: 'eu-west-1' },
      dev: {
        role_arn: 'arn:aws:iam::222222222222:role/dev#not-a-comment',
        's3.max_concurrent_requests': '20',
        output: 'text',
      },
      constructor: { region: 'eu-central-1' },
    });
  });

  it('keeps a __proto__ setting as a setting, listed as an unknown key, and never on Object.prototype', async () => {
    const path = file(`${goodConfig}__proto__ = polluted\n`);
    const chain = await resolveProfileChainOptions({
      profile: 'a',
      configFilepath: path,
      filepath: goodCredentials,
    });
    expect(chain.unknownKeys['a']).toEqual(['__proto__']);
    expect(chain.profiles['a']?.['__proto__']).toBe('polluted');
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('parseSharedFile', () => {
  it('files an indented service section under "section.key", as the SDK parser does', () => {
    const profiles = parseSharedFile(
      '[profile a]\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 20\nregion = eu-west-1\n',
      'config',
      'x',
    );
    expect({ ...profiles['a'] }).toEqual({
      's3.addressing_style': 'path',
      's3.max_concurrent_requests': '20',
      region: 'eu-west-1',
    });
  });

  it('skips indented continuation lines, as the SDK does', () => {
    const profiles = parseSharedFile('[profile a]\nregion = eu-west-1\n  more text\n', 'config', 'x');
    expect({ ...profiles['a'] }).toEqual({ region: 'eu-west-1' });
  });
});

describe('loadSharedProfiles (the export for the CLI)', () => {
  it('is loadProfiles: every profile of both files, or the file error', async () => {
    const { loadSharedProfiles } = await import('./index');
    const profiles = await loadSharedProfiles({
      configFilepath: file(goodConfig),
      filepath: goodCredentials,
    });
    expect(Object.keys(profiles)).toEqual(['a', 'base']);
    const directory = join(dir, 'another-directory');
    mkdirSync(directory);
    await expect(loadSharedProfiles({ configFilepath: directory })).rejects.toThrow(
      `config file ${JSON.stringify(directory)}: is a directory, not a file`,
    );
  });
});
