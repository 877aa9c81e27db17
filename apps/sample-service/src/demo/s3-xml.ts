/** The S3 REST XML documents the demo bucket answers with, shaped as S3 sends them. */

const namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const element = (name: string, value: string | number | boolean) =>
  `<${name}>${escapeXml(String(value))}</${name}>`;

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface ListResult {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  /** `url` when the request asked for `encoding-type=url`: keys and prefixes are then URL-encoded. */
  encodingType?: 'url';
  objects: readonly ListedObject[];
  commonPrefixes: readonly string[];
}

/** `ListObjectsV2` response body (`<ListBucketResult>`). */
export function listBucketResultXml(result: ListResult): string {
  const encode = (text: string) =>
    result.encodingType === 'url' ? encodeURIComponent(text).replace(/%2F/g, '/') : text;
  const parts = [
    element('Name', result.bucket),
    element('Prefix', encode(result.prefix)),
    ...(result.delimiter === undefined ? [] : [element('Delimiter', encode(result.delimiter))]),
    ...(result.startAfter === undefined ? [] : [element('StartAfter', encode(result.startAfter))]),
    ...(result.continuationToken === undefined
      ? []
      : [element('ContinuationToken', result.continuationToken)]),
    ...(result.nextContinuationToken === undefined
      ? []
      : [element('NextContinuationToken', result.nextContinuationToken)]),
    element('KeyCount', result.objects.length + result.commonPrefixes.length),
    element('MaxKeys', result.maxKeys),
    ...(result.encodingType === undefined ? [] : [element('EncodingType', result.encodingType)]),
    element('IsTruncated', result.nextContinuationToken !== undefined),
    ...result.objects.map(
      (object) =>
        `<Contents>${element('Key', encode(object.key))}${element('LastModified', object.lastModified.toISOString())}` +
        `${element('ETag', object.etag)}${element('Size', object.size)}${element('StorageClass', 'STANDARD')}</Contents>`,
    ),
    ...result.commonPrefixes.map(
      (prefix) => `<CommonPrefixes>${element('Prefix', encode(prefix))}</CommonPrefixes>`,
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${namespace}">${parts.join('')}</ListBucketResult>`;
}

export interface S3ErrorFields {
  code: string;
  message: string;
  requestId: string;
  hostId: string;
  /** Extra elements S3 adds for some errors, e.g. `Key` for NoSuchKey, `BucketName` for NoSuchBucket. */
  extra?: Readonly<Record<string, string>>;
}

/** An S3 error body (`<Error>`, no namespace, as S3 sends it). */
export function s3ErrorXml(error: S3ErrorFields): string {
  const extra = Object.entries(error.extra ?? {}).map(([name, value]) => element(name, value));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${element('Code', error.code)}${element('Message', error.message)}` +
    `${extra.join('')}${element('RequestId', error.requestId)}${element('HostId', error.hostId)}</Error>`
  );
}
