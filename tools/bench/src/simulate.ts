// Simulated time for figures 4 and 5: a fake clock (@sinonjs/fake-timers, what vitest's fake timers are
// built on) drives Date, setTimeout and setInterval, so the SDK's `Date.now()` expiry checks, its retry
// delays, rolechain's refresh timers and the mock's clock all move together while hours pass in seconds.
// setImmediate stays real: msw's in-process HTTP needs real event-loop turns, which the simulation drains
// after every clock step.
import { setImmediate as realImmediate } from 'node:timers/promises';
import FakeTimers from '@sinonjs/fake-timers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createWorld, serve } from './world';
import type { World } from './world';

export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;

export interface SimulationOptions {
  readonly durationMs: number;
  /** Simulated time between rounds of callers. */
  readonly everyMs: number;
  /** Concurrent callers per round. */
  readonly callers: number;
  /** Builds the provider under test once the clock and the world exist. */
  readonly provider: (world: World, now: () => number) => AwsCredentialIdentityProvider;
  /** Called at every STS request the mock is about to answer (to arm faults). */
  readonly onStsRequest?: (world: World, now: number) => void;
  /** Called after every clock step (to end faults). */
  readonly onSecond?: (world: World, now: number) => void;
  /** How far the clock moves between drains of real I/O; 1 s by default. */
  readonly resolutionMs?: number;
}

export interface SimulationResult {
  /** Caller calls made after the first fetch. */
  readonly calls: number;
  /** Of those, calls that waited for an STS round trip. */
  readonly blocked: number;
  /** Calls that failed. */
  readonly failed: number;
  /** Calls that failed while the credentials last handed out were still valid. */
  readonly failedWhileValid: number;
  /** AssumeRole calls the mock answered (including the first fetch). */
  readonly assumeRoleCalls: number;
  /** Of those, the ones answered with an error. */
  readonly failedAssumeRoleCalls: number;
}

const start = Date.parse('2026-11-28T00:00:00.000Z');

/** Runs callers against a provider for a simulated duration and counts what they saw. */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const clock = FakeTimers.install({
    now: start,
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    shouldClearNativeTimers: true,
  });
  const now = (): number => clock.now;
  const world = createWorld({ now });
  const server = serve(world);
  let inFlight = 0;
  server.events.on('request:start', () => {
    inFlight++;
    options.onStsRequest?.(world, clock.now);
  });
  server.events.on('request:end', () => {
    inFlight--;
  });
  const drain = async (): Promise<void> => {
    for (let quiet = 0; quiet < 5;) {
      await realImmediate();
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  };

  const resolution = options.resolutionMs ?? second;
  const provider = options.provider(world, now);
  let lastGood: AwsCredentialIdentity | undefined;
  let firstFetchDone = false;
  const counts = { calls: 0, blocked: 0, failed: 0, failedWhileValid: 0 };
  const call = async (): Promise<void> => {
    const counted = firstFetchDone;
    const before = world.assumeRoleCalls();
    try {
      lastGood = await provider();
      if (counted) {
        counts.calls++;
        if (world.assumeRoleCalls() > before) counts.blocked++;
      }
      firstFetchDone = true;
    } catch {
      counts.calls++;
      counts.failed++;
      if (lastGood?.expiration !== undefined && lastGood.expiration.getTime() > clock.now)
        counts.failedWhileValid++;
    }
  };

  const pending = new Set<Promise<void>>();
  try {
    for (let elapsed = 0; elapsed < options.durationMs; elapsed += options.everyMs) {
      for (let i = 0; i < options.callers; i++) {
        const promise = call().finally(() => pending.delete(promise));
        pending.add(promise);
      }
      await drain();
      for (let tick = 0; tick < options.everyMs; tick += resolution) {
        await clock.tickAsync(resolution);
        await drain();
        options.onSecond?.(world, clock.now);
      }
    }
    // Let callers still waiting on a retry finish, in simulated time.
    for (let tick = 0; pending.size > 0 && tick < 10 * minute; tick += second) {
      await clock.tickAsync(second);
      await drain();
    }
  } finally {
    server.close();
    clock.uninstall();
  }
  return {
    ...counts,
    assumeRoleCalls: world.assumeRoleCalls(),
    failedAssumeRoleCalls: world.failedAssumeRoleCalls(),
  };
}
