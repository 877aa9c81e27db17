// The same table as rules-table.test.ts, through the CLI as a user runs it: `rolechain credential-process
// --role-arn A --region R` and `rolechain lint` over a profile with that role_arn and region. A refused row is
// refused before any STS call (exit 2, or an `error:` finding); an accepted row reaches STS, here the mock.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INVALID_REGIONS,
  INVALID_ROLE_ARNS,
  VALID_REGIONS,
  VALID_ROLE_ARNS,
} from '@rolechain/aws-rules/fixtures';
import { main, type CliIo } from '@rolechain/cli';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

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

const roleInPartition = (partition: string) => `arn:${partition}:iam::123456789012:role/reader`;
const regionOf = (arn: string) =>
  VALID_REGIONS.find(([, partition]) => partition === arn.split(':')[1])?.[0] ?? 'us-east-1';
/** Texts a file cannot carry as they are: the shared-file parser trims values and reads one line. */
const unwritable = (value: string) => value !== value.trim() || value.includes('\n') || value === '';

/** `true` when the CLI took the pair to STS, `false` when it refused it first. */
const entryPoints: Record<string, (roleArn: string, region: string) => Promise<boolean>> = {
  'rolechain credential-process --role-arn --region': async (roleArn, region) => {
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
  'rolechain lint': async (roleArn, region) => {
    const config = join(home, 'config');
    writeFileSync(
      config,
      `[profile app]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = ${region}\n`,
    );
    const { stdout } = await run(['lint', '--config', config]);
    return !stdout.split('\n').some((line) => line.startsWith('error:'));
  },
};

describe.each(Object.entries(entryPoints))('%s', (name, accepts) => {
  const fromFile = name === 'rolechain lint';
  it.each(VALID_ROLE_ARNS.map((arn) => [arn.slice(0, 90), arn]))(
    'accepts the role ARN %s',
    async (_, arn) => {
      expect(await accepts(arn, regionOf(arn))).toBe(true);
    },
  );
  it.each(
    INVALID_ROLE_ARNS.filter((arn) => !(fromFile && unwritable(arn))).map((arn) => [
      JSON.stringify(arn).slice(0, 90),
      arn,
    ]),
  )('refuses the role ARN %s', async (_, arn) => {
    expect(await accepts(arn, 'us-east-1')).toBe(false);
  });
  it.each(VALID_REGIONS.map(([region, partition]) => [region, partition]))(
    'accepts the region %s (%s)',
    async (region, partition) => {
      expect(await accepts(roleInPartition(partition), region)).toBe(true);
    },
  );
  it.each(
    INVALID_REGIONS.filter((region) => !(fromFile && unwritable(region))).map((region) => [
      JSON.stringify(region),
      region,
    ]),
  )('refuses the region %s', async (_, region) => {
    expect(await accepts('arn:aws:iam::123456789012:role/reader', region)).toBe(false);
  });
});
