import { StsMockInputError, shown } from './errors';

/** What `rolechain-sts-mock serve` was asked to do. */
export interface ServeArgs {
  readonly fixture: string;
  readonly host: string;
  readonly port: number;
  readonly writeCredentials: string | undefined;
}

/** The command line asked for help: print {@link usage} and exit 0. */
export const helpRequested = Symbol('help');

export const usage = `Usage: rolechain-sts-mock serve --fixture FILE [--host 127.0.0.1] [--port 0] [--write-credentials FILE]

Serves the STS mock described by the fixture FILE over HTTP on a loopback address, prints one JSON line
({"url", "controlUrl", "token", …}) when it is ready, and runs until SIGINT or SIGTERM.

  --fixture FILE            the fixture (JSON; schema: @rolechain/sts-mock/fixture.schema.json)
  --host ADDRESS            loopback address to bind: 127.0.0.1 (default), ::1 or localhost
  --port N                  port, 0 (default) for a free one
  --write-credentials FILE  write the fixture users' keys there as an AWS shared credentials file (mode 0600)
`;

const flags = ['--fixture', '--host', '--port', '--write-credentials'] as const;
type Flag = (typeof flags)[number];

/**
 * Reads `serve`'s command line. Anything wrong (an unknown command or flag, a flag given twice or without
 * its value, a port that is not a number) is an {@link StsMockInputError} naming the flag.
 */
export function parseServeArgs(argv: readonly string[]): ServeArgs | typeof helpRequested {
  if (argv.includes('--help') || argv.includes('-h')) return helpRequested;
  const [command, ...rest] = argv;
  if (command !== 'serve') {
    throw new StsMockInputError(
      'command',
      command === undefined
        ? 'missing: the only command is serve'
        : `'${shown(command)}' is not a command (the only one is serve)`,
    );
  }
  const values = new Map<Flag, string>();
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index] ?? '';
    const equals = arg.indexOf('=');
    const name = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    const flag = flags.find((known) => known === name);
    if (flag === undefined) {
      if (!arg.startsWith('-'))
        throw new StsMockInputError('arguments', `'${shown(arg)}' is not a flag of serve`);
      const near = nearest(name);
      throw new StsMockInputError(
        name.slice(0, 64),
        `is not a flag of serve${near === undefined ? '' : ` (did you mean '${near}'?)`} (flags: ${flags.join(', ')})`,
      );
    }
    if (values.has(flag)) throw new StsMockInputError(flag, 'is given twice');
    let value: string | undefined;
    if (name !== arg) value = arg.slice(equals + 1);
    else {
      value = rest[index + 1];
      index += 1;
    }
    if (value === undefined || value === '' || (name === arg && value.startsWith('--'))) {
      throw new StsMockInputError(flag, 'needs a value');
    }
    values.set(flag, value);
  }
  const fixture = values.get('--fixture');
  if (fixture === undefined)
    throw new StsMockInputError('--fixture', 'is required: the fixture file to serve');
  return {
    fixture,
    host: values.get('--host') ?? '127.0.0.1',
    port: portNumber(values.get('--port') ?? '0'),
    writeCredentials: values.get('--write-credentials'),
  };
}

function portNumber(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65535))
    throw new StsMockInputError('--port', `'${shown(text)}' is not a port number (0-65535)`);
  return port;
}

/** The flag `name` is most likely a typo of: one at most two edits away. */
function nearest(name: string): Flag | undefined {
  if (name.length > 64) return undefined;
  return flags.find((flag) => editDistance(flag, name.toLowerCase()) <= 2);
}

/** Levenshtein distance of two short strings (both at most 64 characters here). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
