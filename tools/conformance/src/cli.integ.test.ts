// The same table as rules-table.test.ts, through the CLI as a user runs it: `rolechain credential-process
// --role-arn A --region R` and `rolechain lint` over a profile with that role_arn and region. A refused row is
// refused before any STS call (exit 2, or an `error:` finding); an accepted row reaches STS, here the mock.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '@rolechain/cli';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { afterAll, beforeEach, expect, vi } from 'vitest';
import { describeRulesTable } from './rules-table';

const { sts } = useStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });

const home = mkdtempSync(join(tmpdir(), 'rolechain-conformance-cli-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

const env = {
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
  AWS_ACCESS_KEY_ID: alice.accessKeyId,
  AWS_SECRET_ACCESS_KEY: alice.secretAccessKey,
};
writeFileSync(
  env.AWS_SHARED_CREDENTIALS_FILE,
  `[base]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n`,
);

beforeEach(() => {
  // The base credentials of a --role-arn chain come from the SDK's default chain, which reads the process's
  // environment: alice's keys, and no shared file of the machine's.
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** `true` when the CLI took the pair to STS (here the mock), `false` when it refused it first. */
describeRulesTable({
  'rolechain credential-process --role-arn --region': {
    accepts: async (roleArn, region) => {
      const before = sts.calls.length;
      const { code, stderr } = await run(['credential-process', '--role-arn', roleArn, '--region', region]);
      const reachedSts = sts.calls.length > before;
      if (code === 2) {
        expect(reachedSts, stderr).toBe(false);
        return false;
      }
      expect(reachedSts, stderr).toBe(true);
      return true;
    },
  },
  'rolechain lint': {
    readsTrimmed: true,
    accepts: async (roleArn, region) => {
      const config = join(home, 'config');
      writeFileSync(
        config,
        `[profile app]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = ${region}\n`,
      );
      const { stdout } = await run(['lint', '--config', config]);
      return !stdout.split('\n').some((line) => line.startsWith('error:'));
    },
  },
});
