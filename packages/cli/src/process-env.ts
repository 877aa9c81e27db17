/**
 * The variable with which `emitWarningIfUnsupportedVersion` of `@aws-sdk/core` skips its multi-line
 * `NodeVersionSupportWarning` (on Node versions the SDK will drop); it reads it each time a client is made.
 */
export const sdkNodeVersionWarningVariable = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Prepares the CLI process's own environment, where the AWS SDK clients it makes read it, and returns the
 * environment as the user gave it, for the CLI to read and to hand on to the command `exec` runs:
 * - the SDK's Node version warning is turned off, that warning only: the AWS CLI pastes a
 *   `credential_process`'s stderr into its own error, and the CLI's errors are one line;
 * - `AWS_DEFAULT_REGION` is the region when `AWS_REGION` is not set, as the AWS CLI reads them.
 */
export function prepareProcessEnv(env: NodeJS.ProcessEnv): Readonly<Record<string, string | undefined>> {
  const given = { ...env };
  env[sdkNodeVersionWarningVariable] = 'true';
  const defaultRegion = env['AWS_DEFAULT_REGION'];
  if ((env['AWS_REGION'] ?? '') === '' && defaultRegion !== undefined && defaultRegion !== '') {
    env['AWS_REGION'] = defaultRegion;
  }
  return given;
}
