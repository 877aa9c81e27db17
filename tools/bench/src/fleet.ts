// Figure 8's simulation: a fleet of N processes deploying over a window W against one account's STS quota,
// then running for hours, on a simulated clock. Every simulated process has its own credential provider, its
// own SDK clients and its own retry state; they share only the mock STS (its token bucket) and the event loop.
// Time: a SimClock (./sim-clock) drives Date, setTimeout and setInterval (the SDK's retry delays, rolechain's
// startup-budget sleeps, the mock's clock); setImmediate stays real so msw's in-process HTTP can run, and the
// simulation drains it after every distinct due time of a timer and after every clock step: 100 ms steps
// while processes wait for their first credentials, 1 s steps afterwards. Math.random is seeded for the
// run, so a case replays exactly.
import { setImmediate as realImmediate } from 'node:timers/promises';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import type { StsRole, StsUser } from '@rolechain/sts-mock';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { setupServer } from 'msw/node';
import { SimClock } from './sim-clock';

export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;

/** The chain every process assumes: a user and three roles, all in one account, so one bucket counts them. */
export interface FleetWorld {
  readonly user: StsUser;
  readonly roles: readonly StsRole[];
}

export interface FleetOptions {
  /** Number of processes. */
  readonly processes: number;
  /** Process i starts at W·i/N. */
  readonly windowMs: number;
  /** The account's STS quota: tokens per second, and the bucket's size. */
  readonly ratePerSecond: number;
  readonly burst: number;
  /** How long the fleet runs. */
  readonly durationMs: number;
  /**
   * Every process asks for credentials at its start, then this often from its own phase (drawn uniformly over
   * one period): processes serve their own traffic, so their asks are not in step to the millisecond.
   */
  readonly callEveryMs: number;
  /** A caller that fails sooner than this after it asked counts as failed before the budget. */
  readonly budgetMs: number;
  /** Builds one process's provider: a new one per process, with its own clients. */
  readonly provider: (world: FleetWorld, now: () => number) => AwsCredentialIdentityProvider;
}

export interface FleetResult {
  /** Per served process: seconds from its start to its first credentials. */
  readonly servedSeconds: readonly number[];
  /** Processes that never got credentials. */
  readonly unserved: number;
  /** Caller calls that failed, and those of them that had waited less than the budget. */
  readonly failedCalls: number;
  readonly failedBeforeBudget: number;
  /** AssumeRole calls STS answered (any answer), and calls of any action answered `Throttling`. */
  readonly assumeRoleCalls: number;
  readonly throttledCalls: number;
  /** STS calls (any action, any answer) in each simulated second. */
  readonly callsPerSecond: readonly number[];
  /** Wall time of the simulation, for the cost of a size. */
  readonly wallSeconds: number;
  /** Heap used after the run (MB), for the cost of a size. */
  readonly heapMb: number;
}

const start = Date.parse('2026-11-28T00:00:00.000Z');
const fineStep = 100;

/**
 * A seeded generator (mulberry32) standing in for `Math.random` during a run, so the SDK's retry jitter, the
 * provider's backoff and refresh draws, and so every run of a case, are the same on every machine.
 */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Runs one fleet and measures what its callers and STS saw. */
