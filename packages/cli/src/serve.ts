import { listenCredentials } from './credentials-server';
import { providerFor, type ChainProvider } from './chain-provider';
import { errorLine } from './error-line';
import type { CliIo } from './io';
import { chainMfaSerials, mfaCodes, unlessPrompting, type MfaCodes } from './mfa-codes';
import { withProgress } from './progress';
import { parseServeArgs, type ServedChain } from './serve-args';
import { healthReport } from './serve-health';
import { newTokenFile, tokenFromFile } from './serve-token';
import { UsageError } from './usage-error';

/** `rolechain serve --help`. */
export const serveHelp = `Usage: rolechain serve --chain NAME=PROFILE|NAME=ROLE_ARN[,ROLE_ARN…] [--chain …] [--region R]
                      [--token-file F] [--port N] [--host A [--allow-non-loopback]]

Serves each named chain's credentials to every process of a host or pod, in any language, with the
container credentials protocol of the AWS SDKs and the AWS CLI: one cache and one share of the STS quota
for all of them. Each chain is assumed first (a failing hop exits 1, naming the chain); then one JSON line
on stdout gives the URL of each chain and the token file. Clients set
  AWS_CONTAINER_CREDENTIALS_FULL_URI=<the chain's URL, http://127.0.0.1:N/chains/NAME>
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=<the token file>
SIGINT or SIGTERM stops it: no new connections, requests under way finish, exit 0.

  --chain NAME=PROFILE          serve the role profile PROFILE of the shared config at /chains/NAME
  --chain NAME=ROLE_ARN[,…]     serve these roles assumed in order (base credentials: the SDK default chain);
                                repeat --chain for more chains (at most 32), each with its own name
  --region R                    STS region of every chain (default: profile region, AWS_REGION,
                                AWS_DEFAULT_REGION)
  --token-file F                the token clients must send, read from F at every request (a rotated
                                token works at once, the old one is refused); default: a new
                                random token in a new file only you can read, removed when serve stops
  --port N                      port (default: a free one)
  --host A                      the IP address to listen on and the only Host answered (default 127.0.0.1)
  --allow-non-loopback          allow a --host that is not a loopback address; the token is still required
  -h, --help                    this help

GET /healthz answers each chain's health from its provider's status (no token needed, no secret in it):
200 while every chain can serve, 503 when one cannot.
`;

/** Resolves with the first SIGINT or SIGTERM the process gets after it is made; `dispose` stops listening. */
function firstSignal(): { signal: Promise<NodeJS.Signals>; dispose: () => void } {
  let handler: (signal: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    handler = resolve;
  });
  process.once('SIGINT', handler).once('SIGTERM', handler);
  return {
    signal,
    dispose: () => {
      process.off('SIGINT', handler).off('SIGTERM', handler);
    },
  };
}

/**
 * The MFA codes of chain `name`, asked on the terminal (serve has no `--mfa-code`: a code is used once, and a
 * sidecar refreshes for hours). Without a terminal, a chain with `mfa_serial` is a usage error naming it.
 */
async function mfaCodesOf(name: string, spec: ServedChain['spec'], io: CliIo): Promise<MfaCodes | undefined> {
  const serials = await chainMfaSerials(spec, undefined, io.env);
  try {
    return mfaCodes(serials, undefined, io.openTerminal);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `--chain ${name}: mfa_serial ${serials.join(', ')} needs an MFA code at every refresh and there is no ` +
        'terminal to ask for it; serve a chain without mfa_serial',
      { cause: error },
    );
  }
}

/**
 * Assumes each chain once, in order (an MFA prompt at a time), so serve starts only with working chains.
 * Every chain's profiles and MFA devices are checked first, before any STS call.
 */
async function assumeChains(
  options: NonNullable<ReturnType<typeof parseServeArgs>>,
  io: CliIo,
): Promise<Map<string, ChainProvider>> {
  const planned: { name: string; spec: ServedChain['spec']; mfa: MfaCodes | undefined }[] = [];
  for (const { name, spec } of options.chains)
    planned.push({ name, spec, mfa: await mfaCodesOf(name, spec, io) });
  const providers = new Map<string, ChainProvider>();
  for (const { name, spec, mfa } of planned) {
    const provider = providerFor(spec, io.env, mfa);
    try {
      await withProgress(provider(), `assuming chain ${name}`, unlessPrompting(io.stderr, mfa));
    } catch (error) {
      throw new Error(`chain ${name}: ${errorLine(error)}`, { cause: error });
    }
    providers.set(name, provider);
  }
  return providers;
}

/**
 * `rolechain serve --chain NAME=… …`: serves each chain at `/chains/NAME` until SIGINT or SIGTERM; returns 0
 * once it has stopped.
 */
export async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseServeArgs(args);
  if (options === undefined) {
    io.stdout(serveHelp);
    return 0;
  }
  const log = (line: string) => {
    io.stderr(`rolechain serve: ${line}\n`);
  };
  const token =
    options.tokenFile === undefined ? await newTokenFile() : await tokenFromFile(options.tokenFile, log);
  try {
    const providers = await assumeChains(options, io);
    const stop = firstSignal();
    try {
      const server = await listenCredentials({
        routes: new Map([...providers].map(([name, provider]) => [`/chains/${name}`, provider])),
        token: token.current,
        health: { path: '/healthz', report: () => healthReport(providers) },
        log: (line, path) => {
          log(`${path}: ${line}`);
        },
        host: options.host,
        port: options.port,
        keepProcessAlive: true,
      });
      const chains = Object.fromEntries(
        [...providers.keys()].map((name) => [name, `${server.origin}/chains/${name}`]),
      );
      io.stdout(
        `${JSON.stringify({ ready: true, chains, tokenFile: token.path, health: `${server.origin}/healthz` })}\n`,
      );
      log(`${await stop.signal}: stopping`);
      await server.close();
      return 0;
    } finally {
      stop.dispose();
    }
  } finally {
    await token.dispose();
  }
}
