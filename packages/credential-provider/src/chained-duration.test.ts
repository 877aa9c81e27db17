import { describe, expect, it } from 'vitest';
import { chainedDuration } from './chained-duration';
import { RoleChainConfigError } from './errors';

describe('chainedDuration', () => {
  it('keeps what long-term keys ask for', () => {
    expect(chainedDuration(43200, 0, false, true)).toEqual({ durationSeconds: 43200, clamped: false });
  });

  it('keeps durations within the chaining limit and the default', () => {
    expect(chainedDuration(3600, 1, true, true)).toEqual({ durationSeconds: 3600, clamped: false });
    expect(chainedDuration(undefined, 2, true, true)).toEqual({ durationSeconds: undefined, clamped: false });
  });

  it('clamps a session caller to 3600 s and says so', () => {
    expect(chainedDuration(7200, 1, true, false)).toEqual({ durationSeconds: 3600, clamped: true });
  });

  it('refuses instead with strictDuration, naming hop and field', () => {
    expect(() => chainedDuration(7200, 0, true, true)).toThrow(RoleChainConfigError);
    expect(() => chainedDuration(7200, 0, true, true)).toThrow(
      /^hop 1: roles\[0\]\.durationSeconds: 7200 exceeds the 3600 s limit/,
    );
  });
});
