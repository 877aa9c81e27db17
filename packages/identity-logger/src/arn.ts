/**
 * The session name of an assumed-role ARN (`arn:aws:sts::333333333333:assumed-role/reader/ci-42` →
 * `ci-42`), or null for any other ARN.
 */
export function sessionNameFromArn(arn: string): string | null {
  const resource = resourceOf(arn);
  if (resource === null || !resource.startsWith('assumed-role/')) return null;
  const slash = resource.lastIndexOf('/');
  return slash > 'assumed-role'.length ? resource.slice(slash + 1) : null;
}

/**
 * The role of an assumed-role ARN (`arn:aws:sts::333333333333:assumed-role/reader/ci-42` →
 * `arn:aws:iam::333333333333:role/reader`), or null for any other ARN. The session ARN does not carry the
 * role's path, so neither does the result.
 */
export function roleArnFromArn(arn: string): string | null {
  const resource = resourceOf(arn);
  if (resource === null || !resource.startsWith('assumed-role/')) return null;
  const slash = resource.lastIndexOf('/');
  if (slash <= 'assumed-role'.length) return null;
  const [, partition, , , account] = arn.split(':', 5);
  return `arn:${partition ?? ''}:iam::${account ?? ''}:role/${resource.slice('assumed-role/'.length, slash)}`;
}

function resourceOf(arn: string): string | null {
  if (!arn.startsWith('arn:')) return null;
  let index = 0;
  for (let colons = 0; colons < 5; colons++) {
    index = arn.indexOf(':', index) + 1;
    if (index === 0) return null;
  }
  return arn.slice(index);
}
