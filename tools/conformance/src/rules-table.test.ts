// One table of role ARNs and regions (`@rolechain/aws-rules/fixtures`: every partition, paths, 64-character
// names, `+=,.@_-`, and the invalid forms), run through every in-process rolechain entry point that takes
// them. Each must accept every valid row and refuse every invalid one, before any network call, so no two of
// them can disagree again (issue 14: five ARN patterns and four region patterns once did). The CLI's share
// is in cli.integ.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fromRoleChain,
  RoleChainConfigError,
  resolveProfileChainOptions,
} from '@rolechain/credential-provider';
import { identityLoggerPlugin, IdentityLoggerOptionsError } from '@rolechain/identity-logger';
import { createChainCredentials, resolveConfig } from '@rolechain/sample-service';
import { afterAll } from 'vitest';
import { describeRulesTable } from './rules-table';

const source = { accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey: 'conformance-secret' };
const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** `true` when `run` returns, `false` when it throws `errorClass`; any other error fails the test. */
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

describeRulesTable({
  'credential-provider fromRoleChain({ roles, region })': {
    accepts: (roleArn, region) =>
      refusedWith(RoleChainConfigError, () => fromRoleChain({ source, roles: [{ roleArn }], region })),
  },

  'credential-provider profile resolution (fromRoleChainProfile, rolechain lint)': {
    readsTrimmed: true,
    accepts: async (roleArn, region) => {
      const configFilepath = join(scratch, `config-${String(files++)}`);
      const filepath = join(scratch, `credentials-${String(files++)}`);
      writeFileSync(
        configFilepath,
        `[profile app]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = ${region}\n`,
      );
      writeFileSync(
        filepath,
        `[base]\naws_access_key_id = ${source.accessKeyId}\naws_secret_access_key = x\n`,
      );
      try {
        await resolveProfileChainOptions({ profile: 'app', configFilepath, filepath });
        return true;
      } catch (error) {
        if (error instanceof RoleChainConfigError) return false;
        throw error;
      }
    },
  },

  'identity-logger stsClientConfig.region': {
    regionOnly: true,
    accepts: (_roleArn, region) =>
      refusedWith(IdentityLoggerOptionsError, () => identityLoggerPlugin({ stsClientConfig: { region } })),
  },

  'sample-service ROLE_CHAIN and AWS_REGION': {
    readsTrimmed: true,
    accepts: (roleArn, region) => {
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
  },
});
