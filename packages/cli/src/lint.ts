import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseRoleArn } from '@rolechain/aws-rules';
import { parseFlags } from './chain-args';
import type { CliIo } from './io';
import { formatFinding, lintProfiles } from './lint-rules';
import { sharedFilePaths } from './shared-profiles';

/** `rolechain lint --help`. */
export const lintHelp = `Usage: rolechain lint [--config FILE] [--trust-policies PATH]

Checks every profile of the shared config before it breaks a deployment, offline. Errors are what
fromRoleChainProfile itself refuses (role ARNs, regions, sources, source_profile cycles and missing profiles,
session names, external ids, durations…), in its words; warnings are what it accepts but STS or a reader of
the file will likely stumble on: settings nothing reads, region names of no AWS partition, chained roles
asking for more than one hour, and a missing external_id where the role's trust policy requires
sts:ExternalId. Prints one line per finding and exits 1; prints nothing and exits 0 when clean. A config file
that cannot be read or parsed exits 1 naming it and why.

  --config FILE           the config file (default: AWS_CONFIG_FILE, else ~/.aws/config); profiles of the
                          credentials file (AWS_SHARED_CREDENTIALS_FILE) are read too, as source profiles
  --trust-policies PATH   a JSON file mapping role ARNs to trust policies, or a directory of
                          <role name>.json trust policy files
  -h, --help              this help
`;

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`--trust-policies: ${file} is not valid JSON`);
  }
}

/** Trust policies by role ARN, from a file of `{ "<role ARN>": policy }` or a directory of `<role name>.json`. */
export function loadTrustPolicies(path: string, roleArns: readonly string[]): Map<string, unknown> {
  const policies = new Map<string, unknown>();
  if (statSync(path).isDirectory()) {
    const byName = new Map<string, string>();
    for (const file of readdirSync(path)) {
      if (file.endsWith('.json')) byName.set(file.slice(0, -'.json'.length), join(path, file));
    }
    for (const arn of roleArns) {
      const file = byName.get(parseRoleArn(arn)?.roleName ?? '');
      if (file !== undefined) policies.set(arn, readJson(file));
    }
    return policies;
  }
  const all = readJson(path);
  if (typeof all !== 'object' || all === null || Array.isArray(all)) {
    throw new Error(`--trust-policies: ${path} must be a JSON object mapping role ARNs to trust policies`);
  }
  for (const [arn, policy] of Object.entries(all)) policies.set(arn, policy);
  return policies;
}

/** `rolechain lint`: one line per finding in the shared config profiles; exit 1 when there is any. */
export async function lint(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags({
    args: [...args],
    options: {
      config: { type: 'string' },
      'trust-policies': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    io.stdout(lintHelp);
    return 0;
  }
  const paths = {
    ...sharedFilePaths(io.env),
    configFilepath: values.config ?? (io.env['AWS_CONFIG_FILE'] || join(homedir(), '.aws', 'config')),
  };
  // The provider reads a missing file as one without profiles; lint is asked to check this one.
  if (!existsSync(paths.configFilepath))
    throw new Error(`cannot read the config file ${paths.configFilepath}`);
  const trustPath = values['trust-policies'];
  if (trustPath !== undefined && !existsSync(trustPath)) {
    throw new Error(`--trust-policies: ${trustPath} does not exist`);
  }
  const findings = await lintProfiles(
    paths,
    trustPath === undefined ? undefined : (roleArns) => loadTrustPolicies(trustPath, roleArns),
  );
  for (const finding of findings) io.stdout(`${formatFinding(finding)}\n`);
  return findings.length === 0 ? 0 : 1;
}
