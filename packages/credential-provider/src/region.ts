/** `AWS_REGION`, else the region of the active profile in the shared config files, else `undefined`. */
export async function regionFromEnvironment(profile: string | undefined): Promise<string | undefined> {
  const fromEnv = process.env['AWS_REGION'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const name = profile ?? process.env['AWS_PROFILE'] ?? 'default';
  try {
    const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
    const { configFile } = await loadSharedConfigFiles();
    const region = configFile[name]?.['region'];
    return region === '' ? undefined : region;
  } catch {
    return undefined;
  }
}
