/**
 * Every STS endpoint form the SDK and the CLI use: regional (`sts.{region}.amazonaws.com`), global
 * (`sts.amazonaws.com`), FIPS (`sts-fips.…`), dual-stack (`sts.{region}.api.aws`), China (`….amazonaws.com.cn`)
 * and GovCloud (regional form with a `us-gov-` region).
 */
export const awsStsEndpoint =
  /^https?:\/\/sts(?:-fips)?(?:\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d+))?\.(?:amazonaws\.com(?:\.cn)?|api\.aws)(?::\d+)?\/[^?#]*(?:[?#].*)?$/;

/** The signing region an STS host implies: its region, or us-east-1 for the global endpoint. */
export function regionOfStsHost(hostname: string): string | undefined {
  const match = /^sts(?:-fips)?(?:\.([a-z]{2}(?:-[a-z]+)+-\d+))?\.(?:amazonaws\.com(?:\.cn)?|api\.aws)$/.exec(
    hostname,
  );
  if (match === null) return undefined;
  return match[1] ?? 'us-east-1';
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
