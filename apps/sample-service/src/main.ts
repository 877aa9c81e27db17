/**
 * Entry point: `node dist/main.mjs` runs the tour on the embedded demo and exits (0 when every step
 * answered as expected); `node dist/main.mjs --serve` serves per the environment (after the tour, in demo
 * mode) until interrupted. Bad configuration prints one line naming the variable and exits with code 2: what
 * the service owns is checked before anything else is even loaded, what the credential provider checks (role
 * ARNs, external id, region) when `run` builds the chain, before any network call.
 */
import { ConfigError, resolveConfig } from './service/config';
import type { ServiceConfig } from './service/config';

const usage = 'usage: sample-service [--serve]';

function configFrom(args: readonly string[]): { config: ServiceConfig; serve: boolean } | string {
  const unknown = args.find((arg) => arg !== '--serve');
  if (unknown !== undefined) return `unknown argument '${unknown}' (${usage})`;
  const serve = args.includes('--serve');
  try {
    return { config: resolveConfig(process.env, serve ? {} : { forceDemo: true, defaultPort: 0 }), serve };
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

async function main(): Promise<number> {
  const resolved = configFrom(process.argv.slice(2));
  if (typeof resolved === 'string') {
    process.stderr.write(`sample-service: ${resolved}\n`);
    return 2;
  }
  // The tour shows an AWS SDK span with its identity: tracing starts before `./run` loads the AWS SDK, whose
  // modules the instrumentation patches as they load.
  const tracing =
    resolved.config.mode === 'demo' ? (await import('./service/tracing')).startDemoTracing() : undefined;
  const { run } = await import('./run');
  return run(resolved.config, resolved.serve, tracing);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `sample-service: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
