import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoleChainConfigError, RoleChainError } from './errors';
import { DEFAULT_STARTUP_BUDGET_MS, withinStartupBudget } from './startup-budget';

function throttled(): RoleChainError {
  return new RoleChainError({
    hop: 2,
    hops: 3,
    roleArn: 'arn:aws:iam::333333333333:role/b',
    code: 'Throttling',
    requestId: undefined,
    retryable: true,
    detail: 'Rate exceeded',
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** An attempt that fails `failures` times with `error`, then answers 'ok'; counts its calls. */
function flaky(failures: number, error: () => Error = throttled) {
  let calls = 0;
  const attempt = () => {
    calls += 1;
    return calls <= failures ? Promise.reject(error()) : Promise.resolve('ok');
  };
  return { attempt, calls: () => calls };
}

/** Settles `promise` while moving fake time in 1 ms steps; returns the outcome and when it came. */
async function settle(promise: Promise<unknown>, limitMs: number) {
  let outcome: { value?: unknown; error?: unknown; at?: number } = {};
  void promise.then(
    (value) => (outcome = { value, at: Date.now() }),
    (error: unknown) => (outcome = { error, at: Date.now() }),
  );
  for (let step = 0; step <= limitMs && outcome.at === undefined; step += 1) {
    await vi.advanceTimersByTimeAsync(1);
  }
  return outcome;
}

describe('withinStartupBudget', () => {
  it('defaults to a minute', () => {
    expect(DEFAULT_STARTUP_BUDGET_MS).toBe(60_000);
  });

  it('keeps a throttled caller waiting and asks again when the backoff ends, until it succeeds', async () => {
    const { attempt, calls } = flaky(3);
    let retryAt = 0;
    const outcome = await settle(
      withinStartupBudget(
        () => {
          retryAt = Date.now() + 100; // each failure backs off 100 ms
          return attempt();
        },
        { budgetMs: 1000, now: Date.now, retryAt: () => retryAt },
      ),
      2000,
    );
    expect(outcome).toEqual({ value: 'ok', at: 300 });
    expect(calls()).toBe(4);
  });

  it('never fails a throttled caller before its budget is spent, and fails it then with the typed error', async () => {
    const { attempt, calls } = flaky(Infinity);
    const outcome = await settle(
      withinStartupBudget(attempt, { budgetMs: 1000, now: Date.now, retryAt: () => Date.now() + 300 }),
      5000,
    );
    expect(outcome.at).toBe(1000);
    expect(outcome.error).toBeInstanceOf(RoleChainError);
    expect(outcome.error).toMatchObject({ hop: 2, code: 'Throttling', retryable: true });
    expect(calls()).toBe(4); // at 0, 300, 600 and 900: the next backoff would end past the budget
  });

  it('fails at once on a permanent error or anything that is not a RoleChainError', async () => {
    const denied = new RoleChainError({
      hop: 1,
      hops: 3,
      roleArn: 'arn:aws:iam::222222222222:role/a',
      code: 'AccessDenied',
      requestId: undefined,
      retryable: false,
      detail: 'not authorized',
    });
    for (const error of [denied, new RoleChainConfigError('roles', 'bad'), new Error('boom')]) {
      const { attempt, calls } = flaky(Infinity, () => error);
      const start = Date.now();
      const outcome = await settle(
        withinStartupBudget(attempt, { budgetMs: 1000, now: Date.now, retryAt: () => 0 }),
        10,
      );
      expect(outcome).toEqual({ error, at: start });
      expect(calls()).toBe(1);
    }
  });

  it('ends on the time it slept when the clock it is given does not move', async () => {
    const { attempt, calls } = flaky(Infinity);
    const outcome = await settle(
      withinStartupBudget(attempt, { budgetMs: 50, now: () => 42, retryAt: () => 52 }),
      500,
    );
    expect(outcome.at).toBe(50);
    expect(outcome.error).toBeInstanceOf(RoleChainError);
    expect(calls()).toBe(5);
  });

  it('sleeps at least a millisecond when the backoff is already over', async () => {
    const { attempt, calls } = flaky(Infinity);
    const outcome = await settle(
      withinStartupBudget(attempt, { budgetMs: 5, now: Date.now, retryAt: () => 0 }),
      100,
    );
    expect(outcome.at).toBe(5);
    expect(calls()).toBe(5);
  });
});
