/**
 * A stand-in for S3 in the demo's production account, as msw handlers: `ListObjectsV2` and `GetObject` on
 * a few report objects. Every request is authenticated and authorised by the STS mock (`sts.authorize`):
 * the principal's identity-based policies (declared with `createRole`) AND the session policy the caller
 * passed to AssumeRole must both allow it, and an explicit deny in either wins. The buckets have no bucket
 * policy, so callers from other accounts are refused too. Refusals are S3's own `AccessDenied` XML with the
 * message IAM gives today (S3 quotes the resource).
 */
import { createHash, randomBytes } from 'node:crypto';
import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { StsMock } from '@rolechain/sts-mock';
import { listBucketResultXml, s3ErrorXml } from './s3-xml';
import type { ListedObject } from './s3-xml';

/** One object in a demo bucket. */
export interface DemoObject {
  key: string;
  body: string;
  contentType: string;
  lastModified: Date;
}

export interface DemoBucket {
  name: string;
  /** Account that owns the bucket: callers from other accounts are refused (there is no bucket policy). */
  accountId: string;
  objects: readonly DemoObject[];
}

export interface DemoS3Options {
  sts: StsMock;
  buckets: readonly DemoBucket[];
  /** `aws`, `aws-cn` or `aws-us-gov`, for the resource ARNs. */
  partition?: string;
}

/** Any S3 endpoint: virtual-hosted (`bucket.s3.region.amazonaws.com`) or path-style (`s3.region.amazonaws.com/bucket`). */
const s3Endpoint = /^https?:\/\/(?:[a-z0-9.-]+\.)?s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?(?::\d+)?\//;
const hostPattern = /^(?:(?<bucket>[a-z0-9.-]+)\.)?s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

interface Target {
  bucket: string;
  key: string;
}

function targetOf(url: URL): Target | undefined {
  const bucketInHost = hostPattern.exec(url.hostname)?.groups?.['bucket'];
  const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
  if (bucketInHost !== undefined) return { bucket: bucketInHost, key: segments.join('/') };
  const [bucket, ...rest] = segments;
  return bucket === undefined || bucket === '' ? undefined : { bucket, key: rest.join('/') };
}

const etagOf = (body: string) => `"${createHash('md5').update(body).digest('hex')}"`;

/** The S3 error each STS authentication failure becomes, worded as S3 words it. */
function authenticationError(
  code: string,
  message: string,
): { code: string; status: number; message: string } {
  if (code === 'InvalidClientTokenId') {
    return {
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  }
  if (code === 'SignatureDoesNotMatch' && message.startsWith('Signature expired')) {
    return {
      code: 'RequestTimeTooSkewed',
      status: 403,
      message: 'The difference between the request time and the current time is too large.',
    };
  }
  if (code === 'SignatureDoesNotMatch') {
    return {
      code,
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
  }
  if (code === 'ExpiredToken') return { code, status: 400, message: 'The provided token has expired.' };
  return { code: 'AccessDenied', status: 403, message: 'Access Denied' };
}

type Fail = (status: number, code: string, message: string, extra?: Record<string, string>) => Response;

/**
 * `undefined` when `sts.authorize` allows the request and the caller is in the bucket's account (there is no
 * bucket policy); otherwise S3's AccessDenied answer, or its answer to a request that did not authenticate.
 */
async function authorise(
  request: Request,
  sts: StsMock,
  bucket: DemoBucket | undefined,
  action: string,
  resource: string,
  context: Record<string, string>,
  fail: Fail,
): Promise<Response | undefined> {
  const decision = await sts.authorize(request, { action, resource, context });
  if (decision.identity === undefined) {
    const error = authenticationError(decision.error.code, decision.error.message);
    return fail(error.status, error.code, error.message);
  }
  const arn = decision.identity.arn;
  const message = decision.allowed
    ? bucket === undefined || decision.identity.accountId === bucket.accountId
      ? undefined
      : `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`
    : decision.message;
  if (message === undefined) return undefined;
  return fail(
    403,
    'AccessDenied',
    message.replace(`on resource: ${resource} `, `on resource: "${resource}" `),
  );
}

/** Creates the msw handlers of the demo S3. */
export function createDemoS3Handlers(options: DemoS3Options): HttpHandler[] {
  const partition = options.partition ?? 'aws';
  const buckets = new Map(options.buckets.map((bucket) => [bucket.name, bucket]));

  async function handle(request: Request): Promise<Response> {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const hostId = randomBytes(32).toString('base64');
    const headers = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId,
      date: options.sts.now().toUTCString(),
    };
    const fail = (status: number, code: string, message: string, extra?: Record<string, string>) =>
      new Response(
        s3ErrorXml({ code, message, requestId, hostId, ...(extra === undefined ? {} : { extra }) }),
        {
          status,
          headers: { ...headers, 'content-type': 'application/xml' },
        },
      );

    const url = new URL(request.url);
    const target = targetOf(url);
    if (target === undefined)
      return fail(501, 'NotImplemented', 'The demo S3 serves bucket operations only.');

    const authentication = await options.sts.authenticate(request);
    if (!authentication.ok) {
      const error = authenticationError(authentication.error.code, authentication.error.message);
      return fail(error.status, error.code, error.message);
    }

    const isList = request.method === 'GET' && target.key === '' && url.searchParams.get('list-type') === '2';
    const isGet = request.method === 'GET' && target.key !== '';
    if ((!isList && !isGet) || request.headers.has('range')) {
      return fail(
        501,
        'NotImplemented',
        'A header or query you provided requested a function that is not implemented.',
      );
    }
    const bucket = buckets.get(target.bucket);
    if (bucket === undefined) {
      return fail(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: target.bucket });
    }
    const bucketArn = `arn:${partition}:s3:::${bucket.name}`;

    if (isList) {
      const prefix = url.searchParams.get('prefix') ?? '';
      const refusal = await authorise(
        request,
        options.sts,
        bucket,
        's3:ListBucket',
        bucketArn,
        { 's3:prefix': prefix },
        fail,
      );
      return refusal ?? listObjects(bucket, url.searchParams, headers, fail);
    }

    const objectArn = `${bucketArn}/${target.key}`;
    const refusal = await authorise(request, options.sts, bucket, 's3:GetObject', objectArn, {}, fail);
    if (refusal !== undefined) return refusal;
    const object = bucket.objects.find((candidate) => candidate.key === target.key);
    if (object === undefined) {
      // S3 says a key is missing only to callers allowed to list the bucket; others get AccessDenied.
      const cannotList = await authorise(request, options.sts, bucket, 's3:ListBucket', bucketArn, {}, fail);
      return cannotList === undefined
        ? fail(404, 'NoSuchKey', 'The specified key does not exist.', { Key: target.key })
        : fail(403, 'AccessDenied', 'Access Denied');
    }
    return new Response(object.body, {
      status: 200,
      headers: {
        ...headers,
        'content-type': object.contentType,
        'content-length': String(Buffer.byteLength(object.body)),
        etag: etagOf(object.body),
        'last-modified': object.lastModified.toUTCString(),
        'accept-ranges': 'bytes',
      },
    });
  }

  return [http.all(s3Endpoint, ({ request }) => handle(request))];
}

