import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  fromRoleChain,
  fromRoleChainProfile,
  RoleChainConfigError,
  type RoleChainHop,
} from '@rolechain/credential-provider';
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

/** More arguments than any command line of ours needs: a longer one is refused, not parsed. */
export const maxArgs = 256;
/** Longer than any flag or value of ours (a role ARN is at most 2048 characters). */
export const maxArgLength = 4096;

/** A flag name as we write them, short enough that it cannot be a pasted secret: shown in errors as typed. */
const flagName = /^--?[a-z][a-z0-9-]{0,31}$/;

function named(flag: string | undefined): string {
  return flag !== undefined && flagName.test(flag) ? flag : 'a flag';
}

/**
 * node:util `parseArgs` (strict, with tokens; its values are null-prototype objects), its errors turned into
 * one-line usage errors naming the flag. No value and no stray argument is ever repeated (one may be a
 * secret pasted in the wrong place), and the command line is bounded: {@link maxArgs} arguments of
 * {@link maxArgLength} characters at most.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? [];
  if (args.length > maxArgs) {
    throw new UsageError(`too many arguments (${String(args.length)}; at most ${String(maxArgs)})`);
  }
  const long = args.findIndex((arg) => arg.length > maxArgLength);
  if (long !== -1) {
    throw new UsageError(`argument ${String(long + 1)} is longer than ${String(maxArgLength)} characters`);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    // `Unknown option '--x'`, `Option '--profile <value>' argument missing`, `Option '-h, --help' does not…`
    const flag = typeof message === 'string' ? /'(?:-\w, )?(-[^' <,]*)/.exec(message)?.[1] : undefined;
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown flag ${named(flag)}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(
          typeof message === 'string' && message.includes('does not take an argument')
            ? `${named(flag)} takes no value`
            : `${named(flag)} needs a value`,
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError('unexpected argument: this command takes flags only');
      default:
        throw new UsageError('invalid arguments');
    }
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
  nonEmpty('--profile', profile);
  // The provider checks its options at once; the profiles are read on its first call, which this never makes.
  asUsageError(() => fromRoleChainProfile({ profile, ...region }), 1);
  return { kind: 'profile', profile, ...region };
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
  ['profile', '--profile'],
]);

/**
 * Checks the roles and region as `fromRoleChain` does, with its own validation (it throws before any network
 * call), so the flags accept exactly what the provider accepts. Its error becomes a usage error naming the
 * flag, and which `--role-arn` when there are several.
 */
function checkRoles(roles: readonly RoleChainHop[], region: { region?: string }): void {
  asUsageError(() => fromRoleChain({ roles, ...region }), roles.length);
}

/** Runs `build`, turning its `RoleChainConfigError` into a usage error naming the flag (of `roles` roles). */
function asUsageError(build: () => unknown, roles: number): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof RoleChainConfigError)) throw error;
    const option = error.field.slice(error.field.lastIndexOf('.') + 1);
    const flag = flagOfOption.get(option) ?? error.field;
    const which =
      error.hop === undefined || roles === 1 ? '' : ` (role ${String(error.hop)} of ${String(roles)})`;
    throw new UsageError(`${flag}${which}: ${error.problem}`);
  }
}

function nonEmpty(flag: string, value: string): string {
  if (value === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}
