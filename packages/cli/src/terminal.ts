import { closeSync, openSync, writeSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import type { Terminal } from './mfa-prompt';

/** The controlling terminal, opened for one prompt; `close` releases it so the process can exit. */
export interface OpenTerminal extends Terminal {
  close: () => void;
}

/**
 * Opens the process's controlling terminal (`/dev/tty`) to read keystrokes and write a prompt, even when
 * stdin and stdout belong to the tool that runs rolechain. Undefined when there is none: CI, cron, a
 * service, a process started with `setsid`.
 */
export function openTerminal(path = '/dev/tty'): OpenTerminal | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    return undefined;
  }
  if (!isatty(fd)) {
    closeSync(fd);
    return undefined;
  }
  const input = new ReadStream(fd);
  return {
    input,
    write: (text) => {
      writeSync(fd, text);
    },
    close: () => {
      input.destroy();
    },
  };
}
