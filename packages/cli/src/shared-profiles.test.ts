import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProfiles, sharedFilePaths } from './shared-profiles';

describe('sharedFilePaths', () => {
  test('the files the environment names; unset or empty names none', () => {
    expect(sharedFilePaths({ AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k' })).toEqual({
      configFilepath: '/c',
      filepath: '/k',
    });
    expect(sharedFilePaths({ AWS_CONFIG_FILE: '' })).toEqual({});
  });
});

describe('loadProfiles', () => {
  test("both files' profiles, the credentials file's settings over the config file's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-profiles-'));
    const configFilepath = join(dir, 'config');
    const filepath = join(dir, 'credentials');
    writeFileSync(configFilepath, '[profile a]\nregion = eu-west-1\nmfa_serial = one\n');
    writeFileSync(filepath, '[a]\nmfa_serial = two\n[b]\naws_access_key_id = AKIAEXAMPLE\n');
    expect(await loadProfiles({ configFilepath, filepath })).toEqual({
      a: { region: 'eu-west-1', mfa_serial: 'two' },
      b: { aws_access_key_id: 'AKIAEXAMPLE' },
    });
    expect(await loadProfiles({ configFilepath: join(dir, 'none'), filepath: join(dir, 'none') })).toEqual(
      {},
    );
  });
});
