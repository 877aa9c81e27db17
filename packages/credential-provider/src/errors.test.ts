import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RoleChainConfigError, RoleChainError } from './errors';

const roleB = 'arn:aws:iam::333333333333:role/b';

describe('RoleChainError', () => {
  it('names the hop, the chain length, the role and the code', () => {
    const error = new RoleChainError({
      hop: 2,
      hops: 3,
      roleArn: roleB,
      code: 'AccessDenied',
      requestId: 'req-1',
      retryable: false,
      detail: 'User: arn:aws:sts::222222222222:assumed-role/a/s is not authorized',
    });
    expect(error.message).toBe(
      `hop 2 of 3 (${roleB}): AccessDenied: User: arn:aws:sts::222222222222:assumed-role/a/s is not authorized`,
    );
    expect(error).toMatchObject({ hop: 2, hops: 3, roleArn: roleB, requestId: 'req-1', retryable: false });
    expect(error).toBeInstanceOf(Error);
  });

  it('explains the role-chaining duration limit', () => {
    const error = new RoleChainError({
      hop: 2,
      hops: 2,
      roleArn: roleB,
      code: 'ValidationError',
      requestId: undefined,
      retryable: false,
      detail:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    expect(error.message).toMatch(/hint: .*at most 3600 s/);
  });

  it('explains the MaxSessionDuration limit', () => {
    const error = new RoleChainError({
      hop: 1,
      hops: 1,
      roleArn: roleB,
      code: 'ValidationError',
      requestId: undefined,
      retryable: false,
      detail: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    expect(error.message).toMatch(/hint: .*MaxSessionDuration/);
  });

  it('reports source failures as hop 0', () => {
    const error = new RoleChainError({
      hop: 0,
      hops: 3,
      roleArn: undefined,
      code: 'CredentialsProviderError',
      requestId: undefined,
      retryable: false,
      detail: 'Could not load credentials from any providers',
    });
    expect(error.message).toBe(
      'source credentials (before hop 1 of 3): CredentialsProviderError: Could not load credentials from any providers',
    );
  });

  it('shows neither the cause internals in inspect nor in JSON', () => {
    const cause = Object.assign(new Error('boom'), {
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
      nested: { t: 'tok' },
    });
    const error = new RoleChainError({
      hop: 1,
      hops: 1,
      roleArn: roleB,
      code: 'InternalFailure',
      requestId: 'r',
      retryable: true,
      detail: 'boom',
      cause,
    });
    expect(error.cause).toBe(cause);
    const shown = inspect(error, { depth: 10, showHidden: true });
    expect(shown).toContain('InternalFailure');
    expect(shown).toContain('[cause]: Error');
    expect(shown).not.toContain('wJalrXUtnFEMI');
    expect(shown).not.toContain('tok');
    expect(JSON.stringify(error)).not.toContain('wJalrXUtnFEMI');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: 'InternalFailure',
      hop: 1,
      retryable: true,
    });
  });
});

describe('RoleChainConfigError', () => {
  it('names hop and field', () => {
    const error = new RoleChainConfigError('roles[1].durationSeconds', 'must be from 900 to 43200, got 5', 2);
    expect(error.message).toBe('hop 2: roles[1].durationSeconds: must be from 900 to 43200, got 5');
    expect(error).toMatchObject({
      hop: 2,
      field: 'roles[1].durationSeconds',
      problem: 'must be from 900 to 43200, got 5',
      name: 'RoleChainConfigError',
    });
    expect(error).toBeInstanceOf(TypeError);
  });

  it('leaves the hop out for provider-wide fields', () => {
    expect(new RoleChainConfigError('region', 'is required').message).toBe('region: is required');
  });
});
