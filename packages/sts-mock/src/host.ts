import { StsServiceError } from './errors';

/** Characters a Host header never holds: whitespace and what would end the authority of a URL. */
const notInHost = /[\s/?#@\\]/;

/**
 * The `host[:port]` a Host header names, as a URL spells it (lower case, default port left out), or
 * `undefined` when the header is not a host with an optional port (`a b`, `[::1`, `x:99999`).
 */
export function parseHost(header: string): string | undefined {
  if (header === '' || header.length > 255 || notInHost.test(header)) return undefined;
  try {
    return new URL(`http://${header}`).host;
  } catch {
    return undefined;
  }
}

/** The error for a malformed Host header, as a 400 like the one AWS's front end sends. */
export function malformedHost(header: string): StsServiceError {
  return new StsServiceError(
    'InvalidParameterValue',
    400,
    `The Host header '${header.slice(0, 255)}' is not a host name or address with an optional port.`,
  );
}
