// `rolechain lint` over every row of the fromIni parity table (the credential-provider's real-world profiles):
// lint must agree with fromRoleChainProfile on each row. A row whose profile the provider resolves before the
// network gets no lint error about that profile; a row it refuses there gets a lint error naming the same
// setting with the same problem; and lint never reports an error the provider would not raise for some
// profile of the same files. Offline: lint and the provider's resolution make no call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '@rolechain/cli';
import {
  loadSharedProfiles,
  resolveProfileChainOptions,
  RoleChainConfigError,
} from '@rolechain/credential-provider';
import { afterAll, describe, expect, it } from 'vitest';
import {
  profileParityTable,
  type ParityWorld,
} from '../../../packages/credential-provider/src/test-support/profile-parity-table';

const scratch = mkdtempSync(join(tmpdir(), 'rolechain-lint-parity-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The rows' world, offline: nothing here is ever called, only read as text. */
const world: ParityWorld = {
  alice: { accessKeyId: 'AKIAPARITYEXAMPLE001', secretAccessKey: 'parity/secret/EXAMPLEKEY0123456789abcd' },
  mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
  ops: 'arn:aws:iam::222222222222:role/ops',
  deploy: 'arn:aws:iam::333333333333:role/deploy',
  guarded: 'arn:aws:iam::222222222222:role/guarded',
  externalId: 'parity-external-id',
  mfaGuarded: 'arn:aws:iam::222222222222:role/mfa-guarded',
  pod: 'arn:aws:iam::555555555555:role/pod',
  tokenFile: join(scratch, 'irsa-token'),
  processOk: '/usr/local/bin/ok-helper --profile corp',
  processSession: '/usr/local/bin/session-helper',
  processFailing: '/usr/local/bin/failing-helper',
  ssoStartUrl: 'https://parity.awsapps.com/start',
  ssoHome: join(scratch, 'sso-home'),
  podIdentityUrl: 'http://169.254.170.23/v1/credentials',
  podIdentityTokenFile: join(scratch, 'pod-identity-token'),
};

interface Finding {
  where: string;
  message: string;
}

const mfaCodeProvider = () => Promise.reject(new Error('no code is asked offline'));

/** What the provider refuses before the network for `profile`, as lint would name it; undefined when none. */
async function refusal(
  profile: string,
  paths: { configFilepath: string; filepath: string },
): Promise<Finding | undefined> {
  try {
    await resolveProfileChainOptions({ ...paths, profile, mfaCodeProvider });
    return undefined;
  } catch (error) {
    if (!(error instanceof RoleChainConfigError)) throw error;
    return { where: error.field, message: error.problem };
  }
}

/** The `error:` lines of `rolechain lint` on the files, split into where and message. */
async function lintErrors(paths: { configFilepath: string; filepath: string }): Promise<Finding[]> {
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stdout += `stderr: ${text}`),
    env: { HOME: scratch, AWS_SHARED_CREDENTIALS_FILE: paths.filepath },
  };
  await main(['lint', '--config', paths.configFilepath], io);
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('warning: '))
    .map((line) => {
      const match = /^error: (profile "[^"]*"(?: [^:]+)?): (.*)$/.exec(line);
      if (match === null) throw new Error(`not a lint finding: ${line}`);
      return { where: match[1] as string, message: match[2] as string };
    });
}

describe('rolechain lint agrees with fromRoleChainProfile on every row of the parity table', () => {
  it.each(profileParityTable.map((row, index) => [row.name, row, index] as const))(
    '%s',
    async (_, row, index) => {
      const paths = {
        configFilepath: join(scratch, `config-${String(index)}`),
        filepath: join(scratch, `credentials-${String(index)}`),
      };
      writeFileSync(paths.configFilepath, row.config(world));
      writeFileSync(paths.filepath, row.credentials?.(world) ?? '');

      const errors = await lintErrors(paths);
      const refused = await refusal(row.profile, paths);
      if (refused === undefined) {
        expect(errors.filter((error) => error.where.startsWith(`profile "${row.profile}"`))).toEqual([]);
      } else {
        expect(errors).toContainEqual(refused);
      }
      // Every error lint reports is one the provider raises for some profile of these files.
      const profiles = Object.keys(await loadSharedProfiles(paths));
      const raised = await Promise.all(profiles.map((profile) => refusal(profile, paths)));
      for (const error of errors) expect(raised).toContainEqual(error);
    },
  );
});
