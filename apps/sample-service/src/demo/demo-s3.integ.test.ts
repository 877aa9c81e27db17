import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoOrganisation, DEMO_REPORTS } from './demo-organisation';
import { DEMO_DEFAULTS } from '../service/config';
import { chainHops } from '../service/role-chain';

const region = 'eu-west-1';
const bucket = DEMO_DEFAULTS.bucket;
const org = createDemoOrganisation({ now: () => new Date() });
const server = setupServer(...org.handlers);

async function assume(
  credentials: AwsCredentialIdentity,
  input: ConstructorParameters<typeof AssumeRoleCommand>[0],
): Promise<AwsCredentialIdentity> {
  const { Credentials } = await new STSClient({ region, credentials }).send(new AssumeRoleCommand(input));
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

const s3 = (credentials: AwsCredentialIdentity) => new S3Client({ region, credentials });

async function s3Error(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof S3ServiceException) return error;
  throw new Error(`expected an S3 error, got ${String(error)}`);
}

let deployer: AwsCredentialIdentity;
let narrowed: S3Client;
let unnarrowed: S3Client;

beforeAll(async () => {
  server.listen(failOnUnhandledRequests);
  deployer = await assume(org.user.credentials, {
    RoleArn: org.deployer.arn,
    RoleSessionName: 'sample-service',
  });
  const [, last] = chainHops(
    [org.deployer.arn, org.reportReader.arn],
    { bucket, prefix: '2026/' },
    DEMO_DEFAULTS.externalId,
  );
  narrowed = s3(
    await assume(deployer, {
      RoleArn: last!.roleArn,
      RoleSessionName: last!.roleSessionName,
      ExternalId: last!.externalId,
      SourceIdentity: last!.sourceIdentity,
      Tags: Object.entries(last!.tags!).map(([Key, Value]) => ({ Key, Value })),
      Policy: last!.policy,
    }),
  );
  unnarrowed = s3(
    await assume(deployer, {
      RoleArn: org.reportReader.arn,
      RoleSessionName: 'no-session-policy',
      ExternalId: DEMO_DEFAULTS.externalId,
    }),
  );
});
afterAll(() => {
  server.close();
});

describe('the report-reader session, narrowed to 2026/ by its session policy', () => {
  test('lists the reports under 2026/, page by page', async () => {
    const first = await narrowed.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: '2026/', MaxKeys: 2 }),
    );
    expect(first.Contents?.map((object) => object.Key)).toEqual([
      '2026/q1-revenue.csv',
      '2026/q2-revenue.csv',
    ]);
    expect(first.IsTruncated).toBe(true);
    const second = await narrowed.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: '2026/',
        MaxKeys: 2,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((object) => object.Key)).toEqual(['2026/q3-revenue.csv']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Contents?.[0]?.Size).toBe(Buffer.byteLength(DEMO_REPORTS[3]!.body));
  });

  test('reads a report under 2026/ with its content type, ETag and date', async () => {
    const report = await narrowed.send(new GetObjectCommand({ Bucket: bucket, Key: '2026/q1-revenue.csv' }));
    expect(await report.Body?.transformToString()).toBe(DEMO_REPORTS[1]!.body);
    expect(report.ContentType).toBe('text/csv');
    expect(report.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(report.LastModified).toEqual(DEMO_REPORTS[1]!.lastModified);
  });

  test('is refused a report outside the prefix, with S3 AccessDenied naming the session policy', async () => {
    const error = await s3Error(
      narrowed.send(new GetObjectCommand({ Bucket: bucket, Key: '2025/q4-revenue.csv' })),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    expect(error.message).toBe(
      'User: arn:aws:sts::333333333333:assumed-role/report-reader/sample-service is not authorized to perform: ' +
        `s3:GetObject on resource: "arn:aws:s3:::${bucket}/2025/q4-revenue.csv" because no session policy allows the s3:GetObject action`,
    );
  });

  test('is refused a listing outside the prefix, and a listing of the whole bucket', async () => {
    for (const Prefix of ['2025/', undefined]) {
      const error = await s3Error(narrowed.send(new ListObjectsV2Command({ Bucket: bucket, Prefix })));
      expect(error.name).toBe('AccessDenied');
      expect(error.message).toContain(
        's3:ListBucket on resource: "arn:aws:s3:::acme-prod-reports" because no session policy',
      );
    }
  });

  test('asking for a key that does not exist gets AccessDenied, since it may not list the bucket (as S3 does)', async () => {
    const error = await s3Error(
      narrowed.send(new GetObjectCommand({ Bucket: bucket, Key: '2026/q4-revenue.csv' })),
    );
    expect([error.name, error.message]).toEqual(['AccessDenied', 'Access Denied']);
  });
});

