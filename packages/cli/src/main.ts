import { credentialProcess, credentialProcessHelp } from './credential-process';
import { errorLine } from './error-line';
import { exec, execHelp } from './exec';
import type { CliIo } from './io';
import { lint, lintHelp } from './lint';
import { serve, serveHelp } from './serve';
import { UsageError } from './usage-error';
import { whoami, whoamiHelp } from './whoami';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** The commands by name: a Map, so a name such as `constructor` or `__proto__` is just an unknown one. */
const commands: ReadonlyMap<string, { run: Command; help: string }> = new Map([
  ['credential-process', { run: credentialProcess, help: credentialProcessHelp }],
  ['whoami', { run: whoami, help: whoamiHelp }],
  ['exec', { run: exec, help: execHelp }],
  ['lint', { run: lint, help: lintHelp }],
  ['serve', { run: serve, help: serveHelp }],
]);

/** A command name as we write them, short enough that it cannot be a pasted secret: echoed when unknown. */
const commandName = /^[a-z][a-z-]{0,31}$/;

/** `rolechain --help`. */
export const mainHelp = `Usage: rolechain <command> [options]

One AWS role chain for every tool.

Commands:
  credential-process   print the chain's credentials as credential_process JSON
  whoami               show the chain hop by hop: base identity, each assumed role, expiry
  exec                 run a command with the chain's credentials in its environment
  lint                 check the shared config's profiles before they break
  serve                serve named chains to every process of a host or pod, in any language

Run \`rolechain <command> --help\` (or \`rolechain help <command>\`) for a command's options.
`;

/**
 * Runs the CLI with `args` (without `node` and the script) and returns the exit code: 0 on success, 1 when
 * the chain or the command fails, 2 for a usage error. Messages go to `io.stderr`, one line, never a secret.
 */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (
    name === undefined ||
    name === '--help' ||
    name === '-h' ||
    (name === 'help' && rest[0] === undefined)
  ) {
    (name === undefined ? io.stderr : io.stdout)(mainHelp);
    return name === undefined ? 2 : 0;
  }
  const wanted = name === 'help' ? (rest[0] ?? name) : name;
  const command = commands.get(wanted);
  if (command === undefined) {
    const shown = commandName.test(wanted) ? ` ${JSON.stringify(wanted)}` : '';
    io.stderr(`rolechain: unknown command${shown}; run rolechain --help\n`);
    return 2;
  }
  if (name === 'help') {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`rolechain ${name}: ${error.message} (see rolechain ${name} --help)\n`);
      return 2;
    }
    io.stderr(`rolechain ${name}: ${errorLine(error)}\n`);
    return 1;
  }
}