const supportedListParams = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'x-id',
]);

function listObjects(
  bucket: DemoBucket,
  params: URLSearchParams,
  headers: Record<string, string>,
  fail: Fail,
): Response {
  const unsupported = [...params.keys()].find((name) => !supportedListParams.has(name));
  if (unsupported !== undefined) {
    return fail(501, 'NotImplemented', `The demo S3 does not implement the ${unsupported} parameter.`);
  }
  const prefix = params.get('prefix') ?? '';
  const delimiter = params.get('delimiter') ?? undefined;
  const maxKeysText = params.get('max-keys') ?? '1000';
  if (!/^\d+$/.test(maxKeysText)) {
    return fail(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  }
  const maxKeys = Math.min(Number(maxKeysText), 1000);
  const token = params.get('continuation-token') ?? undefined;
  const startAfter = params.get('start-after') ?? undefined;
  const encodingType = params.get('encoding-type') ?? undefined;
  if (encodingType !== undefined && encodingType !== 'url') {
    return fail(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request');
  }
  const after = token === undefined ? startAfter : Buffer.from(token, 'base64url').toString();

  const objects: ListedObject[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let truncated = false;
  const keys = bucket.objects
    .filter((object) => object.key.startsWith(prefix) && (after === undefined || object.key > after))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const object of keys) {
    const rest = object.key.slice(prefix.length);
    const cut = delimiter === undefined ? -1 : rest.indexOf(delimiter);
    const commonPrefix =
      cut === -1 || delimiter === undefined ? undefined : prefix + rest.slice(0, cut + delimiter.length);
    if (commonPrefix !== undefined && commonPrefixes.includes(commonPrefix)) continue;
    if (objects.length + commonPrefixes.length === maxKeys) {
      truncated = true;
      break;
    }
    if (commonPrefix === undefined) {
      objects.push({
        key: object.key,
        size: Buffer.byteLength(object.body),
        etag: etagOf(object.body),
        lastModified: object.lastModified,
      });
    } else {
      commonPrefixes.push(commonPrefix);
    }
    // A continuation after a common prefix must skip every key under it.
    last = commonPrefix === undefined ? object.key : `${commonPrefix}\u{10FFFF}`;
  }
  const xml = listBucketResultXml({
    bucket: bucket.name,
    prefix,
    maxKeys,
    objects,
    commonPrefixes,
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(startAfter === undefined ? {} : { startAfter }),
    ...(token === undefined ? {} : { continuationToken: token }),
    ...(truncated && last !== undefined
      ? { nextContinuationToken: Buffer.from(last).toString('base64url') }
      : {}),
    ...(encodingType === 'url' ? { encodingType } : {}),
  });
  return new Response(xml, { status: 200, headers: { ...headers, 'content-type': 'application/xml' } });
}
