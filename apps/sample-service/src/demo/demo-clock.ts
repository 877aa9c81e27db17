/**
 * The demo's one clock. The STS mock (`createStsMock({ now })`), the credential provider
 * (`fromRoleChain({ now })`) and the SDK clients' signing clock all read it, so moving it an hour ahead makes
 * the whole demo world an hour older at once: sessions expire, the chain refreshes, signatures stay valid.
 */
export interface DemoClock {
  /** Milliseconds since the epoch, as the demo sees them. */
  now: () => number;
  /** The same instant as a Date, for APIs that want one. */
  date: () => Date;
  /** How far the demo clock is ahead of the real one, in milliseconds. */
  offsetMs: () => number;
  /** Moves the demo clock ahead and tells every listener the new offset. */
  advance: (ms: number) => void;
  /** Called with the new offset after each `advance`; returns a function that removes the listener. */
  onAdvance: (listener: (offsetMs: number) => void) => () => void;
}

/** A clock that follows real time plus an offset that only `advance` changes. */
export function createDemoClock(realNow: () => number = Date.now): DemoClock {
  let offset = 0;
  const listeners = new Set<(offsetMs: number) => void>();
  return {
    now: () => realNow() + offset,
    date: () => new Date(realNow() + offset),
    offsetMs: () => offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance: ${ms} is not a non-negative number of milliseconds`);
      offset += ms;
      for (const listener of listeners) listener(offset);
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
