/** The shared config and credentials files, as `fromRoleChainProfile` takes them. */
export interface SharedFilePaths {
  configFilepath?: string;
  filepath?: string;
}

/** The files `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` name, when set and not empty. */
export function sharedFilePaths(env: Readonly<Record<string, string | undefined>>): SharedFilePaths {
  const configFilepath = env['AWS_CONFIG_FILE'];
  const filepath = env['AWS_SHARED_CREDENTIALS_FILE'];
  return {
    ...(configFilepath === undefined || configFilepath === '' ? {} : { configFilepath }),
    ...(filepath === undefined || filepath === '' ? {} : { filepath }),
  };
}
