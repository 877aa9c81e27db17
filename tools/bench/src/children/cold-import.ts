// Cold-start child, import floor: the floor's walk (three bare STSClients, loaded with require()) in a process
// that has also imported @rolechain/credential-provider and calls nothing of it. Against the floor it shows what
// loading the package's code costs (resolving, compiling, running its module body); against the provider's
// child, what the provider's own work adds once its code is loaded.
import { createRequire } from 'node:module';
import * as provider from '@rolechain/credential-provider';
import type * as ClientSts from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

const { AssumeRoleCommand, STSClient } = createRequire(import.meta.url)(
  '@aws-sdk/client-sts',
) as typeof ClientSts;

const endpoint = process.env['BENCH_STS_ENDPOINT'] ?? '';
const region = process.env['BENCH_REGION'] ?? '';
let credentials = JSON.parse(process.env['BENCH_SOURCE'] ?? '{}') as AwsCredentialIdentity;
for (const roleArn of (process.env['BENCH_ROLES'] ?? '').split(',')) {
  const client = new STSClient({ region, endpoint, credentials });
  const { Credentials } = await client.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cold-import' }),
  );
  credentials = {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
  };
}
process.stdout.write(
  JSON.stringify({
    ms: performance.now(),
    // Read, so that no bundler drops the import as unused: the package must load for the row to mean anything.
    temporary: typeof provider.fromRoleChain === 'function' && credentials.accessKeyId.startsWith('ASIA'),
  }),
);
process.exit();
