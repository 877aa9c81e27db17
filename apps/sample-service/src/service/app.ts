/**
 * The service a team deploys: its routes on `node:http` over the credentials and AWS clients it is given.
 * It builds neither: against real AWS they come from `fromRoleChain` (`chain-credentials.ts`) and
 * `aws-clients.ts`; the embedded demo (`../demo/embedded-demo.ts`) gives its own, on its own clock.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { RoleChainProvider } from '@rolechain/credential-provider';
import type { ServiceConfig } from './config';
import { checkCredentials } from './credential-health';
import { startHttpServer } from './http-server';
import type { RunningServer } from './http-server';
import type { JsonLogger } from './json-logger';
import { createReportsService } from './reports-service';
import { handleRequest } from './routes';
import type { ServiceMetrics } from './service-metrics';

export interface StartOptions {
  /** Where every log line goes (the access log and unexpected errors). */
  logger: JsonLogger;
  /** The chain's provider; the clients must hold the same one. */
  credentials: RoleChainProvider;
  /** The clients the service calls AWS with; the app owns them from now on: `close()` destroys them. */
  s3: S3Client;
  sts: STSClient;
  /** The clock the provider runs on, for `/healthz` (default: `Date.now`). */
  now?: () => number;
  /**
   * The metrics `GET /metrics` shows (`createServiceMetrics()`, whose `meterProvider` the chain reports
   * into); without them there is no `/metrics`. The app owns them from now on: `close()` shuts them down.
   */
  metrics?: ServiceMetrics;
}

export interface RunningApp {
  url: string;
  config: ServiceConfig;
  /** The chain's credential provider (the one the service's clients use). */
  credentials: RoleChainProvider;
  close(): Promise<void>;
}

/** Starts serving on `config.host:config.port` (port 0 picks a free one). */
export async function startApp(config: ServiceConfig, options: StartOptions): Promise<RunningApp> {
  const { logger, credentials, s3, sts, metrics } = options;
  const now = options.now ?? Date.now;
  const service = createReportsService({
    credentials,
    s3,
    sts,
    bucket: config.bucket,
    prefix: config.prefix,
    health: () => checkCredentials(credentials, now),
  });
  const api = metrics === undefined ? service : { ...service, metrics: () => metrics.scrape() };
  let server: RunningServer;
  try {
    server = await startHttpServer((method, target) => handleRequest(api, method, target, logger), {
      host: config.host,
      port: config.port,
      logger,
    });
  } catch (error) {
    s3.destroy();
    sts.destroy();
    await metrics?.shutdown();
    throw error;
  }
  return {
    url: server.url,
    config,
    credentials,
    async close() {
      await server.close();
      s3.destroy();
      sts.destroy();
      await metrics?.shutdown();
    },
  };
}
