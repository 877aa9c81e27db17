import { spawn } from 'node:child_process';
import { constants, devNull } from 'node:os';
import type { ParseArgsConfig } from 'node:util';
import { loadSharedProfiles, type Profiles } from '@rolechain/credential-provider';
import { chainOptions, chainSpecFrom, mfaCodeFrom, parseFlags, type ChainSpec } from './chain-args';
import { providerFor } from './chain-provider';
import { containerCredentials } from './credentials-endpoint';
import { startCredentialsServer } from './credentials-server';
import { defaultProfileCredentialSetting } from './default-profile';
import { commandEnv, serverCommandEnv } from './exec-env';
import type { CliIo } from './io';
import { mfaCodesFor, unlessPrompting } from './mfa-codes';
import { toProcessCredentials } from './process-credentials';
import { withProgress } from './progress';
import { sharedFilePaths } from './shared-profiles';
import { UsageError } from './usage-error';

/** `rolechain exec --help`. */
export const execHelp = `Usage: rolechain exec (--profile P | --role-arn A [--external-id X] [--role-arn B …]) [--region R] [--mfa-code C] [--server] -- command [args…]

Runs command with the chain's credentials in its environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION; AWS_PROFILE and
AWS_DEFAULT_PROFILE removed so the command uses them) and exits with its exit code (128 + n when it is
killed by signal n). The credentials are never printed.

  --profile P        role profile in the shared config (default: AWS_PROFILE)
  --role-arn A       a role to assume, in order; repeat for a chain (base credentials: the SDK default chain)
  --external-id X    external id of the --role-arn just before it
  --region R         region for STS and the command (default: profile region, AWS_REGION, AWS_DEFAULT_REGION)
  --mfa-code C       code of the profile's MFA device (mfa_serial), 6 digits, used once; without it, and for
                     any later code, rolechain asks on the terminal (/dev/tty), and fails when there is none
  --server           serve the credentials to the command instead, so its AWS SDKs and the AWS CLI refresh
                     them as long as it runs: a server on 127.0.0.1, given to the command as container
                     credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI with a random one-run
                     AWS_CONTAINER_AUTHORIZATION_TOKEN), without the other credential variables and with
                     AWS_SHARED_CREDENTIALS_FILE hidden; refused when the config file's default profile
                     holds credentials, which the command's SDKs would use first
  -h, --help         this help
`;

const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const execOptions = {
  ...chainOptions,
  server: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Env = Readonly<Record<string, string | undefined>>;

/** The exit code a shell gives for a child's end: its code, or 128 + the signal's number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 0 : constants.signals[signal]);
}

/** The profiles of the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`) alone, read afresh. */
function configProfiles(env: Env): Promise<Profiles> {
  return loadSharedProfiles({ ...sharedFilePaths(env), filepath: devNull });
}

/** `--region`, else the profile's `region` in the config file, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
function regionFor(chain: ChainSpec, config: Profiles, env: Env): string | undefined {
  if (chain.region !== undefined) return chain.region;
  if (chain.kind === 'profile') {
    const region = Object.hasOwn(config, chain.profile) ? config[chain.profile]?.['region'] : undefined;
    if (region !== undefined) return region;
  }
  return env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
}

/** Refuses `--server` when the config file's default profile would give the command other credentials. */
function checkDefaultProfile(config: Profiles, env: Env): void {
  const setting = defaultProfileCredentialSetting(config);
  if (setting !== undefined) {
    const file = env['AWS_CONFIG_FILE'] || '~/.aws/config';
    throw new Error(
      `--server: the default profile in ${file} has ${setting}, which the command's AWS SDKs would use ` +
        'instead of the server; move it to a named profile, or run exec without --server',
    );
  }
}

/** Runs the command with `env`, passing signals on; resolves with its exit code. */
function run(command: string, args: readonly string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
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

/**
 * `rolechain exec [--server] -- command args…`: runs the command with the chain's credentials in its
 * environment, or served to it; returns its exit code.
 */
export async function exec(args: readonly string[], io: CliIo): Promise<number> {
  const separator = args.indexOf('--');
  const flags = separator === -1 ? args : args.slice(0, separator);
  const { values, tokens, positionals } = parseFlags({
    args: [...flags],
    options: execOptions,
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help === true) {
    io.stdout(execHelp);
    return 0;
  }
  if (positionals[0] !== undefined) {
    throw new UsageError('the command must follow --: rolechain exec [flags] -- command [args…]');
  }
  const [command, ...commandArgs] = separator === -1 ? [] : args.slice(separator + 1);
  if (command === undefined) {
    throw new UsageError(separator === -1 ? 'the command must follow --' : 'no command after --');
  }
  const chain = chainSpecFrom(values, tokens, io.env);
  const flagCode = mfaCodeFrom(values['mfa-code'], chain);
  const serve = values.server === true;
  // Read once for what exec itself needs of it: the default profile (--server) and the profile's region.
  const needsConfig = serve || (chain.kind === 'profile' && chain.region === undefined);
  const config = needsConfig ? await configProfiles(io.env) : {};
  if (serve) checkDefaultProfile(config, io.env);
  const mfa = await mfaCodesFor(chain, flagCode, io.env, io.openTerminal);
  const provider = providerFor(chain, io.env, mfa);
  // Assumed before the command starts, so a failing hop stops it from running at all.
  const issued = await withProgress(provider(), 'assuming the role chain', unlessPrompting(io.stderr, mfa));
  const region = regionFor(chain, config, io.env);
  if (!serve) return run(command, commandArgs, commandEnv(io.env, toProcessCredentials(issued), region));
  // Long-term keys cannot be served as container credentials: refused before the command starts.
  containerCredentials(issued);
  const server = await startCredentialsServer(provider, (line) => {
    io.stderr(`rolechain exec: ${line}\n`);
  });
  try {
    return await run(command, commandArgs, serverCommandEnv(io.env, server, region));
  } finally {
    await server.close();
  }
}
