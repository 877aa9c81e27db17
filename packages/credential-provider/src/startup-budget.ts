import { RoleChainError } from './errors';

/**
 * The startup budget: how long a caller that has no valid credentials to fall back on (the first call, or
 * one after expiry or `invalidate()`) keeps waiting through transient STS failures — throttling first of all —
 * before it gets the error. While the budget lasts, the caller sleeps until the failing hop's backoff ends
 * and asks again; every caller waiting at the same time shares the hops' single STS call. A caller never fails
 * from a transient error before its budget is spent; permanent errors fail at once.
 */

/** Default startup budget: a fleet of 10,000 processes queues through a 600/s STS quota within it. */
export const DEFAULT_STARTUP_BUDGET_MS = 60_000;

/** What {@link withinStartupBudget} needs from its chain. */
export interface StartupBudget {
  budgetMs: number;
  now: () => number;
  /** When the chain's next STS attempt may start (the latest backoff of its hops), on `now`'s clock. */
  retryAt: () => number;
}

function sleep(ms: number): Promise<void> {
  // A referenced timer: a caller is waiting, so the process must stay up until it is answered.
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the budget is spent. Time spent is read from `now`, and
 * is at least the time slept, so a clock that does not move (an injected one under real timers) still ends.
 */
export async function withinStartupBudget<T>(attempt: () => Promise<T>, budget: StartupBudget): Promise<T> {
  const started = budget.now();
  let slept = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RoleChainError) || !error.retryable) throw error;
      const now = budget.now();
      const left = budget.budgetMs - Math.max(now - started, slept);
      if (left <= 0) throw error;
      // Whole milliseconds, as timers count them (so `slept` never runs ahead of the clock); at least one, so
      // a backoff drawn as zero cannot spin; never past the budget.
      const wait = Math.ceil(Math.min(Math.max(budget.retryAt() - now, 1), left));
      await sleep(wait);
      slept += wait;
      if (wait >= left) throw error;
    }
  }
}
