import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import type { AuthenticateResult } from '@rolechain/sts-mock';

const sts = createStsMock();
const seen: AuthenticateResult[] = [];
const bucketUrl = /^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//;
const server = setupServer(
  ...sts.handlers,
  http.put(bucketUrl, async ({ request }) => {
    const result = await sts.authenticate(request);
    seen.push(result);
    if (!result.ok) {
      return HttpResponse.xml(
        `<Error><Code>${result.error.code}</Code><Message>${result.error.message}</Message></Error>`,
        {
          status: result.error.status,
        },
      );
    }
    return new HttpResponse(null, { status: 200, headers: { etag: '"d41d8cd98f00b204e9800998ecf8427e"' } });
  }),
  http.get(bucketUrl, async ({ request }) => {
    const result = await sts.authenticate(request);
    seen.push(result);
    return result.ok
      ? new HttpResponse('quarterly numbers', { headers: { 'content-type': 'text/plain' } })
      : new HttpResponse(null, { status: result.error.status });
  }),
);
beforeAll(() => {
  server.listen(failOnUnhandledRequests);
});
afterAll(() => {
  server.close();
});
afterEach(() => {
  seen.length = 0;
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const writer = sts.createRole({
  accountId: '222222222222',
  roleName: 'report-writer',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
      },
    ],
  },
});

async function assumedS3(): Promise<{ s3: S3Client; sessionArn: string; accessKeyId: string }> {
  const out = await new STSClient({ region: 'eu-west-1', credentials: alice.credentials }).send(
    new AssumeRoleCommand({ RoleArn: writer.arn, RoleSessionName: 'nightly', SourceIdentity: 'alice' }),
  );
  const credentials = out.Credentials!;
  const s3 = new S3Client({
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    },
  });
  return { s3, sessionArn: out.AssumedRoleUser!.Arn!, accessKeyId: credentials.AccessKeyId! };
}

describe('authenticate() on requests to other services', () => {
  test('an S3 PutObject signed with assumed credentials resolves to the role session', async () => {
    const { s3, sessionArn, accessKeyId } = await assumedS3();
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'q1.csv', Body: 'a,b\n1,2\n' }));
    expect(seen).toHaveLength(1);
    expect(seen).toMatchObject([
      {
        ok: true,
        identity: {
          arn: sessionArn,
          type: 'assumed-role',
          accountId: '222222222222',
          roleArn: writer.arn,
          sessionName: 'nightly',
          sourceIdentity: 'alice',
          userId: `${writer.roleId}:nightly`,
          accessKeyId,
        },
      },
    ]);
  });

  test('a streaming upload (aws-chunked, STREAMING-… payload marker) verifies too', async () => {
    const { s3, sessionArn } = await assumedS3();
    await s3.send(
      new PutObjectCommand({
        Bucket: 'reports',
        Key: 'big.csv',
        Body: Readable.from([Buffer.from('a,b\n'), Buffer.from('3,4\n')]),
        ContentLength: 8,
      }),
    );
    expect(seen[0]).toMatchObject({ ok: true, identity: { arn: sessionArn } });
  });

  test('a GetObject (empty body) resolves to the same session', async () => {
    const { s3, sessionArn } = await assumedS3();
    const out = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'q1.csv' }));
    expect(await out.Body!.transformToString()).toBe('quarterly numbers');
    expect(seen[0]).toMatchObject({ ok: true, identity: { arn: sessionArn } });
  });

  test('the identity carries what the session was created with: caller, tags, session policies', async () => {
    sts.createManagedPolicy({
      accountId: 'aws',
      name: 'AmazonS3ReadOnlyAccess',
      document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:Get*', Resource: '*' } },
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/*' }],
    });
    const out = await new STSClient({ region: 'eu-west-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({
        RoleArn: writer.arn,
        RoleSessionName: 'tagged',
        Tags: [
          { Key: 'Team', Value: 'finance' },
          { Key: 'Ticket', Value: 'FIN-7' },
        ],
        TransitiveTagKeys: ['Team'],
        Policy: policy,
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }],
      }),
    );
    const credentials = out.Credentials!;
    const s3 = new S3Client({
      region: 'eu-west-1',
      credentials: {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      },
    });
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'k', Body: 'x' }));
    expect(seen[0]).toMatchObject({
      ok: true,
      identity: {
        issuedTo: alice.arn,
        tags: { Team: 'finance', Ticket: 'FIN-7' },
        transitiveTagKeys: ['Team'],
        sessionPolicy: policy,
        policyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
        expiration: credentials.Expiration,
      },
    });
  });

  test('keys with spaces, unicode and reserved characters verify (S3 signs the path encoded once)', async () => {
    const { s3, sessionArn } = await assumedS3();
    for (const Key of ['reports/q1 final.csv', 'ümlaut/naïve €.txt', "a+b=c&d;e,f@g:h'(i)*~!.txt"]) {
      seen.length = 0;
      await s3.send(new PutObjectCommand({ Bucket: 'reports', Key, Body: 'x' }));
      expect(seen[0]).toMatchObject({ ok: true, identity: { arn: sessionArn } });
    }
  });

  test('a user key resolves to the user', async () => {
    const s3 = new S3Client({ region: 'eu-west-1', credentials: alice.credentials, maxAttempts: 1 });
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'k', Body: 'x' }));
    expect(seen[0]).toMatchObject({
      ok: true,
      identity: { arn: alice.arn, type: 'user', userId: alice.userId },
    });
  });

  test('a wrong secret is refused with SignatureDoesNotMatch, which the S3 handler passes on', async () => {
    const s3 = new S3Client({
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: { accessKeyId: alice.accessKeyId, secretAccessKey: 'wrong'.repeat(8) },
    });
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'k', Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    expect(seen[0]).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch', status: 403 } });
  });

  test('a request whose body was changed after signing is refused', async () => {
    const { s3 } = await assumedS3();
    s3.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: unknown };
        request.body = 'tampered';
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamperAfterSigning' },
    );
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'k', Body: 'original' })),
    ).rejects.toThrow();
    expect(seen[0]).toMatchObject({ ok: false });
  });

  test('authenticate() leaves the body readable for the handler', async () => {
    const { s3 } = await assumedS3();
    let body = '';
    server.use(
      http.put(bucketUrl, async ({ request }) => {
        seen.push(await sts.authenticate(request));
        body = await request.text();
        return new HttpResponse(null, { status: 200 });
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'k', Body: 'kept intact' }));
    server.resetHandlers();
    expect(body).toBe('kept intact');
    expect(seen[0]).toMatchObject({ ok: true });
  });
});
