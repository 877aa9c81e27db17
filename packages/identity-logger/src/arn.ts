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

function resourceOf(arn: string): string | null {
  if (!arn.startsWith('arn:')) return null;
  let index = 0;
  for (let colons = 0; colons < 5; colons++) {
    index = arn.indexOf(':', index) + 1;
    if (index === 0) return null;
  }
  return arn.slice(index);
}
