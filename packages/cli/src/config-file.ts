import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A shared config or credentials file that cannot be read as one. The message names the file, never its text. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

/** Larger than any real shared config file; a bigger one is refused rather than read. */
export const maxConfigFileBytes = 1024 * 1024;

/** Section names the AWS SDK refuses, after which it ignores the whole file. */
const refusedSections = new Set(['__proto__', 'profile __proto__']);

/** The text of a line without its comment, as the AWS SDK's parser strips it (`;` or `#` at the start or after a space). */
function withoutComment(line: string): string {
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if ((char === ';' || char === '#') && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return line.slice(0, index);
    }
  }
  return line;
}

/** The reason the line is not one an INI reader takes, or undefined. Never quotes the line: it may hold a key. */
function lineProblem(line: string, inSection: boolean): string | undefined {
  // An indented line continues the setting before it (the AWS CLI's nested `s3 =` settings, long values).
  if (/^\s/.test(line) && inSection) return undefined;
  const text = withoutComment(line).trim();
  if (text === '') return undefined;
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) return 'a [section] header without its closing ]';
    const name = text.slice(1, -1).trim();
    if (refusedSections.has(name)) {
      return `the section name ${JSON.stringify(name)} makes the AWS SDK ignore the whole file`;
    }
    return undefined;
  }
  if (!inSection) return 'a setting before any [section] header';
  if (text.indexOf('=') <= 0) return 'neither a [section] header nor a "key = value" setting';
  return undefined;
}

function unreadable(file: string, error: unknown): ConfigFileError {
  return new ConfigFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
}

/** The file's bytes, at most {@link maxConfigFileBytes}; undefined when it does not exist. */
function readBounded(file: string): Buffer | undefined {
  let fd: number;
  try {
    // Non-blocking: a FIFO in the file's place must not make lint wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(file, error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new ConfigFileError(`${file}: is a directory, not a config file`);
    if (!stat.isFile()) throw new ConfigFileError(`${file}: is not a regular file`);
    const buffer = Buffer.alloc(maxConfigFileBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxConfigFileBytes) {
        throw new ConfigFileError(
          `${file}: is larger than ${String(maxConfigFileBytes)} bytes, not a config file`,
        );
      }
    }
    return buffer.subarray(0, length);
  } catch (error) {
    throw error instanceof ConfigFileError ? error : unreadable(file, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that `file` is a shared config or credentials file the AWS SDK reads as written: a readable regular
 * file of at most {@link maxConfigFileBytes}, UTF-8 text, every line a `[section]` header, a `key = value`
 * setting under one, an indented continuation, a comment or blank. The SDK's own reader skips a file it
 * cannot read or parse without a word (and with it every profile), so a broken file looks like missing
 * profiles; this names the file, the line and the cause instead. A missing file is fine unless `required`.
 */
export function checkConfigFile(file: string, required: boolean): void {
  const bytes = readBounded(file);
  if (bytes === undefined) {
    if (required) throw new ConfigFileError(`${file}: does not exist`);
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ConfigFileError(`${file}: is not UTF-8 text`);
  }
  if (text.includes('\0')) throw new ConfigFileError(`${file}: is not a text file (it holds NUL bytes)`);
  let inSection = false;
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const problem = lineProblem(line, inSection);
    if (problem !== undefined) throw new ConfigFileError(`${file} line ${String(index + 1)}: ${problem}`);
    if (withoutComment(line).trim().startsWith('[')) inSection = true;
  }
}
