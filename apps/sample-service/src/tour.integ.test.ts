// The tour `npm start` runs, in-process on an ephemeral port: it must pass its own checks, name both
// assumed roles and show the identity log lines of the AWS calls each step made.
import { afterAll, expect, test } from 'vitest';
import { startDemoTracing } from './service/tracing';

// As `npm start` does: tracing first, then the modules that load the AWS SDK.
const tracing = startDemoTracing();
const { startDemoApp } = await import('./demo/embedded-demo');
const { resolveConfig } = await import('./service/config');
const { createJsonLogger } = await import('./service/json-logger');
const { runTour } = await import('./tour');
afterAll(async () => {
  await tracing.stop();
});

test('the tour answers as expected, names both roles and shows one identity log line per AWS call', async () => {
  const collected: string[] = [];
  const app = await startDemoApp(resolveConfig({}, { forceDemo: true, defaultPort: 0 }), {
    logger: createJsonLogger((line) => collected.push(line)),
  });
  const printed: string[] = [];
  try {
    const ok = await runTour(app, {
      print: (line) => printed.push(line),
      drainLogs: () => collected.splice(0),
      spans: () => tracing.spans(),
    });
    expect(ok).toBe(true);
  } finally {
    await app.close();
  }
  const output = printed.join('\n');
  expect(output).toContain('assumed  arn:aws:iam::222222222222:role/deployer');
  expect(output).toContain('assumed  arn:aws:iam::333333333333:role/report-reader');
  expect(output).toContain('all 8 steps answered as expected');
  // One AWS SDK span, with the identity that signed it and never a key.
  const span = printed.findIndex((line) => line.includes('span S3.ListObjectsV2'));
  expect(span).toBeGreaterThan(-1);
  const attributes = printed.slice(span + 1, span + 10).map((line) => line.trim());
  expect(attributes).toEqual(
    expect.arrayContaining([
      'rolechain.identity.arn = "arn:aws:sts::333333333333:assumed-role/report-reader/sample-service"',
      'rolechain.identity.role.arn = "arn:aws:iam::333333333333:role/report-reader"',
      'rolechain.identity.account.id = "333333333333"',
    ]),
  );
  const credentials = await app.credentials();
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken, credentials.accessKeyId]) {
    expect(output).not.toContain(secret);
  }
  // The expiry gauge of each hop, from /metrics.
  const gauges = printed.filter((line) => line.trim().startsWith('rolechain_credentials_expiry{'));
  expect(gauges.map((line) => /rolechain_role_arn="([^"]+)"/.exec(line)?.[1])).toEqual([
    'arn:aws:iam::222222222222:role/deployer',
    'arn:aws:iam::333333333333:role/report-reader',
  ]);
  const identityLines = printed.filter((line) => line.includes('"event":"aws.request"'));
  expect(identityLines.map((line) => (JSON.parse(line) as { operation: string }).operation)).toEqual([
    'GetCallerIdentity',
    'ListObjectsV2',
    'GetObject',
    'GetObject',
    'GetCallerIdentity',
  ]);
}, 30_000);
