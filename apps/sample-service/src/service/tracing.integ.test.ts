// The demo's tracing around the real service: the AWS SDK instrumentation's span of each call carries the
// identity that signed it, as the STS mock saw it, and never a secret.
import { afterAll, expect, test } from 'vitest';
import { startDemoTracing } from './tracing';

// Before anything loads the AWS SDK: the instrumentation patches its modules as they load.
const tracing = startDemoTracing();
const { startDemoApp } = await import('../demo/embedded-demo');
const { resolveConfig } = await import('./config');
const { createJsonLogger } = await import('./json-logger');

afterAll(async () => {
  await tracing.stop();
});

test('the span of an AWS call carries the rolechain.identity attributes of the session that signed it', async () => {
  const app = await startDemoApp(resolveConfig({}, { forceDemo: true, defaultPort: 0 }), {
    logger: createJsonLogger(() => {}),
  });
  try {
    const response = await fetch(`${app.url}/reports`, { headers: { connection: 'close' } });
    expect(response.status).toBe(200);
    const list = tracing.spans().filter((span) => span.name === 'S3.ListObjectsV2');
    expect(list).toHaveLength(1);
    const attributes = list[0]!.attributes;
    expect(attributes).toMatchObject({
      'rolechain.identity.arn': 'arn:aws:sts::333333333333:assumed-role/report-reader/sample-service',
      'rolechain.identity.account.id': '333333333333',
      'rolechain.identity.role.arn': 'arn:aws:iam::333333333333:role/report-reader',
      'rolechain.identity.session.name': 'sample-service',
      'rolechain.identity.source_identity': 'sample-service',
    });
    // The chain above the signer: it ends with the deployer session that assumed report-reader.
    const chain = attributes['rolechain.identity.chain'];
    expect(Array.isArray(chain) ? chain.at(-1) : chain).toBe(
      'arn:aws:sts::222222222222:assumed-role/deployer/sample-service',
    );
    const credentials = await app.credentials();
    const text = JSON.stringify(tracing.spans().map((span) => span.attributes));
    for (const secret of [
      app.demo.org.user.secretAccessKey,
      credentials.secretAccessKey,
      credentials.sessionToken,
      credentials.accessKeyId,
    ]) {
      expect(text).not.toContain(secret);
    }
  } finally {
    await app.close();
  }
}, 30_000);
