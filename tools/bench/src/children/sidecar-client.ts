// Sidecar soak client: one process of a host or pod that takes its credentials from `rolechain serve`
// through the AWS SDK's own container credentials provider (`fromHttp` reads
// AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE from its environment) and
// signs a real GetCallerIdentity with them. It loads its modules, says `ready`, then runs one round per `go`
// line on stdin (a fresh provider and client each time) and prints one JSON line per round; stdin closing
// ends it. No credential is ever printed.
import { createInterface } from 'node:readline';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromHttp } from '@aws-sdk/credential-providers';

const endpoint = process.env['BENCH_STS_ENDPOINT'] ?? '';
const region = process.env['BENCH_REGION'] ?? '';

async function round(): Promise<Record<string, unknown>> {
  // One request and no retry, so a slow or failed answer shows instead of being retried away; 10 s rather
  // than the default 1 s, because the soak runs 50 of these at once on a machine's few cores.
  const container = fromHttp({ timeout: 10_000, maxRetries: 0 });
  const asked = performance.now();
  let credentialsMs: number | undefined;
  try {
    // First thing in the round, so every client's request reaches the sidecar at the same moment.
    const credentials = await container();
    credentialsMs = performance.now() - asked;
    const client = new STSClient({ region, endpoint, maxAttempts: 1, credentials });
    try {
      const { Arn } = await client.send(new GetCallerIdentityCommand({}));
      return { credentialsMs, arn: Arn };
    } finally {
      client.destroy();
    }
  } catch (error) {
    return { credentialsMs, error: error instanceof Error ? error.name : 'unknown' };
  }
}

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  process.stdout.write(`${JSON.stringify(await round())}\n`);
}
