import { constants } from 'node:os';
import { describe, expect, test } from 'vitest';
import { commandEnv, exitCodeOf } from './exec';

const credentials = {
  Version: 1 as const,
  AccessKeyId: 'ASIAEXAMPLE',
  SecretAccessKey: 'secret',
  SessionToken: 'token',
  Expiration: '2026-03-01T11:00:00.000Z',
};

describe('commandEnv', () => {
  test('sets the credentials and region, keeps the rest, drops the profile variables', () => {
    expect(
      commandEnv(
        {
          PATH: '/bin',
          AWS_PROFILE: 'prod',
          AWS_DEFAULT_PROFILE: 'prod',
          AWS_ACCESS_KEY_ID: 'AKIABASE',
          AWS_REGION: 'us-east-1',
          UNSET: undefined,
        },
        credentials,
        'eu-west-1',
      ),
    ).toEqual({
      PATH: '/bin',
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2026-03-01T11:00:00.000Z',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  test('without a known region, the inherited one stays as it is', () => {
    expect(commandEnv({ AWS_REGION: 'us-east-1' }, credentials, undefined)['AWS_REGION']).toBe('us-east-1');
    expect(commandEnv({}, credentials, undefined)).not.toHaveProperty('AWS_REGION');
  });
});

describe('exitCodeOf', () => {
  test('the exit code, or 128 + the signal number', () => {
    expect(exitCodeOf(0, null)).toBe(0);
    expect(exitCodeOf(7, null)).toBe(7);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(128 + constants.signals.SIGTERM);
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137);
  });
});
