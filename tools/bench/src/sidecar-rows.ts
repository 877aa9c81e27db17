// The sidecar rows of the soak table: what one `rolechain serve` did for its client processes, judged.
import { formatNumber } from './format';
import type { SoakRow } from './model';
import { quantile } from './stats';

/** What one client process printed for one round (JSON; a missing time is `null`). */
export interface ClientRound {
  /** From asking the container provider to its credentials: one request to the sidecar. */
  readonly credentialsMs?: number | null;
  /** The identity its signed GetCallerIdentity came back with. */
  readonly arn?: string;
  /** The error's name when the round failed. */
  readonly error?: string;
}

export interface SidecarRun {
  readonly clients: number;
  /** `answers[round][client]`; `undefined` when that client gave no answer in that round. */
  readonly answers: readonly (readonly (ClientRound | undefined)[])[];
  /** The ARN prefix of the chain's last role's sessions, e.g. `arn:aws:sts::444444444444:assumed-role/hop-3/`. */
  readonly lastRoleSession: string;
  readonly hops: number;
  /** AssumeRole calls the mock answered from the sidecar's start to its stop. */
  readonly assumeRoleCalls: number;
}

const servedBy = (run: SidecarRun, answer: ClientRound | undefined): boolean =>
  answer?.arn?.startsWith(run.lastRoleSession) === true;

/** Clients that signed as the chain's last role in every round, and those that did not. */
export function servedClients(run: SidecarRun): { served: number; failed: number } {
  let served = 0;
  for (let client = 0; client < run.clients; client++) {
    if (run.answers.length > 0 && run.answers.every((round) => servedBy(run, round[client]))) served++;
  }
  return { served, failed: run.clients - served };
}

/** p50 / p99 of the served answers' times to credentials in one round, e.g. `4.1 ms / 31.0 ms`. */
function credentialTimes(run: SidecarRun, round: readonly (ClientRound | undefined)[]): string {
  const times = round
    .filter((answer) => servedBy(run, answer))
    .map((answer) => answer?.credentialsMs)
    .filter((ms): ms is number => typeof ms === 'number' && Number.isFinite(ms))
    .sort((a, b) => a - b);
  if (times.length === 0) return 'none served';
  return `${formatNumber(quantile(times, 0.5))} ms / ${formatNumber(quantile(times, 0.99))} ms`;
}

/** The sidecar's rows: clients served (goal: none failed), AssumeRole calls (goal: one per hop), times. */
export function sidecarRows(run: SidecarRun): SoakRow[] {
  const { served, failed } = servedClients(run);
  const rounds = run.answers.length;
  return [
    {
      metric: `sidecar: client processes served / failed (${run.clients} at once, ${rounds} rounds each)`,
      value: `${served} / ${failed}`,
      goal: '0 failed',
      pass: failed === 0,
    },
    {
      metric: `sidecar: AssumeRole calls for its ${run.hops}-hop chain, from its start to its stop`,
      value: String(run.assumeRoleCalls),
      goal: `= ${run.hops} (one per hop)`,
      pass: run.assumeRoleCalls === run.hops,
    },
    {
      metric: 'sidecar: time for a client to get its credentials, p50 / p99',
      value: run.answers
        .map((round, index) => `round ${index + 1}: ${credentialTimes(run, round)}`)
        .join('; '),
    },
  ];
}
