// The service configured for real AWS — ROLE_CHAIN with base credentials from the SDK's default chain, or
// AWS_PROFILE through fromRoleChainProfile — pointed at the demo organisation behind msw instead of AWS.
// This is the path the README's "point it at a real AWS account" takes, minus the network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import type { WhoAmI } from './service/api';
import { DEMO_DEFAULTS, resolveConfig } from './service/config';
import { createDemoOrganisation } from './demo/demo-organisation';
import { createJsonLogger } from './service/json-logger';
import { startOnAws } from './run';

const org = createDemoOrganisation({ now: () => new Date() });
const server = setupServer(...org.handlers);
const folder = mkdtempSync(join(tmpdir(), 'sample-service-aws-'));
/** One service after another on ephemeral ports: a pooled socket to a closed one must not be reused. */
const noReuse = { headers: { connection: 'close' } };
const common = { AWS_REGION: 'eu-west-1', REPORTS_BUCKET: DEMO_DEFAULTS.bucket };

beforeAll(() => {
  server.listen(failOnUnhandledRequests);
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
});

async function serve(env: Record<string, string>) {
  const config = resolveConfig(env);
  if (config.mode !== 'aws') throw new Error('expected the real-AWS configuration');
  const app = await startOnAws(
    config,
    createJsonLogger(() => undefined),
  );
  server.use(http.all(`${app.url}/*`, () => passthrough()));
  const get = async (path: string) => {
    const response = await fetch(`${app.url}${path}`, noReuse);
    return { status: response.status, text: await response.text() };
  };
  return { app, get };
}

test('ROLE_CHAIN: base keys from the environment, both hops, the session policy narrowing reads to 2026/', async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', org.user.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', org.user.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  const { app, get } = await serve({
    ...common,
    ROLE_CHAIN: `${org.deployer.arn},${org.reportReader.arn}`,
    EXTERNAL_ID: DEMO_DEFAULTS.externalId,
    REPORTS_PREFIX: '2026/',
  });
  try {
    expect(app.config.mode).toBe('aws');
    const who = JSON.parse((await get('/whoami')).text) as WhoAmI;
    expect(who.arn).toBe('arn:aws:sts::333333333333:assumed-role/report-reader/sample-service');
    expect(who.chain.map((hop) => hop.roleArn)).toEqual([org.deployer.arn, org.reportReader.arn]);
    expect((await get('/reports/2026/q1-revenue.csv')).status).toBe(200);
    expect((await get('/reports/2025/q4-revenue.csv')).status).toBe(403);
  } finally {
    await app.close();
  }
});

test('AWS_PROFILE: the chain comes from the shared config file; a profile chain passes no session policy', async () => {
  const configFile = join(folder, 'config');
  writeFileSync(
    configFile,
    [
      '[profile alice]',
      `aws_access_key_id = ${org.user.accessKeyId}`,
      `aws_secret_access_key = ${org.user.secretAccessKey}`,
      '[profile deployer]',
      `role_arn = ${org.deployer.arn}`,
      'source_profile = alice',
      'role_session_name = sample-service',
      '[profile reports]',
      `role_arn = ${org.reportReader.arn}`,
      'source_profile = deployer',
      `external_id = ${DEMO_DEFAULTS.externalId}`,
      'role_session_name = sample-service',
      '',
    ].join('\n'),
  );
  vi.stubEnv('AWS_CONFIG_FILE', configFile);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(folder, 'no-credentials-file'));
  const { app, get } = await serve({ ...common, AWS_PROFILE: 'reports' });
  try {
    const who = JSON.parse((await get('/whoami')).text) as WhoAmI;
    expect(who.arn).toBe('arn:aws:sts::333333333333:assumed-role/report-reader/sample-service');
    expect((await get('/reports/2025/q4-revenue.csv')).status).toBe(200);
  } finally {
    await app.close();
  }
});
