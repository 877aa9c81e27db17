// A key with no rolechain metadata is looked up in the partition of the request that used it: a client of the
// European Sovereign Cloud (eusc-de-east-1, partition aws-eusc) asks STS there, never us-east-1 of `aws`.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { describe, expect, it } from 'vitest';
import { identityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';

const EUSC_STS = 'https://sts.eusc-de-east-1.amazonaws.eu';
const { sts, server } = useStsMock({ endpoints: [EUSC_STS] });
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });

const hosts: string[] = [];
server.events.on('request:start', ({ request }) => {
  hosts.push(new URL(request.url).host);
});

describe('looking up a key in its own partition', () => {
  it('resolves a European Sovereign Cloud key with STS in eusc-de-east-1', async () => {
    hosts.length = 0;
    const records: IdentityLogRecord[] = [];
    const plugin = identityLoggerPlugin({ onRecord: (record) => records.push(record) });
    const client = new STSClient({
      region: 'eusc-de-east-1',
      credentials: { accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey },
    });
    client.middlewareStack.use(plugin);
    await client.send(new GetCallerIdentityCommand({}));
    await plugin.flush();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      region: 'eusc-de-east-1',
      identity: { arn: alice.arn, resolvedBy: 'sts' },
    });
    // The logged call and the lookup: both in the sovereign partition.
    expect(hosts).toEqual(['sts.eusc-de-east-1.amazonaws.eu', 'sts.eusc-de-east-1.amazonaws.eu']);
  });
});
