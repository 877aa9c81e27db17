/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, the ISO and EU sovereign partitions). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** The partition of an ARN, `arn:<partition>:…`. */
export function partitionOfArn(arn: string): string {
  return arn.split(':')[1] ?? '';
}

/** Region names the SDK resolves endpoints for: `us-east-1`, `cn-north-1`, `aws-global`… */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)*-\d+$|^aws-global$/;

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
