// `rolechain-sts-mock serve`: the mock a fixture describes, over HTTP on loopback, with the control API on the
// same port, for tests written in any language. One JSON line on stdout says it is ready and where.
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { controlPrefix, createControlApi } from './control';
import { writeCredentialsFile } from './credentials-file';
import { StsMockInputError } from './errors';
import { loadFixture, maxFixtureBytes } from './fixture';
import type { LoadedFixture } from './fixture';
import { helpRequested, parseServeArgs, usage } from './serve-args';
import type { ServeArgs } from './serve-args';

/** What `serve` needs from its process: output, and a promise that settles when it should stop. */
export interface ServeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Settles on SIGINT or SIGTERM. */
  readonly stopped: Promise<unknown>;
}

/** The line `serve` prints when it is ready. */
export interface ReadyLine {
  /** The STS endpoint (`AWS_ENDPOINT_URL_STS`, `--endpoint-url`). */
  readonly url: string;
  /** The control API's base URL (ends with `/_rolechain`). */
  readonly controlUrl: string;
  /** The bearer token of the control API. */
  readonly token: string;
  /** The signing region the mock requires, when the fixture sets one. */
  readonly region?: string;
  /** Absolute path of the credentials file, with `--write-credentials`. */
  readonly credentialsFile?: string;
  /** The fixture's users: profile name, ARN, access key id and MFA serial number (no secrets). */
  readonly users: readonly {
    readonly profile: string;
    readonly arn: string;
    readonly accessKeyId: string;
    readonly mfaSerialNumber?: string;
  }[];
}

/**
 * Runs the command line `argv` (after the executable): 0 once stopped by a signal, 2 for a bad command
 * line, fixture or credentials file (before anything listens), 1 when the server cannot listen.
 */
export async function serve(argv: readonly string[], io: ServeIo): Promise<number> {
  let fixture: LoadedFixture;
  let args: ServeArgs;
  try {
    const parsed = parseServeArgs(argv);
    if (parsed === helpRequested) {
      io.stdout(usage);
      return 0;
    }
    args = parsed;
    fixture = loadFixture(await readFixtureFile(args.fixture));
    if (parsed.writeCredentials !== undefined) {
      await writeCredentialsFile(parsed.writeCredentials, fixture.users).catch((error: unknown) => {
        throw new StsMockInputError(
          '--write-credentials',
          `cannot write '${parsed.writeCredentials}': ${reason(error)}`,
        );
      });
    }
  } catch (error) {
    if (!(error instanceof StsMockInputError)) throw error;
    io.stderr(
      `rolechain-sts-mock: ${error.message}\n${error.field.startsWith('--') || error.field === 'command' ? `\n${usage}` : ''}`,
    );
    return 2;
  }
  const token = randomBytes(32).toString('base64url');
  const routes = createControlApi({ sts: fixture.mock.sts, clock: fixture.clock, token });
  let server;
  try {
    server = await fixture.mock.listen({ host: args.host, port: args.port }, routes);
  } catch (error) {
    if (error instanceof StsMockInputError) {
      io.stderr(`rolechain-sts-mock: --${error.field}: ${error.message.slice(error.field.length + 2)}\n`);
      return 2;
    }
    io.stderr(`rolechain-sts-mock: cannot listen on ${args.host} port ${args.port}: ${reason(error)}\n`);
    return 1;
  }
  const ready: ReadyLine = {
    url: server.url,
    controlUrl: `${server.url}${controlPrefix.slice(0, -1)}`,
    token,
    ...(fixture.region === undefined ? {} : { region: fixture.region }),
    ...(args.writeCredentials === undefined ? {} : { credentialsFile: resolve(args.writeCredentials) }),
    users: fixture.users.map(({ profile, user }) => ({
      profile,
      arn: user.arn,
      accessKeyId: user.accessKeyId,
      ...(user.mfaSerialNumber === undefined ? {} : { mfaSerialNumber: user.mfaSerialNumber }),
    })),
  };
  io.stdout(`${JSON.stringify(ready)}\n`);
  await io.stopped;
  await server.close();
  return 0;
}

/** The fixture file's text, refused past {@link maxFixtureBytes} without reading it all. */
async function readFixtureFile(path: string): Promise<string> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new StsMockInputError('--fixture', `cannot read '${path}': ${reason(error)}`);
  }
  try {
    const buffer = Buffer.alloc(maxFixtureBytes + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, size, buffer.length - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxFixtureBytes) {
        throw new StsMockInputError('--fixture', `'${path}' is larger than ${maxFixtureBytes} bytes`);
      }
    }
    return buffer.subarray(0, size).toString('utf8');
  } catch (error) {
    if (error instanceof StsMockInputError) throw error;
    throw new StsMockInputError('--fixture', `cannot read '${path}': ${reason(error)}`);
  } finally {
    await file.close();
  }
}

/** An OS error's code (`ENOENT`, `EACCES`, `EADDRINUSE`, …), else its message. */
function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
