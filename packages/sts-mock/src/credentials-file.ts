import { open } from 'node:fs/promises';
import type { FixtureUser } from './fixture';

/**
 * The users' long-term keys as an AWS shared credentials file: one `[profile]` section per user, named by
 * the fixture (the user name unless the user has a `profile`).
 */
export function credentialsFileText(users: readonly FixtureUser[]): string {
  return users
    .map(
      ({ profile, user }) =>
        `[${profile}]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
    )
    .join('\n');
}

/**
 * Writes the credentials file with mode 0600, replacing what was there: created 0600, and set back to 0600
 * before writing when the file already existed with a wider mode.
 */
export async function writeCredentialsFile(path: string, users: readonly FixtureUser[]): Promise<void> {
  const file = await open(path, 'w', 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(credentialsFileText(users));
  } finally {
    await file.close();
  }
}
