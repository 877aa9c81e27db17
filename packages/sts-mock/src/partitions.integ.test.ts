import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { regionOfEveryPartition } from './test-support/partition-regions';

const { sts } = useStsMock();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });

// A client of any partition reaches the mock at the host the SDK resolves for it: teams in China, GovCloud,
// the European Sovereign Cloud or an ISO partition test against it with no endpoint override.
test.each(regionOfEveryPartition)(
  'a real STS client in %s is answered by the mock, signed for its own region',
  async (region) => {
    const client = new STSClient({ region, credentials: alice.credentials, maxAttempts: 1 });
    const answer = await client.send(new GetCallerIdentityCommand({}));
    client.destroy();
    expect(answer.Arn).toBe(alice.arn);
    // The mock checks the signature's scope against the region of the host: a success means both agreed.
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 200 });
  },
);
