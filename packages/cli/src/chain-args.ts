import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fromRoleChain, RoleChainConfigError, type RoleChainHop } from '@rolechain/credential-provider';
import { UsageError } from './usage-error';

/** Which role chain a command uses: a profile from the shared config, or role ARNs given in order. */
export type ChainSpec =
  | { kind: 'profile'; profile: string; region?: string }
  | { kind: 'roles'; roles: { roleArn: string; externalId?: string }[]; region?: string };

/** The flags every chain-using command accepts. */
export const chainOptions = {
  profile: { type: 'string' },
  'role-arn': { type: 'string', multiple: true },
  'external-id': { type: 'string', multiple: true },
  region: { type: 'string' },
  'mfa-code': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const mfaCodePattern = /^\d{6}$/;

/** node:util `parseArgs` (strict, with tokens), its errors turned into one-line usage errors naming the flag. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : undefined;
    throw new UsageError(message ?? 'invalid arguments');
  }
}

/** The parts of a `parseArgs` token this module reads. */
export interface FlagToken {
  kind: string;
  name?: string;
  value?: string | undefined;
}

/**
 * The chain named by `--profile P` or `--role-arn A [--external-id X] --role-arn B…` (an `--external-id`
 * belongs to the `--role-arn` before it), from `parseArgs` values and tokens of {@link chainOptions}. With
 * neither form, `AWS_PROFILE` names the profile.
 */
export function chainSpecFrom(
  values: { profile?: string | undefined; region?: string | undefined },
  tokens: readonly FlagToken[],
  env: Readonly<Record<string, string | undefined>>,
): ChainSpec {
  const region = values.region === undefined ? {} : { region: nonEmpty('--region', values.region) };
  const roles: { roleArn: string; externalId?: string }[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'role-arn') {
      roles.push({ roleArn: token.value });
    } else if (token.name === 'external-id') {
      const last = roles.at(-1);
      if (last === undefined) throw new UsageError('--external-id must follow the --role-arn it belongs to');
      if (last.externalId !== undefined) {
        throw new UsageError(`--external-id given twice for --role-arn ${last.roleArn}`);
      }
      last.externalId = nonEmpty('--external-id', token.value);
    }
  }
  if (roles.length > 0) {
    if (values.profile !== undefined) {
      throw new UsageError('--profile and --role-arn cannot be combined: name a profile or list the roles');
    }
    checkRoles(roles, region);
    return { kind: 'roles', roles, ...region };
  }
  const profile = values.profile ?? env['AWS_PROFILE'];
  if (profile === undefined) throw new UsageError('--profile or --role-arn is required (or set AWS_PROFILE)');
  return { kind: 'profile', profile: nonEmpty('--profile', profile), ...region };
}

/**
 * `--mfa-code`, checked before anything else runs: 6 digits, for a profile chain (roles given with
 * `--role-arn` have no `mfa_serial`). A usage error names the flag, never the value.
 */
export function mfaCodeFrom(value: string | undefined, chain: ChainSpec): string | undefined {
  if (value === undefined) return undefined;
  if (!mfaCodePattern.test(value)) {
    throw new UsageError('--mfa-code must be the 6 digits your MFA device shows (value not shown)');
  }
  if (chain.kind === 'roles') {
    throw new UsageError('--mfa-code needs --profile: roles given with --role-arn have no mfa_serial');
  }
  return value;
}

/** The flag a `fromRoleChain` option is given with: `roles[1].externalId` → `--external-id`. */
const flagOfOption: ReadonlyMap<string, string> = new Map([
  ['roleArn', '--role-arn'],
  ['externalId', '--external-id'],
  ['region', '--region'],
]);

/**
 * Checks the roles and region as `fromRoleChain` does, with its own validation (it throws before any network
 * call), so the flags accept exactly what the provider accepts. Its error becomes a usage error naming the
 * flag, and which `--role-arn` when there are several.
 */
function checkRoles(roles: readonly RoleChainHop[], region: { region?: string }): void {
  try {
    fromRoleChain({ roles, ...region });
  } catch (error) {
    if (!(error instanceof RoleChainConfigError)) throw error;
    const option = error.field.slice(error.field.lastIndexOf('.') + 1);
    const flag = flagOfOption.get(option) ?? error.field;
    const which =
      error.hop === undefined || roles.length === 1
        ? ''
        : ` (role ${String(error.hop)} of ${String(roles.length)})`;
    throw new UsageError(`${flag}${which}: ${error.problem}`);
  }
}

function nonEmpty(flag: string, value: string): string {
  if (value === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}
