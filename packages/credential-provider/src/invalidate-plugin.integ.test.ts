import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { fromRoleChain } from './from-role-chain';
import { invalidateOnAuthErrorPlugin } from './invalidate-plugin';
import { listBucketsStandIn } from './test-support/list-buckets-stand-in';

const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const s3Answers: string[] = [];
const { sts } = useStsMock({
  now: () => new Date(),
  handlers: (mock) => [
    listBucketsStandIn(mock, (result) => {
      s3Answers.push(result.ok ? 'OK' : result.error.code);
    }),
  ],
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterAll(() => {
  vi.useRealTimers();
});
beforeEach(() => {
  s3Answers.length = 0;
});

/** A provider whose clock stopped: it believes expired credentials are fresh, as a badly skewed host would. */
function stuckProvider() {
  const stopped = Date.now();
  return fromRoleChain({
    source: alice.credentials,
    region: 'eu-west-1',
    roles: [{ roleArn: a.arn }],
    now: () => stopped,
  });
}

describe('invalidateOnAuthErrorPlugin with a real S3 client', () => {
  it('turns an ExpiredToken answer into one invalidation and a successful retry', async () => {
    const credentials = stuckProvider();
    const s3 = new S3Client({ region: 'eu-west-1', credentials, maxAttempts: 1 });
    s3.middlewareStack.use(invalidateOnAuthErrorPlugin(credentials));
    await s3.send(new ListBucketsCommand({}));
    vi.setSystemTime(Date.now() + 2 * 60 * 60_000);
    await s3.send(new ListBucketsCommand({}));
    expect(s3Answers).toEqual(['OK', 'ExpiredToken', 'OK']);
    expect(sts.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(2);
  });

  it('without the plugin the caller sees ExpiredToken', async () => {
    const credentials = stuckProvider();
    const s3 = new S3Client({ region: 'eu-west-1', credentials, maxAttempts: 1 });
    await s3.send(new ListBucketsCommand({}));
    vi.setSystemTime(Date.now() + 2 * 60 * 60_000);
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
  });
});
