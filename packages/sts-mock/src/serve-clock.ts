import { StsMockInputError, shown } from './errors';

/**
 * The clock of a served mock: real time plus an offset that the fixture's `clock.start` and the control
 * API move, so time keeps running between requests (MFA codes change, sessions expire) the way it does
 * for a client on its own clock.
 */
export interface ServeClock {
  readonly now: () => Date;
  /** Moves the clock by `ms` (negative moves it back). */
  readonly advance: (ms: number) => void;
  /** Sets the clock to `instant`; it runs on from there. */
  readonly set: (instant: Date) => void;
}

/** Ten years: the most the clock moves in one step, far beyond any STS duration. */
export const maxClockStepSeconds = 10 * 365 * 24 * 3600;

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A clock running from real time, or from `start` when given. */
export function createServeClock(start: Date | undefined, realNow: () => number = Date.now): ServeClock {
  let offset = start === undefined ? 0 : start.getTime() - realNow();
  return {
    now: () => new Date(realNow() + offset),
    advance: (ms) => {
      offset += ms;
    },
    set: (instant) => {
      offset = instant.getTime() - realNow();
    },
  };
}

/** An ISO 8601 instant with its offset (`2026-03-01T10:00:00Z`), else an input error naming `field`. */
export function parseInstant(value: unknown, field: string): Date {
  const instant = typeof value === 'string' && isoInstant.test(value) ? new Date(value) : undefined;
  if (instant === undefined || Number.isNaN(instant.getTime()) || instant.getUTCFullYear() < 1970) {
    throw new StsMockInputError(
      field,
      `${shown(value)} is not an ISO 8601 instant from 1970 on with its offset, like '2026-03-01T10:00:00Z'`,
    );
  }
  return instant;
}

/** A number of seconds to move the clock by, at most ten years either way. */
export function parseClockStep(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > maxClockStepSeconds) {
    throw new StsMockInputError(
      field,
      `${shown(value)} is not a number of seconds from -${maxClockStepSeconds} to ${maxClockStepSeconds}`,
    );
  }
  return value;
}
