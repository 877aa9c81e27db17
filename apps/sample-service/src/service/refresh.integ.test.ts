// An hour passes on the shared demo clock (the STS mock's `now`, fromRoleChain's `now` and the SDK clients'
// signing offset): both sessions expire, and the service's next call refreshes the chain — one AssumeRole
// per hop, counted in sts.calls — after which the new sessions are served from the cache again.
import { expect, test } from 'vitest';
import type { WhoAmI } from './api';
import { startDemoApp } from '../demo/embedded-demo';
import { resolveConfig } from './config';
import { createJsonLogger } from './json-logger';

const hour = 3_600_000;

test('an hour later the chain refreshes with one AssumeRole per hop, then is cached again', async () => {
  const app = await startDemoApp(resolveConfig({}, { forceDemo: true, defaultPort: 0 }), {
    logger: createJsonLogger(() => undefined),
  });
  try {
    const { clock, org } = app.demo;
    const whoami = async () => JSON.parse(await (await fetch(`${app.url}/whoami`)).text()) as WhoAmI;
    const assumed = () =>
      org.sts.calls
        .filter((call) => call.action === 'AssumeRole' && call.status === 200)
        .map((call) => call.params['RoleArn']);

    const first = await whoami();
    expect(assumed()).toEqual([org.deployer.arn, org.reportReader.arn]);

    clock.advance(hour);
    const later = await whoami();
    expect(later.arn).toBe('arn:aws:sts::333333333333:assumed-role/report-reader/sample-service');
    expect(assumed()).toEqual([
      org.deployer.arn,
      org.reportReader.arn,
      org.deployer.arn,
      org.reportReader.arn,
    ]);
    later.chain.forEach((hop, index) => {
      expect(Date.parse(hop.expiresAt) - Date.parse(first.chain[index]!.expiresAt)).toBeGreaterThanOrEqual(
        hour,
      );
    });

    expect((await fetch(`${app.url}/reports`)).status).toBe(200);
    await whoami();
    expect(assumed()).toHaveLength(4);
  } finally {
    await app.close();
  }
}, 30_000);
