import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultBaseCredentials, type BaseCredentialsProvider } from './base-credentials';
import { cacheDir, cacheKey, ensurePrivateDir, isCacheable, readCache, writeCache } from './cache';
import { chainOptions, chainSpecFrom, mfaCodeFrom, parseFlags, type ChainSpec } from './chain-args';
import { providerFor } from './chain-provider';
import type { CliIo } from './io';
import { chainMfaSerials, mfaCodes } from './mfa-codes';
import { toProcessCredentials, type ProcessCredentials } from './process-credentials';

/** `rolechain credential-process --help`. */
export const credentialProcessHelp = `Usage: rolechain credential-process (--profile P | --role-arn A [--external-id X] [--role-arn B …]) [--region R] [--mfa-code C] [--cache]

Prints the final role's credentials as AWS credential_process JSON (Version 1), for ~/.aws/config:
  credential_process = rolechain credential-process --profile prod

  --profile P        role profile in the shared config (default: AWS_PROFILE)
  --role-arn A       a role to assume, in order; repeat for a chain (base credentials: the SDK default chain)
  --external-id X    external id of the --role-arn just before it
  --region R         STS region (default: the profile's region, AWS_REGION, AWS_DEFAULT_REGION)
  --mfa-code C       code of the profile's MFA device (mfa_serial), 6 digits, used once; without it, and for
                     any later code, rolechain asks on the terminal (/dev/tty), and fails when there is none
  --cache            reuse credentials from a private 0600 file in $XDG_CACHE_HOME/rolechain (or
                     ~/.cache/rolechain) while more than 15 minutes are left; always on for a profile with
                     mfa_serial, so a tool calling this often is not asked for a code each time
  -h, --help         this help
`;

/** `rolechain credential-process`: prints the chain's credentials as credential_process JSON. */
export async function credentialProcess(args: readonly string[], io: CliIo): Promise<number> {
  const { values, tokens } = parseFlags({
    args: [...args],
    options: { ...chainOptions, cache: { type: 'boolean' } },
    strict: true,
    tokens: true,
  });
  if (values.help === true) {
    io.stdout(credentialProcessHelp);
    return 0;
  }
  const chain = chainSpecFrom(values, tokens, io.env);
  const flagCode = mfaCodeFrom(values['mfa-code'], chain);
  const serials = await chainMfaSerials(chain, flagCode, io.env);
  const now = Date.now();
  let cache: { dir: string; file: string } | undefined;
  let base: BaseCredentialsProvider | undefined;
  // Credentials that took an MFA code are always cached: a tool calling this often must not ask each time.
  if (values.cache === true || serials.length > 0) {
    const dir = cacheDir(io.env);
    ensurePrivateDir(dir);
    let sourceKeyId: string | undefined;
    if (chain.kind === 'roles') {
      base = defaultBaseCredentials();
      // Without base credentials there is nothing to cache: the chain fails with its own error below.
      sourceKeyId = await base().then(
        (credentials) => credentials.accessKeyId,
        () => undefined,
      );
    }
    if (chain.kind === 'profile' || sourceKeyId !== undefined) {
      cache = { dir, file: join(dir, `${cacheKey(cacheInputs(chain, io.env, sourceKeyId))}.json`) };
      const cached = readCache(cache.file, now);
      if (cached !== undefined) {
        io.stdout(`${JSON.stringify(cached)}\n`);
        return 0;
      }
    }
  }
  const mfa = mfaCodes(serials, flagCode, io.openTerminal);
  const credentials: ProcessCredentials = toProcessCredentials(await providerFor(chain, io.env, mfa, base)());
  // Long-term keys (a profile without a role) are never cached: see isCacheable.
  if (cache !== undefined && isCacheable(credentials)) {
    try {
      writeCache(cache.file, cache.dir, credentials);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      io.stderr(
        `rolechain credential-process: could not write the cache (${reason}); continuing without it\n`,
      );
    }
  }
  io.stdout(`${JSON.stringify(credentials)}\n`);
  return 0;
}

function digestOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Everything that decides which credentials a chain gives: a change in any of them misses the cache. For a
 * `--role-arn` chain, `sourceKeyId` is the key id of the base credentials it was resolved with, so changed base
 * keys never get a session assumed with the old ones; the whole is hashed (see {@link cacheKey}), and no
 * secret is part of it.
 */
function cacheInputs(
  chain: ChainSpec,
  env: Readonly<Record<string, string | undefined>>,
  sourceKeyId: string | undefined,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {
    chain,
    sourceKeyId: sourceKeyId ?? env['AWS_ACCESS_KEY_ID'],
    sourceProfile: env['AWS_PROFILE'],
    region: env['AWS_REGION'] || env['AWS_DEFAULT_REGION'],
    endpoint: env['AWS_ENDPOINT_URL_STS'] ?? env['AWS_ENDPOINT_URL'],
  };
  if (chain.kind === 'profile') {
    const configFile = env['AWS_CONFIG_FILE'] ?? join(homedir(), '.aws', 'config');
    const credentialsFile = env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(homedir(), '.aws', 'credentials');
    inputs['config'] = [configFile, digestOf(configFile)];
    inputs['credentials'] = [credentialsFile, digestOf(credentialsFile)];
  }
  return inputs;
}
