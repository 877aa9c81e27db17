import { describe, expect, it } from 'vitest';
import { callerIsRoleSession, chainedDuration, isChainingRefusal } from './chained-duration';
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

describe('chainedDuration with a caller of unknown kind', () => {
  it('asks for what was requested: STS decides', () => {
    expect(chainedDuration(7200, 0, undefined, true)).toEqual({ durationSeconds: 7200, clamped: false });
  });
});

describe('callerIsRoleSession', () => {
  const keys = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };
  const withFeature = (feature: string) => ({ ...keys, $source: { [feature]: 'x' } });

  it('is true for every hop after the first', () => {
    expect(callerIsRoleSession({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }, 1)).toBe(true);
  });

  it('is false for long-term keys and for GetSessionToken or federation keys', () => {
    expect(callerIsRoleSession({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }, 0)).toBe(false);
    expect(callerIsRoleSession(withFeature('CREDENTIALS_STS_SESSION_TOKEN'), 0)).toBe(false);
    expect(callerIsRoleSession(withFeature('CREDENTIALS_STS_FEDERATION_TOKEN'), 0)).toBe(false);
  });

  it.each(['CREDENTIALS_STS_ASSUME_ROLE', 'CREDENTIALS_SSO', 'CREDENTIALS_HTTP', 'CREDENTIALS_IMDS'])(
    'is true for SDK credentials marked %s',
    (feature) => {
      expect(callerIsRoleSession(withFeature(feature), 0)).toBe(true);
    },
  );

  it('is unknown for a session token with nothing that says what it is', () => {
    expect(callerIsRoleSession(keys, 0)).toBeUndefined();
    expect(callerIsRoleSession(withFeature('CREDENTIALS_PROCESS'), 0)).toBeUndefined();
  });
});

describe('isChainingRefusal', () => {
  it("recognises STS's role-chaining ValidationError and nothing else", () => {
    const refusal = Object.assign(
      new Error(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      ),
      { name: 'ValidationError' },
    );
    expect(isChainingRefusal(refusal)).toBe(true);
    expect(
      isChainingRefusal(Object.assign(new Error('1 validation error'), { name: 'ValidationError' })),
    ).toBe(false);
    expect(isChainingRefusal('role chaining')).toBe(false);
  });
});
