/**
 * The DNS suffixes of STS in every AWS partition, as the SDK's endpoint rules build them: standard, China,
 * European Sovereign Cloud and the ISO partitions, each with its dual-stack form. The mock keeps its own table
 * (it must not share the checks of the code it tests); `endpoints.test.ts` checks it against the hosts the
 * installed `@aws-sdk/client-sts` resolves for a region of every partition.
 */
const stsDnsSuffixes = [
  'amazonaws.com',
  'api.aws',
  'amazonaws.com.cn',
  'api.amazonwebservices.com.cn',
  'amazonaws.eu',
  'api.amazonwebservices.eu',
  'c2s.ic.gov',
  'api.aws.ic.gov',
  'sc2s.sgov.gov',
  'api.aws.scloud',
  'cloud.adc-e.uk',
  'api.cloud-aws.adc-e.uk',
  'csp.hci.ic.gov',
  'api.aws.hci.ic.gov',
];

/** `sts` or `sts-fips`, an optional region label (`eu-west-1`, `eusc-de-east-1`, `aws-cn-global`), a suffix. */
const stsHost = `sts(?:-fips)?(?:\\.(?<region>[a-z]{2,}(?:-[a-z]+)+-\\d+|aws(?:-[a-z]+)*-global))?\\.(?:${stsDnsSuffixes
  .map((suffix) => suffix.replaceAll('.', '\\.'))
  .join('|')})`;

/**
 * Every STS endpoint form the SDK and the CLI use, in every partition: regional (`sts.{region}.amazonaws.com`),
 * global (`sts.amazonaws.com`), FIPS (`sts-fips.…`), dual-stack (`sts.{region}.api.aws`), China, GovCloud,
 * European Sovereign Cloud (`….amazonaws.eu`) and the ISO partitions.
 */
export const awsStsEndpoint = new RegExp(`^https?:\\/\\/${stsHost}(?::\\d+)?\\/[^?#]*(?:[?#].*)?$`);

const stsHostname = new RegExp(`^${stsHost}$`);

/** The signing region an STS host implies: its region, or us-east-1 for the global endpoint. */
export function regionOfStsHost(hostname: string): string | undefined {
  const match = stsHostname.exec(hostname);
  if (match === null) return undefined;
  return match.groups?.['region'] ?? 'us-east-1';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for a custom endpoint URL (its origin and path prefix), as msw's `http.post` accepts it. */
export function customEndpointPattern(endpoint: string): RegExp {
  const url = new URL(endpoint);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return new RegExp(`^${escapeRegExp(url.origin)}${escapeRegExp(path)}?(?:[?#].*)?$`);
}
