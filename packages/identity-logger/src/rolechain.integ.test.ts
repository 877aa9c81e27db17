/**
 * Credentials from @rolechain/credential-provider: the record names the final role session, its source
 * identity and the chain behind it from the credentials' metadata — no GetCallerIdentity — and follows a
 * refresh. Ground truth is the STS mock: `sts.authenticate` for S3 requests, the call log for the hops.
 * One faked clock (Date only) drives the mock, the provider and the SDK's signer: tests move it.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ASSUMED_IDENTITY, fromRoleChain } from '@rolechain/credential-provider';
import type { CallerIdentity } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { maskAccessKeyId } from '@rolechain/aws-rules';
import { identityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';

const REGION = 'eu-west-1';
const MIN = 60_000;
const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const now = (): number => Date.now();

const s3Signers: CallerIdentity[] = [];
const { sts } = useStsMock({
  now: () => new Date(now()),
  handlers: (mock) => [
    http.get(/^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//, async ({ request }) => {
      const result = await mock.authenticate(request);
      if (!result.ok) {
        return HttpResponse.xml(`<Error><Code>${result.error.code}</Code><Message>no</Message></Error>`, {
          status: result.error.status,
        });
      }
      s3Signers.push(result.identity);
      return HttpResponse.xml(
        '<ListBucketResult><Name>reports</Name><KeyCount>0</KeyCount></ListBucketResult>',
        {
          headers: { 'x-amz-request-id': `S3REQ${String(s3Signers.length)}` },
        },
      );
    }),
  ],
});

const trusting = (principal: string) => ({
  Version: '2012-10-17' as const,
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { AWS: principal },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
    },
  ],
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustPolicy: trusting(alice.arn) });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustPolicy: trusting(a.arn) });
const reader = sts.createRole({
  accountId: '444444444444',
  roleName: 'reader',
  trustPolicy: trusting(b.arn),
});

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
// useStsMock forgets the mock's calls and faults before each test.
afterEach(() => {
  s3Signers.length = 0;
  vi.setSystemTime(T0);
});
afterAll(() => {
  vi.useRealTimers();
});

function threeHops() {
  return fromRoleChain({
    source: alice.credentials,
    region: REGION,
    roles: [
      { roleArn: a.arn, roleSessionName: 'ci-42', sourceIdentity: 'alice' },
      { roleArn: b.arn, roleSessionName: 'ci-42' },
      { roleArn: reader.arn, roleSessionName: 'ci-42' },
    ],
    now,
  });
}

function loggedClients(credentials: ReturnType<typeof threeHops>) {
  const records: IdentityLogRecord[] = [];
  const plugin = identityLoggerPlugin({ onRecord: (record) => records.push(record) });
  const s3 = new S3Client({ region: REGION, credentials });
  const stsClient = new STSClient({ region: REGION, credentials });
  s3.middlewareStack.use(plugin);
  stsClient.middlewareStack.use(plugin);
  return { records, plugin, s3, sts: stsClient };
}

/** The identity ground truth says signed, as a record should show it, with the chain the mock saw. */
function expectedIdentity(signer: CallerIdentity) {
  const hops = sts.calls.filter((call) => call.action === 'AssumeRole');
  return {
    arn: signer.arn,
    accountId: signer.accountId,
    roleArn: reader.arn,
    accessKeyId: maskAccessKeyId(signer.accessKeyId),
    sessionName: signer.sessionName,
    sourceIdentity: signer.sourceIdentity,
    // Who called each AssumeRole: alice, then the session of every hop but the last.
    chain: hops.map((call) => call.caller?.arn),
    resolvedBy: 'rolechain',
  };
}

describe('a three-hop chain from fromRoleChain', () => {
  it('names the final role session, its source identity and the chain, with no GetCallerIdentity for it', async () => {
    const credentials = threeHops();
    const { records, plugin, s3, sts: stsClient } = loggedClients(credentials);
    // The provider learns the base identity's ARN only when asked: the plugin asks on its first record, and
    // nothing else here does (reading the metadata through the symbol asks nothing).
    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    await vi.waitFor(async () => {
      expect((await credentials())[ASSUMED_IDENTITY].source.arn).toBe(alice.arn);
    });

    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    await stsClient.send(new GetCallerIdentityCommand({}));
    await plugin.flush();

    expect(s3Signers.map((s) => s.arn)).toEqual([
      'arn:aws:sts::444444444444:assumed-role/reader/ci-42',
      'arn:aws:sts::444444444444:assumed-role/reader/ci-42',
    ]);
    expect(records[1]?.identity).toEqual(expectedIdentity(s3Signers[1]!));
    expect(records[1]?.identity).toMatchObject({
      sourceIdentity: 'alice',
      chain: [
        alice.arn,
        'arn:aws:sts::222222222222:assumed-role/a/ci-42',
        'arn:aws:sts::333333333333:assumed-role/b/ci-42',
      ],
    });
    // The first record came before the base ARN was known: same session, chain without its base.
    expect(records[0]?.identity).toMatchObject({ arn: s3Signers[0]?.arn, resolvedBy: 'rolechain' });
    const whoAmI = sts.calls.filter((call) => call.action === 'GetCallerIdentity').at(-1);
    expect(records[2]?.identity?.arn).toBe(whoAmI?.caller?.arn);
    // The only GetCallerIdentity signed by the session is the one the test sent: the plugin asked nothing.
    const bySession = sts.calls.filter(
      (call) => call.action === 'GetCallerIdentity' && call.caller?.accessKeyId === s3Signers[1]?.accessKeyId,
    );
    expect(bySession).toHaveLength(1);
  });
});

describe('a refresh between two requests', () => {
  it('names the new key after the chain refreshed, each record matching the key that signed', async () => {
    const credentials = threeHops();
    const { records, plugin, s3 } = loggedClients(credentials);

    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    vi.setSystemTime(T0 + 61 * MIN); // past the sessions' expiry: the next request needs new credentials
    await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
    await plugin.flush();

    expect(s3Signers).toHaveLength(2);
    expect(s3Signers[1]?.accessKeyId).not.toBe(s3Signers[0]?.accessKeyId);
    expect(records.map((r) => r.identity?.accessKeyId)).toEqual(
      s3Signers.map((signer) => maskAccessKeyId(signer.accessKeyId)),
    );
    expect(records.map((r) => r.identity?.arn)).toEqual(s3Signers.map((signer) => signer.arn));
    expect(records[1]?.identity).toMatchObject({ resolvedBy: 'rolechain', sourceIdentity: 'alice' });
  });
});