describe('who else may read', () => {
  test('the same role without a session policy reads outside 2026/ and gets NoSuchKey for missing keys', async () => {
    const report = await unnarrowed.send(
      new GetObjectCommand({ Bucket: bucket, Key: '2025/q4-revenue.csv' }),
    );
    expect(await report.Body?.transformToString()).toBe(DEMO_REPORTS[0]!.body);
    const error = await s3Error(unnarrowed.send(new GetObjectCommand({ Bucket: bucket, Key: 'nope.csv' })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });

  test('the deployer session is refused: no identity-based policy of its role allows S3', async () => {
    const error = await s3Error(
      s3(deployer).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: '2026/' })),
    );
    expect(error.message).toBe(
      'User: arn:aws:sts::222222222222:assumed-role/deployer/sample-service is not authorized to perform: ' +
        's3:ListBucket on resource: "arn:aws:s3:::acme-prod-reports" because no identity-based policy allows the s3:ListBucket action',
    );
  });

  test('the base user is refused too', async () => {
    const error = await s3Error(
      s3(org.user.credentials).send(new GetObjectCommand({ Bucket: bucket, Key: '2026/q1-revenue.csv' })),
    );
    expect(error.message).toContain(`User: ${org.user.arn} is not authorized to perform: s3:GetObject`);
  });

  test('a wrong secret fails the signature, an unknown key is not in the records', async () => {
    const wrongSecret = { accessKeyId: org.user.accessKeyId, secretAccessKey: 'not-the-secret' };
    const unknownKey = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' };
    const request = new ListObjectsV2Command({ Bucket: bucket, Prefix: '2026/' });
    expect((await s3Error(s3(wrongSecret).send(request))).name).toBe('SignatureDoesNotMatch');
    expect((await s3Error(s3(unknownKey).send(request))).name).toBe('InvalidAccessKeyId');
  });

  test('a bucket that does not exist is NoSuchBucket', async () => {
    const error = await s3Error(
      unnarrowed.send(new ListObjectsV2Command({ Bucket: 'someone-elses-bucket' })),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
  });
});

test('a session narrowed by a managed session policy may do only what that policy allows', async () => {
  const listOnly = org.sts.createManagedPolicy({
    accountId: 'aws',
    name: 'ListReportsOnly',
    document: {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
    },
  });
  const managed = s3(
    await assume(deployer, {
      RoleArn: org.reportReader.arn,
      RoleSessionName: 'managed-policies',
      ExternalId: DEMO_DEFAULTS.externalId,
      PolicyArns: [{ arn: listOnly.arn }],
    }),
  );
  const listed = await managed.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: '2025/' }));
  expect(listed.Contents?.map((object) => object.Key)).toEqual(['2025/q4-revenue.csv']);
  const error = await s3Error(
    managed.send(new GetObjectCommand({ Bucket: bucket, Key: '2026/q1-revenue.csv' })),
  );
  expect(error.message).toContain('because no session policy allows the s3:GetObject action');
});

test('a caller from another account is refused even when its own policies allow: there is no bucket policy', async () => {
  const outsider = org.sts.createRole({
    accountId: '222222222222',
    roleName: 'outsider',
    trustedPrincipals: [org.user.arn],
    policies: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }],
  });
  const client = s3(
    await assume(org.user.credentials, { RoleArn: outsider.arn, RoleSessionName: 'outside' }),
  );
  const error = await s3Error(
    client.send(new GetObjectCommand({ Bucket: bucket, Key: '2026/q1-revenue.csv' })),
  );
  expect(error.message).toBe(
    'User: arn:aws:sts::222222222222:assumed-role/outsider/outside is not authorized to perform: s3:GetObject ' +
      `on resource: "arn:aws:s3:::${bucket}/2026/q1-revenue.csv" because no resource-based policy allows the s3:GetObject action`,
  );
});