export async function simulateFleet(options: FleetOptions): Promise<FleetResult> {
  const wallStart = performance.now();
  const random = Math.random;
  Math.random = seeded(options.processes * 7919 + options.windowMs);
  const clock = new SimClock(start);
  clock.install();
  const now = (): number => clock.now;
  const sts = createStsMock({
    now: () => new Date(clock.now),
    throttle: { ratePerSecond: options.ratePerSecond, burst: options.burst },
  });
  const accountId = '111111111111';
  const user = sts.createUser({ accountId, userName: 'fleet' });
  const roles: StsRole[] = [];
  let trusted = user.arn;
  for (const index of [1, 2, 3]) {
    const role = sts.createRole({ accountId, roleName: `hop-${index}`, trustedPrincipals: [trusted] });
    roles.push(role);
    trusted = role.arn;
  }
  const world: FleetWorld = { user, roles };
  const server = setupServer(...sts.handlers);
  server.listen(failOnUnhandledRequests);
  let inFlight = 0;
  server.events.on('request:start', () => {
    inFlight++;
  });
  server.events.on('request:end', () => {
    inFlight--;
  });
  const drain = async (): Promise<void> => {
    for (let quiet = 0; quiet < 3;) {
      await realImmediate();
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  };

  const count = options.processes;
  const startAt = Array.from({ length: count }, (_, index) =>
    count === 1 ? 0 : Math.round((options.windowMs * index) / count / fineStep) * fineStep,
  );
  const providers: (AwsCredentialIdentityProvider | undefined)[] = new Array<undefined>(count);
  const servedAt: (number | undefined)[] = new Array<undefined>(count);
  let served = 0;
  const counts = { failedCalls: 0, failedBeforeBudget: 0 };
  /** Caller calls due, by simulated time (ms since start, on the 100 ms grid). */
  const due = new Map<number, number[]>();
  const schedule = (at: number, index: number): void => {
    const list = due.get(at);
    if (list === undefined) due.set(at, [index]);
    else list.push(index);
  };
  startAt.forEach((at, index) => {
    schedule(at, index);
  });
  // The second ask of each process comes after its phase, then every period. Drawn from the seeded generator,
  // so a case replays exactly. (In step — every process asking in the same millisecond for hours — a refresh
  // that starts at an ask, as rolechain's and the SDK's do, can only start at the fleet's common ask.)
  const phase = Array.from(
    { length: count },
    () => fineStep * (1 + Math.floor((Math.random() * options.callEveryMs) / fineStep)),
  );

  const call = (index: number): void => {
    const provider = (providers[index] ??= options.provider(world, now));
    const askedAt = clock.now;
    provider().then(
      () => {
        if (servedAt[index] === undefined) {
          servedAt[index] = clock.now - start;
          served++;
        }
      },
      () => {
        counts.failedCalls++;
        if (clock.now - askedAt < options.budgetMs) counts.failedBeforeBudget++;
      },
    );
  };

  try {
    for (let elapsed = 0; elapsed < options.durationMs;) {
      // Fine steps while the deploy runs and processes still wait for their first credentials (at most 10 min
      // past the window, so a fleet that never gets served does not run three hours in 100 ms steps).
      const deploying = served < count && elapsed < options.windowMs + 10 * minute;
      const step = deploying || elapsed <= options.windowMs ? fineStep : second;
      for (let at = elapsed - step + fineStep; at <= elapsed; at += fineStep) {
        const list = due.get(at);
        if (list === undefined) continue;
        due.delete(at);
        for (const index of list) {
          call(index);
          // A process's first ask is the one at its start; its phase is at least one step, so no later
          // ask lands there.
          schedule(at + (at === startAt[index] ? (phase[index] ?? fineStep) : options.callEveryMs), index);
        }
      }
      await drain();
      await clock.advanceTo(start + elapsed + step, drain);
      elapsed += step;
      await drain();
    }
  } finally {
    server.close();
    clock.uninstall();
    Math.random = random;
  }

  const callsPerSecond = new Array<number>(Math.ceil(options.durationMs / second)).fill(0);
  let assumeRoleCalls = 0;
  let throttledCalls = 0;
  for (const answered of sts.calls) {
    const index = Math.floor((answered.at.getTime() - start) / second);
    if (index >= 0 && index < callsPerSecond.length) callsPerSecond[index] = (callsPerSecond[index] ?? 0) + 1;
    if (answered.action === 'AssumeRole') assumeRoleCalls++;
    if (answered.errorCode === 'Throttling') throttledCalls++;
  }
  const servedSeconds: number[] = [];
  servedAt.forEach((at, index) => {
    if (at !== undefined) servedSeconds.push((at - (startAt[index] ?? 0)) / second);
  });
  return {
    servedSeconds,
    unserved: count - served,
    ...counts,
    assumeRoleCalls,
    throttledCalls,
    callsPerSecond,
    wallSeconds: (performance.now() - wallStart) / 1000,
    heapMb: process.memoryUsage().heapUsed / 1e6,
  };
}
