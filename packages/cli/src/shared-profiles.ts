import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { Profiles } from './lint-rules';

/** The shared config and credentials files as the loader and `fromRoleChainProfile` take them. */
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

/**
 * Every profile of both files, read afresh, a credentials-file profile's settings over the config file's
 * (as `fromRoleChainProfile` merges them). A missing file has no profiles.
 */
export async function loadProfiles(paths: SharedFilePaths): Promise<Profiles> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...paths, ignoreCache: true });
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  return Object.fromEntries(
    [...names].map((name) => [name, { ...configFile[name], ...credentialsFile[name] }]),
  );
}
