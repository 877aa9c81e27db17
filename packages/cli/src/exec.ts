import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { chainOptions, chainSpecFrom, parseFlags, type ChainSpec } from './chain-args';
import { providerFor } from './chain-provider';
import type { CliIo } from './io';
import { toProcessCredentials, type ProcessCredentials } from './process-credentials';
import { withProgress } from './progress';
import { UsageError } from './usage-error';

/** `rolechain exec --help`. */
export const execHelp = `Usage: rolechain exec (--profile P | --role-arn A [--external-id X] [--role-arn B …]) [--region R] -- command [args…]

Runs command with the chain's credentials in its environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION; AWS_PROFILE and
AWS_DEFAULT_PROFILE removed so the command uses them) and exits with its exit code (128 + n when it is
killed by signal n). The credentials are never printed.

  --profile P        role profile in the shared config (default: AWS_PROFILE)
  --role-arn A       a role to assume, in order; repeat for a chain (base credentials: the SDK default chain)
  --external-id X    external id of the --role-arn just before it
  --region R         region for STS and for the command (default: the profile's region, then AWS_REGION)
  -h, --help         this help
`;

const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The command's environment: ours, with the chain's credentials and region, and without the profile
 * variables (SDKs skip environment credentials when AWS_PROFILE is set).
 */
export function commandEnv(
  env: Readonly<Record<string, string | undefined>>,
  credentials: ProcessCredentials,
  region: string | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name !== 'AWS_PROFILE' && name !== 'AWS_DEFAULT_PROFILE') result[name] = value;
  }
  result['AWS_ACCESS_KEY_ID'] = credentials.AccessKeyId;
  result['AWS_SECRET_ACCESS_KEY'] = credentials.SecretAccessKey;
  result['AWS_SESSION_TOKEN'] = credentials.SessionToken;
  result['AWS_CREDENTIAL_EXPIRATION'] = credentials.Expiration;
  if (region !== undefined) {
    result['AWS_REGION'] = region;
    result['AWS_DEFAULT_REGION'] = region;
  }
  return result;
}

/** The exit code a shell gives for a child's end: its code, or 128 + the signal's number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 0 : constants.signals[signal]);
}

/** `--region`, else the profile's `region`, else `AWS_REGION`. */
async function regionFor(
  chain: ChainSpec,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  if (chain.region !== undefined) return chain.region;
  if (chain.kind === 'profile') {
    const configFilepath = env['AWS_CONFIG_FILE'];
    const { configFile } = await loadSharedConfigFiles({
      ...(configFilepath === undefined || configFilepath === '' ? {} : { configFilepath }),
      ignoreCache: true,
    });
    const region = configFile[chain.profile]?.region;
    if (region !== undefined) return region;
  }
  return env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
}

/** `rolechain exec -- command args…`: runs the command with the chain's credentials; returns its exit code. */
export async function exec(args: readonly string[], io: CliIo): Promise<number> {
  const separator = args.indexOf('--');
  const flags = separator === -1 ? args : args.slice(0, separator);
  const { values, tokens, positionals } = parseFlags({
    args: [...flags],
    options: chainOptions,
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help === true) {
    io.stdout(execHelp);
    return 0;
  }
  if (positionals[0] !== undefined) {
    throw new UsageError(`the command must follow --: rolechain exec … -- ${positionals[0]} …`);
  }
  const [command, ...commandArgs] = separator === -1 ? [] : args.slice(separator + 1);
  if (command === undefined) {
    throw new UsageError(separator === -1 ? 'the command must follow --' : 'no command after --');
  }
  const chain = chainSpecFrom(values, tokens, io.env);
  const credentials = toProcessCredentials(
    await withProgress(providerFor(chain, io.env)(), 'assuming the role chain', io.stderr),
  );
  const env = commandEnv(io.env, credentials, await regionFor(chain, io.env));
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const signal of forwardedSignals) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of forwardedSignals) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      reject(new Error(`cannot run ${JSON.stringify(command)}: ${error.code ?? error.message}`));
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(exitCodeOf(code, signal));
    });
  });
}
