// One table of role ARNs and regions (`@rolechain/aws-rules/fixtures`: every partition, paths, 64-character
// names, `+=,.@_-`, and the invalid forms), run through every rolechain entry point that takes them. Each
// entry point must accept every valid row and refuse every invalid one, before any network call, so no two
// of them can disagree again (issue 14: five ARN patterns and four region patterns once did).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INVALID_REGIONS,
  INVALID_ROLE_ARNS,
  VALID_REGIONS,
  VALID_ROLE_ARNS,
} from '@rolechain/aws-rules/fixtures';
import {
  fromRoleChain,
  RoleChainConfigError,
  resolveProfileChainOptions,
} from '@rolechain/credential-provider';
import { identityLoggerPlugin, IdentityLoggerOptionsError } from '@rolechain/identity-logger';
import { createChainCredentials, resolveConfig } from '@rolechain/sample-service';
import { afterAll, describe, expect, it } from 'vitest';

const source = { accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey: 'conformance-secret' };
const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
/** A valid role ARN in the partition of each region, so a region row is judged on the region alone. */
const roleInPartition = (partition: string) => `arn:${partition}:iam::123456789012:role/reader`;
const anyValidRegionOf = (arn: string) =>
  VALID_REGIONS.find(([, partition]) => partition === arn.split(':')[1])?.[0] ?? 'us-east-1';

/** Each entry point, as a user reaches it: `true` when it takes the pair, `false` when it refuses it. */
type Accepts = (roleArn: string, region: string) => boolean | Promise<boolean>;

function refusedWith(errorClass: new (...args: never[]) => Error, run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof errorClass) return false;
    throw error;
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'rolechain-conformance-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
let files = 0;

const entryPoints: Record<string, Accepts> = {
  'credential-provider fromRoleChain({ roles, region })': (roleArn, region) =>
    refusedWith(RoleChainConfigError, () => fromRoleChain({ source, roles: [{ roleArn }], region })),

  'credential-provider profile resolution (fromRoleChainProfile, rolechain lint)': async (
    roleArn,
    region,
  ) => {
    const dir = join(scratch, String(files++));
    const configFilepath = `${dir}-config`;
    const filepath = `${dir}-credentials`;
    // A value is written as the shared-file parsers read it: trimmed, one line. Rows with edge whitespace
    // or a newline test how a file is read, not the rule, and are skipped by the caller below.
    writeFileSync(
      configFilepath,
      `[profile app]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = ${region}\n`,
    );
    writeFileSync(filepath, `[base]\naws_access_key_id = ${source.accessKeyId}\naws_secret_access_key = x\n`);
    try {
      await resolveProfileChainOptions({ profile: 'app', configFilepath, filepath });
      return true;
    } catch (error) {
      if (error instanceof RoleChainConfigError) return false;
      throw error;
    }
  },

  'identity-logger stsClientConfig.region': (_roleArn, region) =>
    refusedWith(IdentityLoggerOptionsError, () => identityLoggerPlugin({ stsClientConfig: { region } })),

  'sample-service ROLE_CHAIN and AWS_REGION': (roleArn, region) => {
    try {
      const config = resolveConfig({
        ROLECHAIN_DEMO: '0',
        ROLE_CHAIN: roleArn,
        AWS_REGION: region,
        REPORTS_BUCKET: 'acme-reports',
      });
      createChainCredentials(config, { logger: quietLogger });
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConfigError') return false;
      throw error;
    }
  },
};

/** Texts a file or an environment variable cannot carry as they are: the shell or the parser trims them. */
const unwritable = (value: string) => value !== value.trim() || value.includes('\n') || value === '';
const takesRoleArn = (name: string) => !name.startsWith('identity-logger');
/** Entry points whose input comes from a file or the environment, which are read trimmed. */
const readsTrimmed = (name: string) => name.includes('profile') || name.startsWith('sample-service');

describe.each(Object.entries(entryPoints))('%s', (name, accepts) => {
  it.each(VALID_ROLE_ARNS.filter(() => takesRoleArn(name)).map((arn) => [arn.slice(0, 90), arn]))(
    'accepts the role ARN %s',
    async (_, arn) => {
      expect(await accepts(arn, anyValidRegionOf(arn))).toBe(true);
    },
  );
  it.each(
    INVALID_ROLE_ARNS.filter((arn) => takesRoleArn(name) && !(readsTrimmed(name) && unwritable(arn))).map(
      (arn) => [JSON.stringify(arn).slice(0, 90), arn],
    ),
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
    INVALID_REGIONS.filter((region) => !(readsTrimmed(name) && unwritable(region))).map((region) => [
      JSON.stringify(region),
      region,
    ]),
  )('refuses the region %s', async (_, region) => {
    expect(await accepts('arn:aws:iam::123456789012:role/reader', region)).toBe(false);
  });
});
