import { createHash, createHmac } from 'node:crypto';
import { messages, StsServiceError } from './errors';

/** The `Credential=` scope of a SigV4 signature. */
export interface SigV4Scope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** What a SigV4-signed request claims: who signed, when, which headers, and the signature itself. */
export interface SigV4Claim {
  readonly scope: SigV4Scope;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `x-amz-date` (or `X-Amz-Date` in a presigned URL): `yyyyMMddTHHmmssZ`. */
  readonly amzDate: string;
  readonly securityToken: string | undefined;
  /** Presigned URL (`X-Amz-Signature` in the query) rather than an `Authorization` header. */
  readonly presigned: boolean;
  /** `X-Amz-Expires` of a presigned URL, in seconds. */
  readonly expiresSeconds: number | undefined;
}

/** Payload hashes a signer may put in `x-amz-content-sha256` instead of the body's SHA-256. */
const payloadMarkers = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

const algorithm = 'AWS4-HMAC-SHA256';
const fifteenMinutes = 15 * 60 * 1000;

function incomplete(message: string): StsServiceError {
  return new StsServiceError('IncompleteSignature', 400, message);
}

function parseScope(credential: string): SigV4Scope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId = '', date = '', region = '', service = ''] = parts;
  if (accessKeyId === '' || !/^\d{8}$/.test(date) || region === '' || service === '') return undefined;
  return { accessKeyId, date, region, service };
}

/**
 * Reads the SigV4 claim from the `Authorization` header or a presigned query. `undefined` means the request is
 * not signed at all; a `StsServiceError` means it is signed but the signature parameters are malformed.
 */
export function parseSigV4(url: URL, headers: Headers): SigV4Claim | StsServiceError | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    if (!authorization.startsWith(`${algorithm} `)) {
      return incomplete(`Unsupported AWS 'algorithm': '${authorization.split(' ')[0] ?? ''}'`);
    }
    const fields = new Map<string, string>();
    for (const part of authorization.slice(algorithm.length + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    for (const required of ['Credential', 'SignedHeaders', 'Signature']) {
      if (!fields.has(required)) {
        return incomplete(
          `Authorization header requires '${required}' parameter. Authorization=${authorization.split(',')[0] ?? ''}`,
        );
      }
    }
    const scope = parseScope(fields.get('Credential') ?? '');
    if (scope === undefined)
      return incomplete('Credential scope is malformed: expected KEY/yyyyMMdd/region/service/aws4_request');
    const amzDate = headers.get('x-amz-date') ?? '';
    if (!/^\d{8}T\d{6}Z$/.test(amzDate)) {
      return incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    return {
      scope,
      signedHeaders: (fields.get('SignedHeaders') ?? '').split(';'),
      signature: fields.get('Signature') ?? '',
      amzDate,
      securityToken: headers.get('x-amz-security-token') ?? undefined,
      presigned: false,
      expiresSeconds: undefined,
    };
  }
  const query = url.searchParams;
  const signature = query.get('X-Amz-Signature');
  if (signature === null) return undefined;
  if (query.get('X-Amz-Algorithm') !== algorithm) return incomplete("Unsupported AWS 'algorithm'");
  const scope = parseScope(query.get('X-Amz-Credential') ?? '');
  const amzDate = query.get('X-Amz-Date') ?? '';
  const expiresText = query.get('X-Amz-Expires');
  if (scope === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate) || expiresText === null) {
    return incomplete(
      'AWS query-string parameters must include X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.',
    );
  }
  const expires = parseExpires(expiresText);
  if (expires instanceof StsServiceError) return expires;
  return {
    scope,
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';'),
    signature,
    amzDate,
    securityToken: query.get('X-Amz-Security-Token') ?? undefined,
    presigned: true,
    expiresSeconds: expires,
  };
}

/** The longest a presigned URL may be valid: 7 days. */
const maxExpiresSeconds = 604800;

/** `X-Amz-Expires`: whole seconds from 1 to 7 days, in decimal digits, or the parameter error SigV4 answers. */
function parseExpires(text: string): number | StsServiceError {
  const error = (message: string) => new StsServiceError('AuthorizationQueryParametersError', 400, message);
  if (!/^-?\d{1,30}$/.test(text)) return error('X-Amz-Expires should be a number');
  const seconds = Number(text);
  if (seconds < 0) return error('X-Amz-Expires must be non-negative');
  if (seconds < 1) return error('X-Amz-Expires must be at least 1 second');
  if (seconds > maxExpiresSeconds) {
    return error(`X-Amz-Expires must be less than a week (in seconds) that is ${maxExpiresSeconds}`);
  }
  return seconds;
}

/** `yyyyMMddTHHmmssZ` → epoch milliseconds. */
export function parseAmzDate(amzDate: string): number {
  return Date.UTC(
    Number(amzDate.slice(0, 4)),
    Number(amzDate.slice(4, 6)) - 1,
    Number(amzDate.slice(6, 8)),
    Number(amzDate.slice(9, 11)),
    Number(amzDate.slice(11, 13)),
    Number(amzDate.slice(13, 15)),
  );
}

/** Epoch milliseconds → `yyyyMMddTHHmmssZ`. */
export function formatAmzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The clock rules: scope date equal to the request date, and the request within 15 minutes of the server
 * clock; a presigned URL not past `X-Amz-Date + X-Amz-Expires`, and neither signed more than 15 minutes
 * ahead of the server clock.
 */
