// Cold-start child, floor: a fresh process that walks the 3-hop chain with bare STSClients from
// @aws-sdk/client-sts and nothing else: no validation, no cache, no identity. It loads the client with
// require(), the cheapest way an ES module can (the way @rolechain/credential-provider loads it), so the
// row shows what any provider built on the public STS client pays before its own code runs.
// With BENCH_IMPORT_PROVIDER=1 it first imports @rolechain/credential-provider and calls nothing of it: the
// same walk then costs what loading the provider's code adds (figure 7's import floor).
import { createRequire } from 'node:module';
import type * as ClientSts from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

if (process.env['BENCH_IMPORT_PROVIDER'] === '1') {
  const provider = await import('@rolechain/credential-provider');
  if (typeof provider.fromRoleChain !== 'function')
    throw new Error('@rolechain/credential-provider did not load');
}
const { AssumeRoleCommand, STSClient } = createRequire(import.meta.url)(
  '@aws-sdk/client-sts',
) as typeof ClientSts;

const endpoint = process.env['BENCH_STS_ENDPOINT'] ?? '';
const region = process.env['BENCH_REGION'] ?? '';
let credentials = JSON.parse(process.env['BENCH_SOURCE'] ?? '{}') as AwsCredentialIdentity;
for (const roleArn of (process.env['BENCH_ROLES'] ?? '').split(',')) {
  const parent = credentials;
  const client = new STSClient({ region, endpoint, credentials: parent });
  const { Credentials } = await client.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cold-floor' }),
  );
  credentials = {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
  };
}
process.stdout.write(
  JSON.stringify({ ms: performance.now(), temporary: credentials.accessKeyId.startsWith('ASIA') }),
);
process.exit();
