// `toAllow` / `toDeny` from `@rolechain/sts-mock/vitest` on S3 requests the real SDK signed, captured by msw.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { stsMatchers, useStsMock } from '@rolechain/sts-mock/vitest';

expect.extend(stsMatchers);

let captured: Request | undefined;
const { sts } = useStsMock({
  handlers: () => [
    http.get(/^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//, ({ request }) => {
      captured = request.clone();
      return HttpResponse.text('ok');
    }),
  ],
});

const reader = sts.createUser({
  accountId: '111111111111',
  userName: 'reader',
  policies: [
    {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/2026/*' },
    },
  ],
});

async function signedGet(key: string): Promise<Request> {
  captured = undefined;
  await new S3Client({ region: 'eu-west-1', credentials: reader.credentials }).send(
    new GetObjectCommand({ Bucket: 'reports', Key: key }),
  );
  return captured!;
}
const get = (key: string) => ({ action: 's3:GetObject', resource: `arn:aws:s3:::reports/${key}` });

describe('passing assertions', () => {
  test('toAllow, and .not.toAllow / toDeny for what the policy does not grant', async () => {
    const allowed = await signedGet('2026/q1.csv');
    await expect(sts).toAllow(allowed, get('2026/q1.csv'));
    await expect(sts).not.toDeny(allowed, get('2026/q1.csv'));
    await expect(sts).toDeny(allowed, get('2025/q4.csv'));
    await expect(sts).not.toAllow(allowed, get('2025/q4.csv'));
  });
});

describe('failing assertions say the decision and why', () => {
  test('toAllow on a denied request shows the decision, the policy type and AWS message', async () => {
    const request = await signedGet('2026/q1.csv');
    await expect(expect(sts).toAllow(request, get('2025/q4.csv'))).rejects.toThrow(
      `expected ${reader.arn} to be allowed s3:GetObject on arn:aws:s3:::reports/2025/q4.csv, but it was denied: implicitDeny (identity-based policy)\n` +
        `  User: ${reader.arn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports/2025/q4.csv because no identity-based policy allows the s3:GetObject action`,
    );
  });

  test('.not.toAllow on an allowed request says what allowed it', async () => {
    const request = await signedGet('2026/q1.csv');
    await expect(expect(sts).not.toAllow(request, get('2026/q1.csv'))).rejects.toThrow(
      `expected ${reader.arn} not to be allowed s3:GetObject on arn:aws:s3:::reports/2026/q1.csv, but it was allowed (identity-based policy)`,
    );
  });

  test('something that is not the mock is a TypeError naming the matcher', async () => {
    const request = await signedGet('2026/q1.csv');
    await expect(expect({ calls: [] }).toAllow(request, get('k'))).rejects.toThrow(
      'toAllow: expect() must be given the STS mock from createStsMock() (an object with authorize)',
    );
  });
});
