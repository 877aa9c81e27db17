import { credentialProcess, credentialProcessHelp } from './credential-process';
import { errorLine } from './error-line';
import { exec, execHelp } from './exec';
import type { CliIo } from './io';
import { lint, lintHelp } from './lint';
import { UsageError } from './usage-error';
import { whoami, whoamiHelp } from './whoami';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: Command; help: string }> = {
  'credential-process': { run: credentialProcess, help: credentialProcessHelp },
  whoami: { run: whoami, help: whoamiHelp },
  exec: { run: exec, help: execHelp },
  lint: { run: lint, help: lintHelp },
};

/** `rolechain --help`. */
export const mainHelp = `Usage: rolechain <command> [options]

One AWS role chain for every tool.

Commands:
  credential-process   print the chain's credentials as credential_process JSON
  whoami               show the chain hop by hop: base identity, each assumed role, expiry
  exec                 run a command with the chain's credentials in its environment
  lint                 check the shared config's profiles before they break

Run \`rolechain <command> --help\` (or \`rolechain help <command>\`) for a command's options.
`;

/**
 * Runs the CLI with `args` (without `node` and the script) and returns the exit code: 0 on success, 1 when
 * the chain or the command fails, 2 for a usage error. Messages go to `io.stderr`, one line, never a secret.
 */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  const topic = name === 'help' && rest[0] !== undefined ? commands[rest[0]] : undefined;
  if (topic !== undefined) {
    io.stdout(topic.help);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(mainHelp);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr(`rolechain: unknown command ${JSON.stringify(name)}; run rolechain --help\n`);
    return 2;
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
