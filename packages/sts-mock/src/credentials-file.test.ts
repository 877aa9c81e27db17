import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createStsMock } from './create-sts-mock';
import { credentialsFileText, writeCredentialsFile } from './credentials-file';

const sts = createStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const bob = sts.createUser({ accountId: '222222222222', userName: 'bob' });
const users = [
  { profile: 'alice', user: alice },
  { profile: 'bob-prod', user: bob },
];

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the credentials file', () => {
  test('one [profile] section per user, in the shared credentials file format', () => {
    expect(credentialsFileText(users)).toBe(
      `[alice]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n\n` +
        `[bob-prod]\naws_access_key_id = ${bob.accessKeyId}\naws_secret_access_key = ${bob.secretAccessKey}\n`,
    );
  });

  test('is written with mode 0600, and an existing file is set back to 0600 and replaced', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sts-mock-creds-'));
    const fresh = join(dir, 'fresh');
    await writeCredentialsFile(fresh, users);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    const existing = join(dir, 'existing');
    writeFileSync(existing, 'old and much longer content '.repeat(20), { mode: 0o644 });
    await writeCredentialsFile(existing, users.slice(0, 1));
    expect(statSync(existing).mode & 0o777).toBe(0o600);
    expect(readFileSync(existing, 'utf8')).toBe(credentialsFileText(users.slice(0, 1)));
  });
});
