/**
 * A retry that is really re-signed: the STS mock's clock runs 20 minutes ahead of the SDK's, so the
 * first attempt fails with "Signature expired"; the SDK reads the response's Date header, corrects its
 * clock and signs again. One record, two attempts, the identity the mock accepted the second time.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { describe, expect, it } from 'vitest';
import { maskAccessKeyId } from '@rolechain/aws-rules';
import { identityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';

const SKEW_MS = 20 * 60_000;
const { sts } = useStsMock({ now: () => new Date(Date.now() + SKEW_MS) });

const erin = sts.createUser({ accountId: '666666666666', userName: 'erin' });

describe('a request re-signed after clock skew correction', () => {
  it('is one record with both attempts, naming the identity that signed the accepted one', async () => {
    const records: IdentityLogRecord[] = [];
    // The lookup client meets the same skew: it too corrects and retries, here without backoff.
    const plugin = identityLoggerPlugin({
      onRecord: (r) => records.push(r),
      stsClientConfig: { retryStrategy: new ConfiguredRetryStrategy(2, 0) },
    });
    const client = new STSClient({
      region: 'eu-west-1',
      credentials: erin.credentials,
      retryStrategy: new ConfiguredRetryStrategy(3, 0),
    });
    client.middlewareStack.use(plugin);

    await client.send(new GetCallerIdentityCommand({}));
    await plugin.flush();

    const [rejected, accepted] = sts.calls.filter((c) => c.action === 'GetCallerIdentity');
    expect(rejected?.errorCode).toBe('SignatureDoesNotMatch');
    expect(accepted?.status).toBe(200);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      attempts: 2,
      httpStatusCode: 200,
      requestId: accepted?.requestId,
      identity: {
        arn: accepted?.caller?.arn,
        accountId: '666666666666',
        accessKeyId: maskAccessKeyId(accepted!.caller!.accessKeyId),
        resolvedBy: 'sts',
      },
    });
  });
});
