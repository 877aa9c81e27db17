import { openTerminal, type OpenTerminal } from './terminal';

/** Where a command writes and what it reads from its process: injectable so commands run in-process in tests. */
export interface CliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error: progress and error messages, never a secret. */
  stderr: (text: string) => void;
  /** The environment the command reads (AWS_PROFILE, AWS_REGION, XDG_CACHE_HOME…). */
  env: Readonly<Record<string, string | undefined>>;
  /** Opens the controlling terminal for an MFA prompt; without it, or when it gives none, there is none. */
  openTerminal?: () => OpenTerminal | undefined;
}

/** The real process's streams and controlling terminal, with `env` (default: the process's environment). */
export function processIo(env: CliIo['env'] = process.env): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env,
    openTerminal: () => openTerminal(),
  };
}
