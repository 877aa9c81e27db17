import { expect, test } from 'vitest';
import { escapeXml, listBucketResultXml, s3ErrorXml } from './s3-xml';

const object = {
  key: '2026/q1 & q2.csv',
  size: 42,
  etag: '"abc"',
  lastModified: new Date('2026-04-01T08:00:00Z'),
};

test('escapeXml escapes the five XML specials', () => {
  expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});

test('a ListBucketResult carries the S3 namespace, the counts and one Contents per object', () => {
  const xml = listBucketResultXml({
    bucket: 'reports',
    prefix: '2026/',
    maxKeys: 1000,
    objects: [object],
    commonPrefixes: [],
  });
  expect(xml).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/,
  );
  expect(xml).toContain(
    '<Contents><Key>2026/q1 &#38; q2.csv</Key><LastModified>2026-04-01T08:00:00.000Z</LastModified>' +
      '<ETag>&#34;abc&#34;</ETag><Size>42</Size><StorageClass>STANDARD</StorageClass></Contents>',
  );
  expect(xml).toContain('<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>');
});

test('a truncated page says so and names the token to continue from', () => {
  const xml = listBucketResultXml({
    bucket: 'reports',
    prefix: '',
    maxKeys: 1,
    continuationToken: 'tok-1',
    nextContinuationToken: 'tok-2',
    objects: [object],
    commonPrefixes: ['2026/'],
  });
  expect(xml).toContain(
    '<ContinuationToken>tok-1</ContinuationToken><NextContinuationToken>tok-2</NextContinuationToken>',
  );
  expect(xml).toContain('<KeyCount>2</KeyCount>');
  expect(xml).toContain('<IsTruncated>true</IsTruncated>');
  expect(xml).toContain('<CommonPrefixes><Prefix>2026/</Prefix></CommonPrefixes>');
});

test('encoding-type=url encodes keys and prefixes but keeps the slashes', () => {
  const xml = listBucketResultXml({
    bucket: 'reports',
    prefix: '2026/',
    maxKeys: 1000,
    encodingType: 'url',
    objects: [object],
    commonPrefixes: [],
  });
  expect(xml).toContain('<Key>2026/q1%20%26%20q2.csv</Key>');
  expect(xml).toContain('<EncodingType>url</EncodingType>');
});

test('an S3 error document has Code, Message, the extra fields, RequestId and HostId, in that order', () => {
  expect(
    s3ErrorXml({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      requestId: 'R1',
      hostId: 'H1',
      extra: { Key: 'a<b' },
    }),
  ).toBe(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
      '<Key>a&#60;b</Key><RequestId>R1</RequestId><HostId>H1</HostId></Error>',
  );
});
