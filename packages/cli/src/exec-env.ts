import { devNull } from 'node:os';
import type { ProcessCredentials } from './process-credentials';

type Env = Readonly<Record<string, string | undefined>>;

/** Profile variables: SDKs skip environment and container credentials for a named profile. */
const profileVariables = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

/**
 * Every variable the AWS SDK for JavaScript v3's default chain (and the AWS CLI's) reads before container
 * credentials, or that overrides the server's URL and token: environment keys, a named profile, web
 * identity, and the relative container URI and token file, which take precedence over the full URI and token.
 */
const otherCredentialVariables = new Set([
  ...profileVariables,
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]);

/** What `exec` without `--server` removes: the profile variables and the credential variables it sets. */
const commandRemoved: ReadonlySet<string> = new Set([
  ...profileVariables,
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
]);

/** Our environment without the `removed` variables, with the chain's region when it is known. */
function inheritedEnv(
  env: Env,
  removed: ReadonlySet<string>,
  region: string | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !removed.has(name)) result[name] = value;
  }
  if (region !== undefined) {
    result['AWS_REGION'] = region;
    result['AWS_DEFAULT_REGION'] = region;
  }
  return result;
}

/**
 * The command's environment: ours, with the chain's credentials and region, and without the profile
 * variables (SDKs skip environment credentials when AWS_PROFILE is set). Long-term keys (a profile without a
 * role) get no AWS_SESSION_TOKEN and no AWS_CREDENTIAL_EXPIRATION, and none is inherited.
 */
export function commandEnv(
  env: Env,
  credentials: ProcessCredentials,
  region: string | undefined,
): Record<string, string> {
  return {
    // An inherited session token or expiry must not pair with long-term keys, which have neither.
    ...inheritedEnv(env, commandRemoved, region),
    AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
    ...(credentials.SessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.SessionToken }),
    ...(credentials.Expiration === undefined ? {} : { AWS_CREDENTIAL_EXPIRATION: credentials.Expiration }),
  };
}

/**
 * The command's environment with `exec --server`: ours, with the chain's region and the credentials server as
 * container credentials (its URL and bearer token), without any variable that would make an SDK pick other
 * credentials first. The shared credentials file is hidden (the null device), so a `[default]` profile's keys
 * there cannot win over the server either; the config file stays for the command's other settings.
 */
export function serverCommandEnv(
  env: Env,
  server: { url: string; token: string },
  region: string | undefined,
): Record<string, string> {
  return {
    ...inheritedEnv(env, otherCredentialVariables, region),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
    AWS_SHARED_CREDENTIALS_FILE: devNull,
  };
}
