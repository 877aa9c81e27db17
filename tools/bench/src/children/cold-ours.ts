// Cold-start child, ours: a fresh process that imports fromRoleChain and gets chained credentials.
// It imports nothing else of the bench, so the process loads only what a service would load.
import { fromRoleChain } from '@rolechain/credential-provider';

const endpoint = process.env['BENCH_STS_ENDPOINT'] ?? '';
const region = process.env['BENCH_REGION'] ?? '';
const source = JSON.parse(process.env['BENCH_SOURCE'] ?? '{}') as {
  accessKeyId: string;
  secretAccessKey: string;
};
const provider = fromRoleChain({
  source,
  roles: (process.env['BENCH_ROLES'] ?? '').split(',').map((roleArn) => ({ roleArn })),
  region,
  stsClientConfig: { endpoint },
});
const credentials = await provider();
process.stdout.write(
  JSON.stringify({ ms: performance.now(), temporary: credentials.accessKeyId.startsWith('ASIA') }),
);
process.exit();
