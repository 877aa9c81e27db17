// The tour `npm start` runs, in-process on an ephemeral port: it must pass its own checks, name both
// assumed roles and show the identity log lines of the AWS calls each step made.
import { expect, test } from 'vitest';
import { startDemoApp } from './demo/embedded-demo';
import { resolveConfig } from './service/config';
import { createJsonLogger } from './service/json-logger';
import { runTour } from './tour';

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
    });
    expect(ok).toBe(true);
  } finally {
    await app.close();
  }
  const output = printed.join('\n');
  expect(output).toContain('assumed  arn:aws:iam::222222222222:role/deployer');
  expect(output).toContain('assumed  arn:aws:iam::333333333333:role/report-reader');
  expect(output).toContain('all 8 steps answered as expected');
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
