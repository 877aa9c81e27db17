/**
 * Puts the service together from its configuration: the role chain (`@rolechain/credential-provider`), S3
 * and STS clients that log every call with the identity that signed it (`@rolechain/identity-logger`), the
 * routes on `node:http`, and — in demo mode — the embedded organisation (`@rolechain/sts-mock` and the demo
 * S3) behind msw, all on one demo clock.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { invalidateOnAuthErrorPlugin } from '@rolechain/credential-provider';
import { identityLoggerPlugin } from '@rolechain/identity-logger';
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { createChainCredentials } from './chain-credentials';
import type { FixedChain } from './chain-credentials';
import type { ServiceConfig } from './config';
import { checkCredentials } from './credential-health';
import { createDemoClock } from './demo-clock';
import type { DemoClock } from './demo-clock';
import { createDemoOrganisation } from './demo-organisation';
import type { DemoOrganisation, DemoOrganisationOptions } from './demo-organisation';
import { startHttpServer } from './http-server';
import type { JsonLogger } from './json-logger';
import { createReportsService } from './reports-service';
import { handleRequest } from './routes';

export interface StartOptions {
  /** Where every log line goes (identity records, provider records, access log). */
  logger: JsonLogger;
  /** Demo only: the clock to share (default: a new one following real time). */
  clock?: DemoClock;
  /** Demo only: replace a role's trust policy. */
  trust?: DemoOrganisationOptions['trust'];
}

export interface RunningApp {
  url: string;
  config: ServiceConfig;
  /** The chain's credential provider (the one the service's clients use). */
  credentials: AwsCredentialIdentityProvider;
  /** Present in demo mode: the shared clock and the organisation, for the tour and the tests. */
  demo?: { clock: DemoClock; org: DemoOrganisation };
  close(): Promise<void>;
}

/**
 * Starts the service; in demo mode also the embedded organisation. Role ARNs, external id or region the
 * credential provider refuses throw the `ConfigError` of their variable.
 */
export async function startApp(config: ServiceConfig, options: StartOptions): Promise<RunningApp> {
  const { logger } = options;
  let demo: RunningApp['demo'];
  /** The clock the provider runs on. */
  const now = () => demo?.clock.now() ?? Date.now();
  let fixed: FixedChain | undefined;
  if (config.mode === 'demo') {
    const clock = options.clock ?? createDemoClock();
    const org = createDemoOrganisation({
      now: clock.date,
      ...(options.trust === undefined ? {} : { trust: options.trust }),
    });
    demo = { clock, org };
    fixed = {
      source: org.user.credentials,
      roleArns: [org.deployer.arn, org.reportReader.arn],
      now: clock.now,
    };
  }
  const credentials = createChainCredentials(config, { logger, ...(fixed === undefined ? {} : { fixed }) });

  const s3 = new S3Client({ region: config.region, credentials });
  const sts = new STSClient({ region: config.region, credentials });
  for (const client of [s3, sts]) {
    client.middlewareStack.use(identityLoggerPlugin({ logger }));
    // A session revoked or expired early (ExpiredToken, InvalidClientTokenId): new credentials, one retry.
    client.middlewareStack.use(invalidateOnAuthErrorPlugin(credentials));
  }
  // The SDK signs with its own clock plus `systemClockOffset` (which it also corrects on clock-skew errors);
  // in the demo, that offset follows the demo clock so signatures stay inside the mock's 15-minute window.
  demo?.clock.onAdvance((offset) => {
    s3.config.systemClockOffset = offset;
    sts.config.systemClockOffset = offset;
  });

  const service = createReportsService({
    credentials,
    s3,
    sts,
    bucket: config.bucket,
    prefix: config.prefix,
    health: () => checkCredentials(credentials, now),
  });
  const server = await startHttpServer((method, target) => handleRequest(service, method, target, logger), {
    host: config.host,
    port: config.port,
    logger,
  });

  // In the demo, msw answers every AWS call in-process and refuses anything else; requests to this very
  // service from this same process (the tour, the tests) pass through to it.
  const mocks =
    demo === undefined
      ? undefined
      : setupServer(
          ...demo.org.handlers,
          http.all(`${server.url}/*`, () => passthrough()),
        );
  mocks?.listen(failOnUnhandledRequests);

  return {
    url: server.url,
    config,
    credentials,
    ...(demo === undefined ? {} : { demo }),
    async close() {
      mocks?.close();
      await server.close();
      s3.destroy();
      sts.destroy();
    },
  };
}
