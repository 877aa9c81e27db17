/**
 * Runs the service once the configuration is known — on the embedded demo (then the tour), or against real
 * AWS with the chain's credentials and clients — and with `--serve` keeps serving until SIGINT/SIGTERM. A
 * configuration problem only the credential provider can see still exits with code 2 and one line naming the
 * variable.
 */
import { startDemoApp } from './demo/embedded-demo';
import type { DemoApp } from './demo/embedded-demo';
import { startApp } from './service/app';
import type { RunningApp } from './service/app';
import { createAwsClients } from './service/aws-clients';
import { asConfigError, createChainCredentials } from './service/chain-credentials';
import { ConfigError } from './service/config';
import type { AwsConfig, ServiceConfig } from './service/config';
import { createJsonLogger } from './service/json-logger';
import type { JsonLogger } from './service/json-logger';
import { createServiceMetrics } from './service/service-metrics';
import type { DemoTracing } from './service/tracing';
import { runTour } from './tour';

const write = (text: string) => process.stdout.write(`${text}\n`);

/** A listen failure that is the configuration's fault, as the one line naming the variable. */
export function listenErrorOf(
  error: unknown,
  config: Pick<ServiceConfig, 'host' | 'port'>,
): string | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT: ${config.port} is already in use (set PORT to a free port, or 0 to pick one)`;
    case 'EACCES':
      return `PORT: ${config.port} needs privileges this process does not have (use a port above 1023)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST: '${config.host}' is not an address of this machine (${code})`;
    default:
      return undefined;
  }
}

/** The service against real AWS: the chain from ROLE_CHAIN or AWS_PROFILE, and clients holding it. */
export async function startOnAws(config: AwsConfig, logger: JsonLogger): Promise<RunningApp> {
  const metrics = createServiceMetrics();
  const credentials = createChainCredentials(config, { logger, meterProvider: metrics.meterProvider });
  const clients = createAwsClients({ region: config.region, credentials, logger });
  return startApp(config, { logger, credentials, ...clients, metrics });
}

/** Resolves the exit code. */
/** `tracing`, when given, lends the tour its spans and stops once the tour is over. */
export async function run(config: ServiceConfig, serve: boolean, tracing?: DemoTracing): Promise<number> {
  // During the tour, log lines are collected and shown under the step that caused them; afterwards (and
  // when serving real AWS) they go to stdout as they come, one JSON line each.
  let collected: string[] | undefined = config.mode === 'demo' ? [] : undefined;
  const logger = createJsonLogger((line) => {
    if (collected === undefined) write(line);
    else collected.push(line);
  });
  for (const note of config.notes) write(`note: ${note}`);

  let app: RunningApp;
  let demoApp: DemoApp | undefined;
  try {
    if (config.mode === 'demo') app = demoApp = await startDemoApp(config, { logger });
    else app = await startOnAws(config, logger);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`sample-service: ${error.message}\n`);
      return 2;
    }
    const listenProblem = listenErrorOf(error, config);
    if (listenProblem !== undefined) {
      process.stderr.write(`sample-service: ${listenProblem}\n`);
      return 2;
    }
    throw error;
  }

  if (config.mode === 'aws') {
    // Fetch the chain once now: a profile that does not exist or a region that does not fit the role ARN
    // is bad configuration (exit 2, one line); anything else (a trust policy, STS down) is reported and the
    // service keeps running — /healthz and every route then say what failed.
    try {
      await app.credentials();
    } catch (error) {
      const problem = asConfigError(error, config);
      if (problem instanceof ConfigError) {
        await app.close();
        process.stderr.write(`sample-service: ${problem.message}\n`);
        return 2;
      }
      logger.warn({
        event: 'startup.credentials',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  let ok = true;
  if (demoApp !== undefined) {
    ok = await runTour(demoApp, {
      print: write,
      drainLogs: () => (collected ?? []).splice(0),
      ...(tracing === undefined ? {} : { spans: () => tracing.spans() }),
    });
  }
  await tracing?.stop();
  collected = undefined;
  if (serve) {
    write('');
    write(`serving on ${app.url} (${config.mode === 'demo' ? 'the embedded demo' : 'AWS'}); try:`);
    for (const path of [
      '/whoami',
      '/reports',
      ...(config.mode === 'demo' ? [`/reports/${config.prefix}q1-revenue.csv`] : []),
      '/healthz',
    ]) {
      write(`  curl ${app.url}${path}`);
    }
    write('Ctrl-C stops it.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  }
  await app.close();
  return ok ? 0 : 1;
}
