import { describe, expect, it } from 'vitest';
import { nearMissOf } from './setting-typo';

const read = ['role_arn', 'source_profile', 'role_session_name', 'region', 'mfa_serial', 'external_id'];

describe('nearMissOf', () => {
  it.each([
    ['role_sesion_name', 'role_session_name'],
    ['source_profle', 'source_profile'],
    ['sourec_profile', 'source_profile'],
    ['role_ran', 'role_arn'],
    ['regoin', 'region'],
    ['Region', 'region'],
    ['external-id', 'external_id'],
  ])('%s is a near miss of %s', (key, setting) => {
    expect(nearMissOf(key, read)).toBe(setting);
  });

  it.each([
    'x_principal_arn',
    'x_security_token_expires',
    'api_versions',
    'endpoint_discovery_enabled',
    'mfa_process',
    'source_identity',
    'granted_sso_region',
    'role_arn',
    'reg',
    'a'.repeat(10_000),
  ])('%s is no near miss', (key) => {
    expect(nearMissOf(key, read)).toBeUndefined();
  });
});
