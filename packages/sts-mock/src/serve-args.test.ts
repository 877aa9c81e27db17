import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { helpRequested, parseServeArgs } from './serve-args';

function refused(argv: string[]): string {
  try {
    parseServeArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(StsMockInputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('parseServeArgs', () => {
  test('defaults: 127.0.0.1, a free port, no credentials file', () => {
    expect(parseServeArgs(['serve', '--fixture', 'org.json'])).toEqual({
      fixture: 'org.json',
      host: '127.0.0.1',
      port: 0,
      writeCredentials: undefined,
    });
  });

  test('every flag, with a space or an equals sign', () => {
    expect(
      parseServeArgs([
        'serve',
        '--fixture=org.json',
        '--host',
        '::1',
        '--port=4566',
        '--write-credentials',
        'creds',
      ]),
    ).toEqual({ fixture: 'org.json', host: '::1', port: 4566, writeCredentials: 'creds' });
  });

  test('--help and -h', () => {
    expect(parseServeArgs(['--help'])).toBe(helpRequested);
    expect(parseServeArgs(['serve', '-h'])).toBe(helpRequested);
  });

  test.each([
    [[], 'command: missing: the only command is serve'],
    [['start'], "command: 'start' is not a command (the only one is serve)"],
    [['serve'], '--fixture: is required: the fixture file to serve'],
    [['serve', '--fixture'], '--fixture: needs a value'],
    [['serve', '--fixture='], '--fixture: needs a value'],
    [['serve', '--fixture', '--port', '1'], '--fixture: needs a value'],
    [['serve', '--fixture', 'a', '--fixture', 'b'], '--fixture: is given twice'],
    [['serve', '--fixture', 'a', '--port', 'http'], "--port: 'http' is not a port number (0-65535)"],
    [['serve', '--fixture', 'a', '--port', '65536'], "--port: '65536' is not a port number (0-65535)"],
    [['serve', '--fixture', 'a', '--port', '-1'], "--port: '-1' is not a port number (0-65535)"],
    [['serve', '--fixture', 'a', 'extra'], "arguments: 'extra' is not a flag of serve"],
  ])('%j is refused: %s', (argv, message) => {
    expect(refused(argv)).toBe(message);
  });

  test('an unknown flag names the flag it is most likely a typo of, never its value', () => {
    expect(refused(['serve', '--fixture', 'a', '--prot=4566'])).toBe(
      "--prot: is not a flag of serve (did you mean '--port'?) (flags: --fixture, --host, --port, --write-credentials)",
    );
    expect(refused(['serve', '--fixture', 'a', '--write-credential', 'x'])).toMatch(
      /did you mean '--write-credentials'/,
    );
    expect(refused(['serve', '--token=s3cr3t'])).toMatch(/^--token: is not a flag of serve \(flags:/);
    expect(refused(['serve', '--token=s3cr3t'])).not.toContain('s3cr3t');
  });
});
