/**
 * Ground truth: real STS and S3 clients over HTTP, intercepted by msw with @rolechain/sts-mock. The S3
 * handler asks the mock who signed each request (`sts.authenticate`); STS requests are checked against
 * the mock's call log. Every record's identity must be the identity the mock says signed.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { CallerIdentity } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity } from '@smithy/types';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { maskAccessKeyId } from '@rolechain/aws-rules';
import { identityLoggerPlugin, type IdentityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';

const REGION = 'eu-west-1';
/** Who the mock says signed each S3 request, in order. */
const s3Signers: CallerIdentity[] = [];
let s3RequestCount = 0;

const bucket = (name: string) => new RegExp(`^https://${name}\\.s3\\.${REGION}\\.amazonaws\\.com/`);
const s3Error = (code: string, message: string, status: number, requestId: string) =>
  HttpResponse.xml(
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
    {
      status,
      headers: { 'x-amz-request-id': requestId },
    },
  );

const { sts } = useStsMock({
  handlers: (mock) => [
    // `reports`: anyone the mock authenticates may list it.
    http.get(bucket('reports'), async ({ request }) => {
      const requestId = `S3REQ${String(++s3RequestCount)}`;
      const result = await mock.authenticate(request);
      if (!result.ok) return s3Error(result.error.code, result.error.message, result.error.status, requestId);
      s3Signers.push(result.identity);
      return HttpResponse.xml(
        '<ListBucketResult><Name>reports</Name><KeyCount>0</KeyCount></ListBucketResult>',
        {
          headers: { 'x-amz-request-id': requestId },
        },
      );
    }),
    // `vault`: authenticated, then refused.
    http.get(bucket('vault'), async ({ request }) => {
      const requestId = `S3REQ${String(++s3RequestCount)}`;
      const result = await mock.authenticate(request);
      if (result.ok) s3Signers.push(result.identity);
      return s3Error('AccessDenied', 'Access Denied', 403, requestId);
    }),
  ],
});

/** Every plugin a test made: drained after it, so no lookup of one test lands in the next. */
const plugins: IdentityLoggerPlugin[] = [];
// The mock's calls and faults are then forgotten by useStsMock, before the next test.
afterEach(async () => {
  await Promise.all(plugins.map((plugin) => plugin.flush()));
  plugins.length = 0;
  s3Signers.length = 0;
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const bob = sts.createUser({ accountId: '111111111111', userName: 'bob' });
const reader = sts.createRole({
  accountId: '222222222222',
  roleName: 'reader',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
    ],
  },
});

/** Zero-delay retries: the SDK's own retry decisions, without sleeping. */
const retryStrategy = () => new ConfiguredRetryStrategy(3, 0);

function clients(credentials: AwsCredentialIdentity) {
  const records: IdentityLogRecord[] = [];
  const plugin = identityLoggerPlugin({ onRecord: (record) => records.push(record) });
  plugins.push(plugin);
  const s3 = new S3Client({ region: REGION, credentials, retryStrategy: retryStrategy() });
  const stsClient = new STSClient({ region: REGION, credentials, retryStrategy: retryStrategy() });
  s3.middlewareStack.use(plugin);
  stsClient.middlewareStack.use(plugin);
  return { records, plugin, s3, sts: stsClient };
}

/** The record names the principal and the key the mock says signed: ARN, its account, the masked key. */
function expectSignedBy(record: IdentityLogRecord | undefined, truth: { arn: string; accessKeyId: string }) {
  expect(record?.identity).toMatchObject({
    arn: truth.arn,
    accountId: truth.arn.split(':')[4],
    accessKeyId: maskAccessKeyId(truth.accessKeyId),
  });
}

function lookupsFor(accessKeyId: string): number {
  return sts.calls.filter(
    (call) => call.action === 'GetCallerIdentity' && call.caller?.accessKeyId === accessKeyId,
  ).length;
}

describe('static long-term keys', () => {
  it('names the user that signed each S3 and STS request, resolving the key with one GetCallerIdentity', async () => {
    const { records, plugin, s3, sts: stsClient } = clients(alice.credentials);

    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    await stsClient.send(new GetCallerIdentityCommand({}));
    await plugin.flush();

    expect(records.map((r) => `${r.service}.${r.operation}`)).toEqual([
      'S3.ListObjectsV2',
      'S3.ListObjectsV2',
      'STS.GetCallerIdentity',
    ]);
    expectSignedBy(records[0], s3Signers[0]!);
    expectSignedBy(records[1], s3Signers[1]!);
    const stsCall = sts.calls.filter((c) => c.action === 'GetCallerIdentity').at(-1);
    expectSignedBy(records[2], stsCall!.caller!);
    for (const record of records) {
      expect(record).toMatchObject({
        region: REGION,
        httpStatusCode: 200,
        attempts: 1,
        identity: { accountId: '111111111111', sessionName: null, resolvedBy: 'sts' },
      });
      expect(record.requestId).toEqual(expect.any(String));
    }
    expect(records[0]?.requestId).toBe('S3REQ1');
    // One lookup for the key, on top of the one GetCallerIdentity the test itself sent.
    expect(lookupsFor(alice.accessKeyId)).toBe(2);
  });

  it('with resolveUnknown none, makes no STS call and still names the account the key encodes', async () => {
    const records: IdentityLogRecord[] = [];
    const s3 = new S3Client({ region: REGION, credentials: bob.credentials });
    s3.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => records.push(r), resolveUnknown: 'none' }),
    );

    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));

    expect(sts.calls).toEqual([]);
    expect(records[0]?.identity).toEqual({
      arn: null,
      accountId: s3Signers[0]?.accountId,
      roleArn: null,
      accessKeyId: maskAccessKeyId(s3Signers[0]!.accessKeyId),
      sessionName: null,
      sourceIdentity: null,
      chain: null,
      resolvedBy: 'none',
    });
  });
});

