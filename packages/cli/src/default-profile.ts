import type { Profiles } from '@rolechain/credential-provider';

/**
 * The settings with which the AWS SDK's `fromIni` makes a profile a credential source (static keys, a role or
 * web identity, a process, SSO, console login); the AWS CLI uses the same ones.
 */
const credentialSettings = [
  'aws_access_key_id',
  'role_arn',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
  'login_session',
];

/**
 * The first setting that makes the config file's `default` profile a credential source, or undefined. With
 * no profile named, AWS SDKs and the AWS CLI resolve `default` before container credentials, so a command
 * given `exec --server` would use it instead of the server.
 */
export function defaultProfileCredentialSetting(configProfiles: Profiles): string | undefined {
  const profile = Object.hasOwn(configProfiles, 'default') ? configProfiles['default'] : undefined;
  return credentialSettings.find((key) => profile?.[key] !== undefined);
}
