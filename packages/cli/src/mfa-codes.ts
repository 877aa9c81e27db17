import { resolveProfileChainOptions, RoleChainError } from '@rolechain/credential-provider';
import type { ChainSpec } from './chain-args';
import { MfaCodeError, promptMfaCode } from './mfa-prompt';
import { sharedFilePaths } from './shared-profiles';
import type { OpenTerminal } from './terminal';
import { UsageError } from './usage-error';

/** Where a chain's MFA codes come from, for `fromRoleChainProfile`'s `mfaCodeProvider`. */
export interface MfaCodes {
  /** The `--mfa-code` code for the first request; for each later one, a code asked on the terminal. */
  next: (serialNumber: string) => Promise<string>;
  /** Whether a prompt is on the terminal now. */
  prompting: () => boolean;
  /**
   * The chain's error, saying why no code could be had when that is why it failed (the chain itself only says
   * that the code source failed).
   */
  explain: (error: unknown) => unknown;
}

type OpenTerminalFn = (() => OpenTerminal | undefined) | undefined;

/** Stands in for the code source while the chain is only resolved: nothing is assumed, no code is asked. */
const notYet = () => Promise.reject(new Error('no MFA code is asked while the profiles are read'));

/**
 * The `mfa_serial` of each role profile the chain assumes, from `fromRoleChainProfile`'s own resolution and
 * validation of the profiles, before any STS call (a profile it refuses fails here, with its error); none
 * for roles given with `--role-arn`. `--mfa-code` for a profile whose chain has none is a usage error.
 */
export async function chainMfaSerials(
  chain: ChainSpec,
  flagCode: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[]> {
  if (chain.kind === 'roles') return [];
  const { hops } = await resolveProfileChainOptions({
    ...sharedFilePaths(env),
    profile: chain.profile,
    ...(chain.region === undefined ? {} : { region: chain.region }),
    mfaCodeProvider: notYet,
  });
  const serials = hops.flatMap(({ hop }) => (hop.mfa === undefined ? [] : [hop.mfa.serialNumber]));
  if (serials.length === 0 && flagCode !== undefined) {
    throw new UsageError(`--mfa-code: profile "${chain.profile}" and its source profiles have no mfa_serial`);
  }
  return serials;
}

/**
 * The code source for a chain assuming roles with MFA devices `serials` (undefined when there are none).
 * Checked at once, before any STS call: codes the chain needs beyond `--mfa-code` are asked on the terminal,
 * so without one that is a usage error naming the devices. A code is used once: a later request (another
 * MFA hop, a refresh) asks the terminal, and without one fails with an error saying so.
 */
export function mfaCodes(
  serials: readonly string[],
  flagCode: string | undefined,
  openTerminal: OpenTerminalFn,
): MfaCodes | undefined {
  if (serials.length === 0) return undefined;
  if (serials.length > (flagCode === undefined ? 0 : 1)) {
    const probe = openTerminal?.();
    if (probe === undefined) {
      throw new UsageError(
        flagCode === undefined
          ? `mfa_serial ${serials.join(', ')} needs an MFA code and there is no terminal to ask for it: pass --mfa-code`
          : `the chain needs ${serials.length} MFA codes (mfa_serial ${serials.join(', ')}); --mfa-code gives one, and there is no terminal to ask for the others`,
      );
    }
    probe.close();
  }
  let unused = flagCode;
  let prompting = false;
  let failure: MfaCodeError | undefined;
  return {
    next: async (serialNumber) => {
      failure = undefined;
      if (unused !== undefined) {
        const code = unused;
        unused = undefined;
        return code;
      }
      const terminal = openTerminal?.();
      if (terminal === undefined) {
        failure = new MfaCodeError(
          `MFA code for ${serialNumber}: a new code is needed (each is used once, the --mfa-code one already was) and there is no terminal to ask for it`,
        );
        throw failure;
      }
      prompting = true;
      try {
        return await promptMfaCode(serialNumber, terminal);
      } catch (error) {
        if (error instanceof MfaCodeError) failure = error;
        throw error;
      } finally {
        prompting = false;
        terminal.close();
      }
    },
    prompting: () => prompting,
    explain: (error) => {
      if (
        failure === undefined ||
        !(error instanceof RoleChainError) ||
        error.code !== 'MfaTokenUnavailable'
      ) {
        return error;
      }
      return new RoleChainError({
        hop: error.hop,
        hops: error.hops,
        roleArn: error.roleArn,
        code: error.code,
        requestId: error.requestId,
        retryable: error.retryable,
        detail: failure.message,
        cause: error,
      });
    },
  };
}

/** The code source for a chain and its validated `--mfa-code`, checked before any STS call. */
export async function mfaCodesFor(
  chain: ChainSpec,
  flagCode: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  openTerminal: OpenTerminalFn,
): Promise<MfaCodes | undefined> {
  return mfaCodes(await chainMfaSerials(chain, flagCode, env), flagCode, openTerminal);
}

/** `write`, except while a prompt is on the terminal, where a progress line would land inside it. */
export function unlessPrompting(
  write: (text: string) => void,
  mfa: MfaCodes | undefined,
): (text: string) => void {
  return (text) => {
    if (mfa?.prompting() !== true) write(text);
  };
}
