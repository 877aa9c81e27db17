import type { Readable } from 'node:stream';

/** Where a prompt asks: the user's terminal, never the command's stdin or stdout. */
export interface Terminal {
  /** Keystrokes; in raw mode while a prompt reads them, so the terminal echoes nothing typed. */
  input: Readable & { setRawMode?: (raw: boolean) => unknown };
  /** Writes prompt text where the user sees it. */
  write: (text: string) => void;
}

/** No MFA code could be had. The message names the device, never a code or anything typed. */
export class MfaCodeError extends Error {
  override readonly name = 'MfaCodeError';
}

/** Entries that are not 6 digits before the prompt gives up. */
export const promptTries = 3;

/**
 * How long a prompt waits for the user: less than the 60 s `@rolechain/credential-provider` waits for a code,
 * so the prompt ends first, says why, and lets go of the terminal.
 */
export const promptTimeoutMs = 55_000;

const codePattern = /^\d{6}$/;
const ctrlC = '\u0003';
const ctrlD = '\u0004';
const backspaces = new Set(['\u007f', '\b']);

/**
 * Asks for the code of MFA device `serialNumber` on `terminal` and reads one line without echo. An entry that
 * is not 6 digits is refused and asked again, up to {@link promptTries} entries; Ctrl-C, Ctrl-D, the end of
 * input and {@link promptTimeoutMs} reject with an {@link MfaCodeError}. Nothing typed is ever written.
 */
export function promptMfaCode(
  serialNumber: string,
  terminal: Terminal,
  timeoutMs = promptTimeoutMs,
): Promise<string> {
  const { input, write } = terminal;
  const ask = `MFA code for ${serialNumber}: `;
  return new Promise((resolve, reject) => {
    let line = '';
    let tries = 0;
    const finish = (outcome: { code: string } | { problem: string }) => {
      clearTimeout(timer);
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.setRawMode?.(false);
      input.pause();
      // Raw mode does not echo Enter either: end the prompt's line.
      write('\n');
      if ('code' in outcome) resolve(outcome.code);
      else reject(new MfaCodeError(`MFA code for ${serialNumber}: ${outcome.problem}`));
    };
    const onEnter = (): boolean => {
      if (codePattern.test(line)) {
        finish({ code: line });
        return true;
      }
      tries += 1;
      if (tries >= promptTries) {
        finish({ problem: `no 6-digit code after ${promptTries} tries` });
        return true;
      }
      line = '';
      write(`\nnot a 6-digit code; try again\n${ask}`);
      return false;
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === ctrlC || char === ctrlD) {
          finish({ problem: char === ctrlC ? 'cancelled (Ctrl-C)' : 'input ended (Ctrl-D)' });
          return;
        }
        if (char === '\r' || char === '\n') {
          if (onEnter()) return;
        } else if (backspaces.has(char)) {
          line = line.slice(0, -1);
        } else {
          line += char;
        }
      }
    };
    const onEnd = () => {
      finish({ problem: 'the terminal closed before a code was entered' });
    };
    const onError = (error: NodeJS.ErrnoException) => {
      finish({ problem: `cannot read the terminal (${error.code ?? 'error'})` });
    };
    const timer = setTimeout(() => {
      finish({ problem: `no code entered within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    write(ask);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    input.setRawMode?.(true);
    input.resume();
  });
}
