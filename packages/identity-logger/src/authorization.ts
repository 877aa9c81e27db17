const CREDENTIAL = 'Credential=';

/** The access key id and region of a SigV4 / SigV4a `Authorization` header's credential scope. */
export interface SigningScope {
  readonly accessKeyId: string;
  /** The signing region; `*` for SigV4a; null when the scope has none. */
  readonly region: string | null;
}

/**
 * Index where the access key id starts in an `Authorization` header (`AWS4-HMAC-SHA256 Credential=AKID/…`),
 * or -1 when the header carries no AWS credential (absent, bearer token…). Allocation free: the hot path
 * compares the key in place with `startsWith(key, index)`.
 */
export function credentialIndex(authorization: unknown): number {
  if (typeof authorization !== 'string') return -1;
  const at = authorization.indexOf(CREDENTIAL);
  return at < 0 ? -1 : at + CREDENTIAL.length;
}

/** The key id and region named by a signed `Authorization` header, or undefined when it names none. */
export function signingScope(authorization: unknown): SigningScope | undefined {
  const start = credentialIndex(authorization);
  if (start < 0) return undefined;
  const header = authorization as string;
  const keyEnd = header.indexOf('/', start);
  if (keyEnd <= start) return undefined;
  const accessKeyId = header.slice(start, keyEnd);
  // Scope after the key: yyyymmdd/region/service/aws4_request (SigV4a: yyyymmdd/service/aws4_request).
  const dateEnd = header.indexOf('/', keyEnd + 1);
  const regionEnd = dateEnd < 0 ? -1 : header.indexOf('/', dateEnd + 1);
  const serviceEnd = regionEnd < 0 ? -1 : header.indexOf('/', regionEnd + 1);
  const scopeEnd = header.indexOf(',', keyEnd);
  const hasRegion = serviceEnd >= 0 && (scopeEnd < 0 || serviceEnd < scopeEnd);
  return { accessKeyId, region: hasRegion ? header.slice(dateEnd + 1, regionEnd) : null };
}
