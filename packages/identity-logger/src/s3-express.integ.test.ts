/**
 * S3 Express One Zone: the S3 client signs data requests with a bucket session obtained by CreateSession,
 * not with the principal's key. The msw handlers play S3 Express: CreateSession is authenticated by the
 * STS mock (ground truth for the principal) and mints the session; data requests are attributed through
 * the session key and token they carry. The record must name the principal and the session key.
 */
import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { CallerIdentity } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { maskAccessKeyId } from '@rolechain/aws-rules';
import { identityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';

const BUCKET = 'data--euw1-az1--x-s3';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

interface Session {
  principal: CallerIdentity;
  sessionToken: string;
}
const sessions = new Map<string, Session>();
/** For each data request: the session key it was signed with and the principal behind it. */
const dataSigners: { sessionKey: string; principal: CallerIdentity }[] = [];

const { sts } = useStsMock({
  handlers: (mock) => [
    http.get(
      /^https:\/\/data--euw1-az1--x-s3\.s3express-euw1-az1\.eu-west-1\.amazonaws\.com\//,
      async ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.has('session')) {
          const result = await mock.authenticate(request);
          if (!result.ok)
            return HttpResponse.xml('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
          const accessKeyId = `ASIA${Array.from(randomBytes(16), (b) => ALPHABET.charAt(b & 31)).join('')}`;
          const session = { principal: result.identity, sessionToken: randomBytes(48).toString('base64') };
          sessions.set(accessKeyId, session);
          return HttpResponse.xml(
            `<CreateSessionResult><Credentials><SessionToken>${session.sessionToken}</SessionToken><SecretAccessKey>${randomBytes(30).toString('base64')}</SecretAccessKey><AccessKeyId>${accessKeyId}</AccessKeyId><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></CreateSessionResult>`,
          );
        }
        const sessionKey = /Credential=([^/]+)\//.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
        const session = sessions.get(sessionKey);
        if (session === undefined || request.headers.get('x-amz-s3session-token') !== session.sessionToken) {
          return HttpResponse.xml('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
        }
        dataSigners.push({ sessionKey, principal: session.principal });
        return HttpResponse.xml(
          `<ListBucketResult><Name>${BUCKET}</Name><KeyCount>0</KeyCount></ListBucketResult>`,
        );
      },
    ),
  ],
});

const carol = sts.createUser({ accountId: '555555555555', userName: 'carol' });

describe('S3 Express bucket sessions', () => {
  it('names the principal that created the session and the session key that signed', async () => {
    const records: IdentityLogRecord[] = [];
    const plugin = identityLoggerPlugin({ onRecord: (r) => records.push(r) });
    const s3 = new S3Client({ region: 'eu-west-1', credentials: carol.credentials });
    s3.middlewareStack.use(plugin);

    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    await plugin.flush();

    expect(dataSigners).toHaveLength(2);
    const listings = records.filter((r) => r.operation === 'ListObjectsV2');
    expect(listings).toHaveLength(2);
    listings.forEach((record, index) => {
      const truth = dataSigners[index]!;
      expect(record.identity).toEqual({
        arn: truth.principal.arn,
        accountId: truth.principal.accountId,
        roleArn: null,
        accessKeyId: maskAccessKeyId(truth.sessionKey),
        sessionName: null,
        sourceIdentity: null,
        chain: null,
        resolvedBy: 'sts',
        s3ExpressSession: true,
      });
    });
    // The session itself was created by the principal, with its own key: logged as such.
    const created = records.find((r) => r.operation === 'CreateSession');
    expect(created?.identity).toMatchObject({
      arn: carol.arn,
      accessKeyId: maskAccessKeyId(carol.accessKeyId),
    });
    expect(created?.identity?.s3ExpressSession).toBeUndefined();
  });
});
