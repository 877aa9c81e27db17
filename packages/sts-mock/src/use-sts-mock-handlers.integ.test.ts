// `useStsMock({ handlers })`: a file's own handlers (here an S3 stand-in that asks the mock who signed)
// served beside the STS handlers, built with the file's mock, and kept from test to test.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';

const region = 'eu-west-1';
const bucketUrl = /^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//;
const { sts, server } = useStsMock({
  handlers: (mock) => [
    http.get(bucketUrl, async ({ request }) => {
      const result = await mock.authenticate(request);
      return result.ok
        ? HttpResponse.text(`read by ${result.identity.arn}`)
        : new HttpResponse(null, { status: result.error.status });
    }),
  ],
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const reader = sts.createRole({
  accountId: '222222222222',
  roleName: 'reader',
  trustedPrincipals: [alice.arn],
});

async function readReport(credentials: AwsCredentialIdentity): Promise<string | undefined> {
  const s3 = new S3Client({ region, credentials, maxAttempts: 1 });
  const answer = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'q3.csv' }));
  return answer.Body?.transformToString();
}

describe('useStsMock({ handlers })', () => {
  test('the handlers see the same mock: S3 reads are signed by the session STS issued', async () => {
    const stsClient = new STSClient({ region, credentials: alice.credentials, maxAttempts: 1 });
    const { Credentials } = await stsClient.send(
      new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'nightly' }),
    );
    const session = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };
    await expect(readReport(session)).resolves.toBe(
      'read by arn:aws:sts::222222222222:assumed-role/reader/nightly',
    );
    server.use(http.get(bucketUrl, () => HttpResponse.text('overridden')));
    await expect(readReport(alice.credentials)).resolves.toBe('overridden');
  });

  test('they outlive the test: the next one is served by them, not by the last override', async () => {
    await expect(readReport(alice.credentials)).resolves.toBe(`read by ${alice.arn}`);
  });

  test('requests signed with keys the mock never issued are refused by them', async () => {
    const stranger = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) };
    await expect(readReport(stranger)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});
