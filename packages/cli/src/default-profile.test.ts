import { describe, expect, test } from 'vitest';
import { defaultProfileCredentialSetting } from './default-profile';

describe('defaultProfileCredentialSetting', () => {
  test.each([
    [{ aws_access_key_id: 'AKIA', aws_secret_access_key: 's' }, 'aws_access_key_id'],
    [{ role_arn: 'arn:aws:iam::111111111111:role/r', source_profile: 'base' }, 'role_arn'],
    [{ sso_session: 'corp', sso_account_id: '111111111111' }, 'sso_session'],
    [{ credential_process: 'vault-creds' }, 'credential_process'],
    [{ web_identity_token_file: '/t', role_arn: 'arn:aws:iam::111111111111:role/r' }, 'role_arn'],
    [{ login_session: 'arn:aws:iam::111111111111:user/me' }, 'login_session'],
  ])('a default profile with %j names %s', (settings, key) => {
    expect(defaultProfileCredentialSetting({ default: settings })).toBe(key);
  });

  test('plain settings in default, no default profile, or keys in other profiles: nothing', () => {
    expect(defaultProfileCredentialSetting({ default: { region: 'eu-west-1', output: 'json' } })).toBe(
      undefined,
    );
    expect(defaultProfileCredentialSetting({})).toBe(undefined);
    expect(
      defaultProfileCredentialSetting({ ops: { aws_access_key_id: 'AKIA', aws_secret_access_key: 's' } }),
    ).toBe(undefined);
  });
});
