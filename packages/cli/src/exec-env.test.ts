import { devNull } from 'node:os';
import { describe, expect, test } from 'vitest';
import { commandEnv, serverCommandEnv } from './exec-env';

const credentials = {
  Version: 1 as const,
  AccessKeyId: 'ASIAEXAMPLE',
  SecretAccessKey: 'secret',
  SessionToken: 'token',
  Expiration: '2026-03-01T11:00:00.000Z',
};

const server = { url: 'http://127.0.0.1:4567/credentials', token: 'bearer-token' };

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

describe('commandEnv with long-term keys (a profile without a role)', () => {
  test('no AWS_SESSION_TOKEN and no AWS_CREDENTIAL_EXPIRATION, not even inherited ones', () => {
    const keys = { Version: 1 as const, AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: 'secret' };
    expect(
      commandEnv(
        { PATH: '/bin', AWS_SESSION_TOKEN: 'stale', AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z' },
        keys,
        undefined,
      ),
    ).toEqual({ PATH: '/bin', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  });
});

describe('serverCommandEnv', () => {
  test('the server as container credentials, the region, and nothing an SDK would pick first', () => {
    expect(
      serverCommandEnv(
        {
          PATH: '/bin',
          AWS_PROFILE: 'prod',
          AWS_DEFAULT_PROFILE: 'prod',
          AWS_ACCESS_KEY_ID: 'AKIABASE',
          AWS_SECRET_ACCESS_KEY: 'base-secret',
          AWS_SESSION_TOKEN: 'base-token',
          AWS_CREDENTIAL_EXPIRATION: '2026-03-01T10:00:00.000Z',
          AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
          AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/ci',
          AWS_ROLE_SESSION_NAME: 'ci',
          AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc',
          AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
          AWS_CONTAINER_AUTHORIZATION_TOKEN: 'pod-token',
          AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/pod-token',
          AWS_SHARED_CREDENTIALS_FILE: '/home/me/.aws/credentials',
          AWS_CONFIG_FILE: '/home/me/.aws/config',
          AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9000',
          AWS_REGION: 'us-east-1',
          UNSET: undefined,
        },
        server,
        'eu-west-1',
      ),
    ).toEqual({
      PATH: '/bin',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:4567/credentials',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'bearer-token',
      AWS_SHARED_CREDENTIALS_FILE: devNull,
      AWS_CONFIG_FILE: '/home/me/.aws/config',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9000',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  test('without a known region, the inherited one stays as it is', () => {
    expect(serverCommandEnv({ AWS_REGION: 'us-east-1' }, server, undefined)['AWS_REGION']).toBe('us-east-1');
    expect(serverCommandEnv({}, server, undefined)).not.toHaveProperty('AWS_REGION');
  });
});
