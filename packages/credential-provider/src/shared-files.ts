import type { ProfileData, Profiles } from './profile-chain';

/**
 * Which shared files to read; each defaults as the SDK's does (`AWS_CONFIG_FILE`, `~/.aws/config`…).
 *
 * @internal
 */
export interface SharedFilePaths {
  configFilepath?: string | undefined;
  filepath?: string | undefined;
}

/**
 * Every profile of the shared config and credentials files, read afresh, a credentials-file profile's
 * settings over the config file's. Profiles and their settings are null-prototype objects.
 *
 * @internal For `@rolechain/cli`'s `lint`, which checks every profile the provider would read.
 */
export async function loadProfiles(paths: SharedFilePaths): Promise<Profiles> {
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    ...(paths.configFilepath === undefined ? {} : { configFilepath: paths.configFilepath }),
    ...(paths.filepath === undefined ? {} : { filepath: paths.filepath }),
    ignoreCache: true,
  });
  const profiles: Record<string, ProfileData> = Object.create(null) as Record<string, ProfileData>;
  for (const file of [configFile, credentialsFile]) {
    for (const [name, settings] of Object.entries(file)) {
      const merged = (profiles[name] ??= Object.create(null) as ProfileData) as Record<string, string>;
      Object.assign(merged, settings);
    }
  }
  return profiles;
}
