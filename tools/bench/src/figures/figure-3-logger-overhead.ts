// Figure 3: what identityLoggerPlugin adds to each send(), with an in-memory request handler.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpResponse } from '@smithy/core/transport';
import type * as IdentityLogger from '@rolechain/identity-logger';
import type { HttpHandler } from '@smithy/core/protocols';
import type { AwsCredentialIdentity } from '@smithy/types';
import { figureMain } from '../figure-io';
import { anchorRow, oursRow } from '../model';
import type { Row } from '../model';
import { loadRoleChain } from '../ours';
import { summarize } from '../stats';
import type { Summary } from '../stats';
import { createWorld, region, serve } from '../world';

const metric = 'send() time';
const body = new TextEncoder().encode(
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    '<Arn>arn:aws:sts::444444444444:assumed-role/hop-3/bench</Arn><UserId>AROAEXAMPLEEXAMPLE01:bench</UserId>' +
    '<Account>444444444444</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>' +
    '00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
);

/** A request handler that never touches the network: every request gets the same canned answer. */
const inMemory: HttpHandler = {
  handle: () =>
    Promise.resolve({
      response: new HttpResponse({
        statusCode: 200,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000' },
        body,
      }),
    }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
};

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

type Plugin = typeof IdentityLogger.identityLoggerPlugin;

async function loadPlugin(): Promise<Plugin | string> {
  try {
    const module: Record<string, unknown> = await import('@rolechain/identity-logger');
    const plugin = module['identityLoggerPlugin'];
    return typeof plugin === 'function'
      ? (plugin as Plugin)
      : '@rolechain/identity-logger does not export identityLoggerPlugin yet';
  } catch (error) {
    return `@rolechain/identity-logger did not load (${error instanceof Error ? error.message : String(error)})`;
  }
}

const pairs = 3000;
const warmup = 300;

const send = async (client: STSClient): Promise<number> => {
  const start = process.hrtime.bigint();
  await client.send(new GetCallerIdentityCommand({}));
  return Number(process.hrtime.bigint() - start) / 1000;
};

/**
 * Times sends of two clients in interleaved pairs (order alternating), so that machine noise and drift
 * fall on both alike; the overhead is the median of the paired differences.
 */
async function interleaved(plain: STSClient, other: STSClient) {
  const plainUs: number[] = [];
  const otherUs: number[] = [];
  const overheadUs: number[] = [];
  for (let i = 0; i < warmup + pairs; i++) {
    let withIt: number;
    let without: number;
    if (i % 2 === 0) {
      withIt = await send(other);
      without = await send(plain);
    } else {
      without = await send(plain);
      withIt = await send(other);
    }
    if (i < warmup) continue;
    plainUs.push(without);
    otherUs.push(withIt);
    overheadUs.push(withIt - without);
  }
  return { plain: summarize(plainUs), logged: summarize(otherUs), overhead: summarize(overheadUs) };
}

/** The plugin against the same client without it. */
async function pair(
  credentials: AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>),
  plugin: Plugin,
  options: IdentityLogger.IdentityLoggerOptions,
) {
  const plain = new STSClient({ region, credentials, requestHandler: inMemory });
  const logged = new STSClient({ region, credentials, requestHandler: inMemory });
  let records = 0;
  logged.middlewareStack.use(plugin({ ...options, logger: silent, onRecord: () => records++ }));
  await send(logged);
  if (records !== 1) throw new Error(`the plugin wrote ${records} records for one send`);
  const measured = await interleaved(plain, logged);
  if (records !== 1 + warmup + pairs)
    throw new Error(`the plugin wrote ${records} records for ${1 + warmup + pairs} sends`);
  return measured;
}

/** The floor any such plugin pays: two middlewares that do nothing, at the plugin's two steps. */
async function emptyMiddlewares(credentials: AwsCredentialIdentity): Promise<Summary> {
  const plain = new STSClient({ region, credentials, requestHandler: inMemory });
  const noop = new STSClient({ region, credentials, requestHandler: inMemory });
  noop.middlewareStack.add((next) => (args) => next(args), {
    step: 'initialize',
    name: 'benchNoopInitialize',
  });
  noop.middlewareStack.add((next) => (args) => next(args), {
    step: 'finalizeRequest',
    name: 'benchNoopFinalize',
  });
  return (await interleaved(plain, noop)).overhead;
}

function rowsFor(caseName: string, measured: { plain: Summary; logged: Summary; overhead: Summary }): Row[] {
  const anchor = anchorRow({
    case: caseName,
    metric,
    subject: 'same client without the plugin',
    unit: 'µs',
    summary: measured.plain,
  });
  const overheadRow = oursRow(
    {
      case: caseName,
      metric: 'added per send (paired difference)',
      subject: 'identityLoggerPlugin',
      unit: 'µs',
      summary: measured.overhead,
    },
    undefined,
    { text: '≤ 2 µs median', met: (median) => median <= 2 },
  );
  return [
    anchor,
    oursRow(
      { case: caseName, metric, subject: 'with identityLoggerPlugin', unit: 'µs', summary: measured.logged },
      anchor,
      { text: '≤ 1.05× anchor', met: (_median, ratio) => ratio !== undefined && ratio <= 1.05 },
    ),
    overheadRow,
  ];
}

await figureMain(
  {
    id: 3,
    slug: 'figure-3-logger-overhead',
    title: 'send() overhead of identityLoggerPlugin',
    method:
      'Two STSClients with the same credentials and an in-memory request handler (a `handle()` that returns a ' +
      'canned GetCallerIdentity HttpResponse: no network, no msw), one with `identityLoggerPlugin` attached. ' +
      '`await client.send(new GetCallerIdentityCommand({}))` is timed (process.hrtime) in ' +
      `${pairs} interleaved pairs, one send of each client per pair, the order alternating, after ${warmup} ` +
      'warm-up pairs; serialization, SigV4 signing and parsing are in both. The overhead is the median of the ' +
      'per-pair differences, which cancels the drift a loaded machine adds to both sides. The plugin ' +
      "logs to a logger whose methods do nothing, so the figure is the plugin's own work (finding the " +
      "identity, building the record), not a logging library's I/O.",
  },
  async () => {
    const plugin = await loadPlugin();
    if (typeof plugin === 'string') return { rows: [], notes: [], missing: plugin };
    const world = createWorld();
    const staticKeys = 'static keys, resolveUnknown: none';
    const rows = rowsFor(staticKeys, await pair(world.user.credentials, plugin, { resolveUnknown: 'none' }));
    rows.push(
      anchorRow({
        case: staticKeys,
        metric: 'added per send (paired difference)',
        subject: 'two no-op middlewares (floor)',
        unit: 'µs',
        summary: await emptyMiddlewares(world.user.credentials),
      }),
    );
    const notes: string[] = [];
    const roleChain = await loadRoleChain();
    if (typeof roleChain === 'string') {
      notes.push(`Not measured with rolechain credentials: ${roleChain}.`);
    } else {
      const server = serve(world);
      const credentials = roleChain(world);
      await credentials();
      server.close();
      rows.push(
        ...rowsFor('fromRoleChain credentials (3 hops, cached)', await pair(credentials, plugin, {})),
      );
    }
    return { rows, notes };
  },
);