export function checkSigV4Clock(claim: SigV4Claim, now: number): StsServiceError | undefined {
  if (!claim.amzDate.startsWith(claim.scope.date)) {
    return new StsServiceError(
      'SignatureDoesNotMatch',
      403,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scope.date}' != '${claim.amzDate.slice(0, 8)}', from '${claim.amzDate}'.`,
    );
  }
  const signedAt = parseAmzDate(claim.amzDate);
  if (signedAt > now + fifteenMinutes) {
    return new StsServiceError(
      'SignatureDoesNotMatch',
      403,
      `Signature not yet current: ${claim.amzDate} is still later than ${formatAmzDate(now + fifteenMinutes)} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
  if (claim.presigned) {
    const expiresAt = signedAt + (claim.expiresSeconds ?? 0) * 1000;
    if (now > expiresAt) {
      return new StsServiceError(
        'SignatureDoesNotMatch',
        403,
        `Signature expired: ${formatAmzDate(expiresAt)} is now earlier than ${formatAmzDate(now)}`,
      );
    }
    return undefined;
  }
  if (signedAt < now - fifteenMinutes) {
    return new StsServiceError(
      'SignatureDoesNotMatch',
      403,
      `Signature expired: ${claim.amzDate} is now earlier than ${formatAmzDate(now - fifteenMinutes)} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
  return undefined;
}

/** Hex SHA-256 of a body. */
export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The payload hash that goes into the canonical request: the declared `x-amz-content-sha256` marker
 * (UNSIGNED-PAYLOAD, STREAMING-…) as is, otherwise the body's hash, which must equal a declared hex hash.
 */
export function payloadHashFor(
  claim: SigV4Claim,
  headers: Headers,
  body: () => string | Uint8Array,
): string | StsServiceError {
  const declared = headers.get('x-amz-content-sha256');
  if (declared !== null && payloadMarkers.has(declared)) return declared;
  if (declared === null && claim.presigned && claim.scope.service === 's3') return 'UNSIGNED-PAYLOAD';
  const actual = sha256Hex(body());
  if (declared !== null && declared !== actual) {
    return new StsServiceError(
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  return actual;
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A path of unreserved characters only, which encoding leaves as it is. */
const unreservedPath = /^[\w\-.~/]*$/;

function canonicalUri(url: URL, service: string): string {
  if (service === 's3' || unreservedPath.test(url.pathname)) return url.pathname;
  return url.pathname
    .split('/')
    .map((segment) => escapeUri(segment))
    .join('/');
}

function canonicalQuery(url: URL, presigned: boolean): string {
  if (url.search.length <= 1) return '';
  const pairs: string[] = [];
  for (const part of url.search.slice(1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = escapeUri(safeDecode(eq < 0 ? part : part.slice(0, eq)));
    if (presigned && key === 'X-Amz-Signature') continue;
    const value = eq < 0 ? '' : escapeUri(safeDecode(part.slice(eq + 1)));
    pairs.push(`${key}=${value}`);
  }
  return pairs.sort().join('&');
}

function canonicalHeaders(claim: SigV4Claim, url: URL, headers: Headers, bodyLength: () => number): string {
  let out = '';
  for (const name of claim.signedHeaders) {
    let value = headers.get(name);
    if (value === null) {
      if (name === 'host') value = url.host;
      else if (name === 'content-length') value = String(bodyLength());
      else value = '';
    }
    out += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  return out;
}

const signingKeys = new Map<string, Buffer>();
const maxCachedKeys = 512;

/** The derived signing key for a secret and scope, cached: it changes once a day per key, region and service. */
function signingKey(secret: string, scope: SigV4Scope): Buffer {
  const cacheKey = `${scope.date}/${scope.region}/${scope.service}/${secret}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined) return cached;
  const dateKey = createHmac('sha256', `AWS4${secret}`).update(scope.date).digest();
  const regionKey = createHmac('sha256', dateKey).update(scope.region).digest();
  const serviceKey = createHmac('sha256', regionKey).update(scope.service).digest();
  const key = createHmac('sha256', serviceKey).update('aws4_request').digest();
  if (signingKeys.size >= maxCachedKeys) signingKeys.clear();
  signingKeys.set(cacheKey, key);
  return key;
}

/** The request as the server sees it, for recomputing the signature. */
export interface SignedRequestParts {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly payloadHash: string;
  readonly bodyLength: () => number;
}

/** Recomputes the SigV4 signature with the secret the server holds for the claimed key. */
export function computeSignature(claim: SigV4Claim, request: SignedRequestParts, secret: string): string {
  const { scope } = claim;
  const canonicalRequest = [
    request.method,
    canonicalUri(request.url, scope.service),
    canonicalQuery(request.url, claim.presigned),
    canonicalHeaders(claim, request.url, request.headers, request.bodyLength),
    claim.signedHeaders.join(';'),
    request.payloadHash,
  ].join('\n');
  const stringToSign = [
    algorithm,
    claim.amzDate,
    `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
    sha256Hex(canonicalRequest),
  ].join('\n');
  return createHmac('sha256', signingKey(secret, scope)).update(stringToSign).digest('hex');
}

/** The error for a signature that does not verify. */
export function signatureMismatch(): StsServiceError {
  return new StsServiceError('SignatureDoesNotMatch', 403, messages.signatureMismatch);
}
