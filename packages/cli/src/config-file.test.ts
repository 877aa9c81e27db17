import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkConfigFile, ConfigFileError, maxConfigFileBytes } from './config-file';

const dir = mkdtempSync(join(tmpdir(), 'rolechain-config-file-'));
let count = 0;
function file(content: string | Buffer): string {
  count += 1;
  const path = join(dir, `config-${String(count)}`);
  writeFileSync(path, content);
  return path;
}

describe('checkConfigFile', () => {
  test('a well-formed file passes: sections, settings, nested settings, comments, blank lines, CRLF, BOM', () => {
    const text = [
      '\uFEFF# team config',
      '[default]',
      'region = eu-west-1 ; trailing comment',
      '',
      '[profile ci]',
      'role_arn = arn:aws:iam::222222222222:role/ci',
      's3 =',
      '  max_concurrent_requests = 20',
      '  addressing_style = path',
      '; a comment',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
    ].join('\r\n');
    expect(() => {
      checkConfigFile(file(text), true);
    }).not.toThrow();
  });

  test('a missing file: an error when required, else nothing to check', () => {
    const missing = join(dir, 'missing');
    expect(() => {
      checkConfigFile(missing, true);
    }).toThrow(new ConfigFileError(`${missing}: does not exist`));
    expect(() => {
      checkConfigFile(missing, false);
    }).not.toThrow();
  });

  test('a directory, named', () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    expect(() => {
      checkConfigFile(sub, false);
    }).toThrow(new ConfigFileError(`${sub}: is a directory, not a config file`));
  });

  test('a path that cannot be opened, or a FIFO in the place of the file, is refused at once, named', () => {
    const through = join(file('[default]\n'), 'config');
    expect(() => {
      checkConfigFile(through, true);
    }).toThrow(new ConfigFileError(`${through}: cannot be read (ENOTDIR)`));
    const fifo = join(dir, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => {
      checkConfigFile(fifo, true);
    }).toThrow(new ConfigFileError(`${fifo}: is not a regular file`));
  });

  test.each([
    ['NUL bytes', Buffer.from('[default]\nregion = eu\0west-1\n'), 'is not a text file (it holds NUL bytes)'],
    ['invalid UTF-8', Buffer.from([0x5b, 0x64, 0x5d, 0x0a, 0xff, 0xfe, 0x00, 0x01]), 'is not UTF-8 text'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'is not UTF-8 text'],
  ])('binary content (%s) is refused, naming the file', (_, content, problem) => {
    const path = file(content);
    expect(() => {
      checkConfigFile(path, true);
    }).toThrow(new ConfigFileError(`${path}: ${problem}`));
  });

  test.each([
    ['region = eu-west-1\n[default]\n', 1, 'a setting before any [section] header'],
    [
      '[default]\nregion = eu-west-1\n[profile ci\nrole_arn = x\n',
      3,
      'a [section] header without its closing ]',
    ],
    ['[default]\nthis line is junk\n', 2, 'neither a [section] header nor a "key = value" setting'],
    ['[default]\n= value\n', 2, 'neither a [section] header nor a "key = value" setting'],
    [
      '[profile ok]\nregion = eu-west-1\n[profile __proto__]\nregion = x\n',
      3,
      'the section name "profile __proto__" makes the AWS SDK ignore the whole file',
    ],
    ['[__proto__]\n', 1, 'the section name "__proto__" makes the AWS SDK ignore the whole file'],
  ])('malformed %j: the file and line, never the line itself', (text, line, problem) => {
    const path = file(text);
    expect(() => {
      checkConfigFile(path, true);
    }).toThrow(new ConfigFileError(`${path} line ${String(line)}: ${problem}`));
  });

  test('a secret on a malformed line is never in the message', () => {
    const path = file('[default]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    expect(() => {
      checkConfigFile(path, true);
    }).toThrow(ConfigFileError);
    try {
      checkConfigFile(path, true);
    } catch (error) {
      expect((error as Error).message).not.toContain('wJalr');
    }
  });

  test('a file over the size bound is refused without being read whole', () => {
    const path = file(`[default]\n${'# padding\n'.repeat(maxConfigFileBytes / 10 + 1)}`);
    expect(() => {
      checkConfigFile(path, true);
    }).toThrow(
      new ConfigFileError(`${path}: is larger than ${String(maxConfigFileBytes)} bytes, not a config file`),
    );
  });
});
