import { describe, expect, it } from 'vitest';
import { RoleChainError } from './errors';
import type { CacheState } from './refresh-cache';
import { hopStatus } from './status';

const roleArn = 'arn:aws:iam::222222222222:role/reader';
const empty: CacheState = {
  cached: undefined,
  refreshing: false,
  failures: 0,
  lastError: undefined,
  retryAt: 0,
};
// Refresh points with the fractions of a millisecond jitter leaves.
const cached = { receivedAt: 1000, advisoryAt: 46_000.4, mandatoryAt: 59_000.7, expiresAt: 60_000 };

describe('hopStatus', () => {
  it('an empty cache is empty, with nothing else to tell', () => {
    expect(hopStatus(1, roleArn, empty, 5000)).toEqual({
      hop: 1,
      roleArn,
      state: 'empty',
      refreshing: false,
      failures: 0,
    });
  });

  it.each([
    [46_000, 'fresh'],
    [46_000.4, 'advisory'],
    [59_000.7, 'mandatory'],
    [60_000, 'expired'],
  ])('at %d the state is %s', (now, state) => {
    expect(hopStatus(2, roleArn, { ...empty, cached }, now).state).toBe(state);
  });

  it('rounds times up, so each window has begun at the Date it shows', () => {
    expect(hopStatus(1, roleArn, { ...empty, cached }, 0)).toMatchObject({
      receivedAt: new Date(1000),
      refreshFrom: new Date(46_001),
      waitFrom: new Date(59_001),
      expiration: new Date(60_000),
    });
  });

  it('reports the last failure and the backoff only while it lasts', () => {
    const error = new RoleChainError({
      hop: 2,
      hops: 2,
      roleArn,
      code: 'Throttling',
      requestId: undefined,
      retryable: true,
      detail: 'Rate exceeded',
      cause: undefined,
    });
    const failing: CacheState = {
      ...empty,
      cached,
      failures: 2,
      lastError: { error, at: 47_000 },
      retryAt: 49_000.2,
    };
    expect(hopStatus(2, roleArn, failing, 48_000)).toMatchObject({
      failures: 2,
      lastError: error,
      lastErrorAt: new Date(47_000),
      retryAt: new Date(49_001),
    });
    expect(hopStatus(2, roleArn, failing, 49_000.2)).not.toHaveProperty('retryAt');
  });

  it('shows a failure that is not an Error as the generic one callers got, never its contents', () => {
    const status = hopStatus(
      1,
      roleArn,
      { ...empty, failures: 1, lastError: { error: 'AKIA… secret', at: 1 }, retryAt: 0 },
      2,
    );
    expect(status.lastError).toEqual(new Error('refresh failed'));
  });
});
