/**
 * The embedded demo around the service: the organisation (`@rolechain/sts-mock` and the demo S3) behind msw,
 * the chain from its base user, and the service's clients — all on one demo clock — then the service itself,
 * started exactly as it would be against real AWS.
 */
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { startApp } from '../service/app';
import type { RunningApp } from '../service/app';
import { createAwsClients } from '../service/aws-clients';
import { createChainCredentials } from '../service/chain-credentials';
import type { ServiceConfig } from '../service/config';
import type { JsonLogger } from '../service/json-logger';
import { createServiceMetrics } from '../service/service-metrics';
import { createDemoClock } from './demo-clock';
import type { DemoClock } from './demo-clock';
import { createDemoOrganisation } from './demo-organisation';
import type { DemoOrganisation, DemoOrganisationOptions } from './demo-organisation';

export interface DemoOptions {
  /** Where every log line goes (identity records, provider records, access log). */
  logger: JsonLogger;
  /** The clock to share (default: a new one following real time). */
  clock?: DemoClock;
  /** Replace a role's trust policy. */
  trust?: DemoOrganisationOptions['trust'];
}

/** The service running on the demo, with the demo's clock and organisation for the tour and the tests. */
export interface DemoApp extends RunningApp {
  demo: { clock: DemoClock; org: DemoOrganisation };
}

/**
 * Starts the demo organisation and the service on it. Role ARNs, external id or region the credential
 * provider refuses throw the `ConfigError` of their variable.
 */
export async function startDemoApp(config: ServiceConfig, options: DemoOptions): Promise<DemoApp> {
  if (config.mode !== 'demo')
    throw new TypeError('startDemoApp needs the demo configuration (ROLECHAIN_DEMO=1)');
  const { logger } = options;
  const clock = options.clock ?? createDemoClock();
  const org = createDemoOrganisation({
    now: clock.date,
    ...(options.trust === undefined ? {} : { trust: options.trust }),
  });
  const metrics = createServiceMetrics();
  const credentials = createChainCredentials(config, {
    logger,
    meterProvider: metrics.meterProvider,
    fixed: {
      source: org.user.credentials,
      roleArns: [org.deployer.arn, org.reportReader.arn],
      now: clock.now,
    },
  });
  const { s3, sts } = createAwsClients({ region: config.region, credentials, logger });
  // The SDK signs with its own clock plus `systemClockOffset` (which it also corrects on clock-skew errors);
  // here that offset follows the demo clock so signatures stay inside the mock's 15-minute window.
  clock.onAdvance((offset) => {
    s3.config.systemClockOffset = offset;
    sts.config.systemClockOffset = offset;
  });
  const app = await startApp(config, { logger, credentials, s3, sts, now: clock.now, metrics });

  // msw answers every AWS call in-process and refuses anything else; requests to this very service from this
  // same process (the tour, the tests) pass through to it.
  const mocks = setupServer(
    ...org.handlers,
    http.all(`${app.url}/*`, () => passthrough()),
  );
  mocks.listen(failOnUnhandledRequests);
  return {
    ...app,
    demo: { clock, org },
    async close() {
      mocks.close();
      await app.close();
    },
  };
}
