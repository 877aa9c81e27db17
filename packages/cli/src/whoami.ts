import { getAssumedIdentity, type AssumedIdentity } from '@rolechain/credential-provider';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseIdentity, type BaseIdentity } from './base-identity';
import { chainOptions, chainSpecFrom, mfaCodeFrom, parseFlags } from './chain-args';
import { providerFor } from './chain-provider';
import type { CliIo } from './io';
import { mfaCodesFor, unlessPrompting } from './mfa-codes';
import { withProgress } from './progress';
import { renderTable } from './table';

/** `rolechain whoami --help`. */
export const whoamiHelp = `Usage: rolechain whoami (--profile P | --role-arn A [--external-id X] [--role-arn B …]) [--region R] [--mfa-code C] [--json]

Assumes the chain and shows it hop by hop: the base identity, then each assumed-role session and its expiry.
A profile without a role shows its base identity alone. Never prints a secret.

  --profile P        role profile in the shared config (default: AWS_PROFILE)
  --role-arn A       a role to assume, in order; repeat for a chain (base credentials: the SDK default chain)
  --external-id X    external id of the --role-arn just before it
  --region R         STS region (default: the profile's region, AWS_REGION, AWS_DEFAULT_REGION)
  --mfa-code C       code of the profile's MFA device (mfa_serial), 6 digits, used once; without it, and for
                     any later code, rolechain asks on the terminal (/dev/tty), and fails when there is none
  --json             print JSON instead of a table
  -h, --help         this help
`;

/** What `whoami --json` prints: identities and expiries only. */
export interface WhoamiReport {
  /** The base identity; `arn` and `accountId` are absent when STS did not say who it is in time. */
  source: { arn?: string; accountId?: string; accessKeyId: string };
  chain: { hop: number; roleArn: string; arn: string; expiration: string }[];
  /** Session ARN of the last hop: who signs with the chain's credentials. */
  arn: string;
  accountId: string;
}

/** How long whoami waits for the base identity, which the provider learns alongside hop 1. */
const sourceWaitMs = 3000;

/** The report for an identity, secret-free by construction (only ARNs, ids, the masked key id, dates). */
export function whoamiReport(identity: AssumedIdentity): WhoamiReport {
  const { arn, accountId, accessKeyId } = identity.source;
  return {
    source: {
      ...(arn === undefined ? {} : { arn }),
      ...(accountId === undefined ? {} : { accountId }),
      accessKeyId,
    },
    chain: identity.chain.map((hop, index) => ({
      hop: index + 1,
      roleArn: hop.roleArn,
      arn: hop.arn,
      expiration: hop.expiration.toISOString(),
    })),
    arn: identity.arn,
    accountId: identity.accountId,
  };
}

/** The report for credentials no role was assumed with (zero hops): the base identity signs. */
export function baseWhoamiReport(identity: BaseIdentity): WhoamiReport {
  return {
    source: identity,
    chain: [],
    arn: identity.arn,
    accountId: identity.accountId,
  };
}

/** The report as a table: one row for the base identity, then one per hop. */
export function renderWhoami(report: WhoamiReport): string {
  return renderTable(
    ['HOP', 'IDENTITY', 'EXPIRES'],
    [
      ['source', report.source.arn ?? `unknown (key ${report.source.accessKeyId})`, ''],
      ...report.chain.map((hop) => [String(hop.hop), hop.arn, hop.expiration]),
    ],
  );
}

/** `rolechain whoami`: the chain hop by hop, as a table or `--json`. */
export async function whoami(args: readonly string[], io: CliIo): Promise<number> {
  const { values, tokens } = parseFlags({
    args: [...args],
    options: { ...chainOptions, json: { type: 'boolean' } },
    strict: true,
    tokens: true,
  });
  if (values.help === true) {
    io.stdout(whoamiHelp);
    return 0;
  }
  const chain = chainSpecFrom(values, tokens, io.env);
  const mfa = await mfaCodesFor(chain, mfaCodeFrom(values['mfa-code'], chain), io.env, io.openTerminal);
  const credentials = await withProgress(
    providerFor(chain, io.env, mfa)(),
    'assuming the role chain',
    unlessPrompting(io.stderr, mfa),
  );
  const identity = getAssumedIdentity(credentials);
  let report: WhoamiReport;
  if (identity === undefined) {
    // No role was assumed (a profile without role_arn): the base credentials sign, so ask who they are.
    report = baseWhoamiReport(await baseIdentity(credentials, chain, io.env));
  } else {
    for (let waited = 0; identity.source.arn === undefined && waited < sourceWaitMs; waited += 25) {
      await sleep(25);
    }
    report = whoamiReport(identity);
  }
  io.stdout(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderWhoami(report));
  return 0;
}