describe('assumed-role credentials from outside rolechain', () => {
  it('names the role session, its account and session name through GetCallerIdentity', async () => {
    const assumed = await new STSClient({ region: REGION, credentials: alice.credentials }).send(
      new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'nightly', SourceIdentity: 'alice' }),
    );
    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const { records, plugin, s3 } = clients(credentials);

    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    await plugin.flush();

    expectSignedBy(records[0], s3Signers[0]!);
    expect(records[0]?.identity).toMatchObject({
      arn: 'arn:aws:sts::222222222222:assumed-role/reader/nightly',
      accountId: '222222222222',
      sessionName: 'nightly',
      resolvedBy: 'sts',
    });
  });
});

describe('failures', () => {
  it('S3 AccessDenied: warns with the error and names who was refused', async () => {
    const { records, plugin, s3 } = clients(bob.credentials);

    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'vault' }))).rejects.toThrow('Access Denied');
    await plugin.flush();

    expectSignedBy(records[0], s3Signers[0]!);
    expect(records[0]).toMatchObject({
      httpStatusCode: 403,
      attempts: 1,
      error: { name: 'AccessDenied', message: 'Access Denied', fault: 'client' },
    });
    expect(records[0]?.requestId).toEqual(expect.stringMatching(/^S3REQ/));
  });

  it('STS AccessDenied on AssumeRole: the record names the caller the role does not trust', async () => {
    const { records, plugin, sts: stsClient } = clients(bob.credentials);

    await expect(
      stsClient.send(new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'denied' })),
    ).rejects.toThrow(/is not authorized to perform: sts:AssumeRole/);
    await plugin.flush();

    const call = sts.calls.find((c) => c.action === 'AssumeRole');
    expect(call?.errorCode).toBe('AccessDenied');
    expectSignedBy(records[0], call!.caller!);
    expect(records[0]).toMatchObject({
      operation: 'AssumeRole',
      httpStatusCode: 403,
      requestId: call?.requestId,
      error: { name: 'AccessDenied', fault: 'client' },
    });
  });

  it('a throttled call retried: one record, two attempts, the identity that signed the retry', async () => {
    const { records, plugin, sts: stsClient } = clients(alice.credentials);
    sts.inject({ action: 'GetCallerIdentity', error: 'Throttling', times: 1 });

    await stsClient.send(new GetCallerIdentityCommand({}));
    await plugin.flush();

    const calls = sts.calls.filter((c) => c.action === 'GetCallerIdentity');
    expect(calls[0]?.errorCode).toBe('Throttling');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ attempts: 2, httpStatusCode: 200, requestId: calls[1]?.requestId });
    expect(records[0]?.error).toBeUndefined();
    expectSignedBy(records[0], calls[1]!.caller!);
  });

  it('a network failure: an error record with no status, counting the attempts the mock saw', async () => {
    const { records, plugin, sts: stsClient } = clients(alice.credentials);
    sts.inject({ action: 'AssumeRole', networkError: true });

    await expect(
      stsClient.send(new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'net' })),
    ).rejects.toThrow();
    await plugin.flush();

    const attempts = sts.calls.filter((c) => c.action === 'AssumeRole').length;
    expect(attempts).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({
      httpStatusCode: null,
      requestId: null,
      attempts,
      identity: { arn: alice.arn, resolvedBy: 'sts' },
      error: { fault: 'network' },
    });
  });

  it('a key STS does not know: InvalidClientTokenId, and the lookup failure leaves what the key tells', async () => {
    const stranger = {
      accessKeyId: 'AKIAY34FZKBOKMUTVV7A',
      secretAccessKey: 'not-a-real-secret-key-0123456789abcdefgh',
    };
    const { records, plugin, sts: stsClient } = clients(stranger);

    await expect(stsClient.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/security token/);
    await plugin.flush();

    expect(records[0]).toMatchObject({
      httpStatusCode: 403,
      identity: { arn: null, accountId: '609629065308', accessKeyId: 'AKIA…VV7A', resolvedBy: 'none' },
      error: { name: 'InvalidClientTokenId', fault: 'client' },
    });
  });
});

describe('unsigned operations', () => {
  it('AssumeRoleWithWebIdentity: no identity, marked unsigned, as the mock saw no signature', async () => {
    const { records, plugin, sts: stsClient } = clients(alice.credentials);

    await expect(
      stsClient.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: reader.arn,
          RoleSessionName: 'web',
          WebIdentityToken: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
        }),
      ),
    ).rejects.toThrow();
    await plugin.flush();

    const call = sts.calls.find((c) => c.action === 'AssumeRoleWithWebIdentity');
    expect(call?.caller).toBeUndefined();
    expect(records[0]).toMatchObject({
      operation: 'AssumeRoleWithWebIdentity',
      region: REGION,
      identity: null,
      unsigned: true,
      httpStatusCode: call?.status,
    });
    expect(lookupsFor(alice.accessKeyId)).toBe(0);
  });
});
