// Cold-start child, anchor: a fresh process that imports the SDK's provider and gets chained credentials.
// It imports nothing else of the bench, so the process loads only what a service would load.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

const endpoint = process.env['BENCH_STS_ENDPOINT'] ?? '';
const region = process.env['BENCH_REGION'] ?? '';
const source = JSON.parse(process.env['BENCH_SOURCE'] ?? '{}') as {
  accessKeyId: string;
  secretAccessKey: string;
};
let provider: AwsCredentialIdentityProvider = () => Promise.resolve(source);
for (const roleArn of (process.env['BENCH_ROLES'] ?? '').split(',')) {
  provider = fromTemporaryCredentials({
    params: { RoleArn: roleArn },
    masterCredentials: provider,
    clientConfig: { region, endpoint },
  });
}
const credentials = await provider();
process.stdout.write(
  JSON.stringify({ ms: performance.now(), temporary: credentials.accessKeyId.startsWith('ASIA') }),
);
process.exit();
