import { describe, expect, test } from 'vitest';
import { HttpError } from './http-errors';
import { checkKey, loggedPath, parseRequestTarget, reportKey } from './request-target';

function refusal(act: () => unknown): { status: number; code: string; message: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an HttpError');
}

const entries = (target: string) => [...parseRequestTarget(target).query];

describe('parseRequestTarget', () => {
  test('the path is kept as sent: no dot-segment folding, no decoding of route names', () => {
    expect(parseRequestTarget('/reports/../whoami').path).toBe('/reports/../whoami');
    expect(parseRequestTarget('/%77hoami').path).toBe('/%77hoami');
    expect(parseRequestTarget('/reports/2026/q1%20final.csv?').path).toBe('/reports/2026/q1%20final.csv');
  });

  test('the absolute form that HTTP/1.1 allows is read as its path and query', () => {
    expect(parseRequestTarget('http://127.0.0.1:3000/healthz')).toEqual({
      path: '/healthz',
      query: new Map(),
    });
    expect(entries('HTTPS://[::1]:8443/reports?prefix=a')).toEqual([['prefix', ['a']]]);
    expect(parseRequestTarget('http://localhost').path).toBe('/');
  });

  test.each([
    ['http://[/healthz', 'The request target is not a valid URL: its host cannot be parsed'],
    ['http://a b/healthz', 'The request target is not a valid URL: its host cannot be parsed'],
    ['http:///healthz', 'The request target is not a valid URL: its host cannot be parsed'],
    ['*', 'The request target must be a path starting with /'],
    ['healthz', 'The request target must be a path starting with /'],
    ['/healthz#top', 'The request target must not contain a fragment (#)'],
  ])('%j is a 400 saying why', (target, message) => {
    expect(refusal(() => parseRequestTarget(target))).toEqual({ status: 400, code: 'BadRequest', message });
  });

  test('a target over 4096 characters is a 414', () => {
    expect(refusal(() => parseRequestTarget(`/${'a'.repeat(4096)}`))).toEqual({
      status: 414,
      code: 'UriTooLong',
      message: 'The request target is 4097 characters long; at most 4096 are accepted',
    });
    expect(parseRequestTarget(`/${'a'.repeat(4095)}`).path).toHaveLength(4096);
  });

  test('the query is decoded strictly into a Map: repeated names keep every value, + is a space', () => {
    expect(entries('/r?prefix=2025%2F&x=a+b&x=&flag&&__proto__=1&constructor.prototype.y=2')).toEqual([
      ['prefix', ['2025/']],
      ['x', ['a b', '']],
      ['flag', ['']],
      ['__proto__', ['1']],
      ['constructor.prototype.y', ['2']],
    ]);
    expect(({} as Record<string, unknown>)['y']).toBeUndefined();
  });

  test('malformed percent-encoding in the query is a 400, never replaced by U+FFFD', () => {
    expect(refusal(() => parseRequestTarget('/reports?prefix=%FF'))).toEqual({
      status: 400,
      code: 'BadRequest',
      message: 'The value of the query parameter "prefix" is not valid percent-encoded UTF-8',
    });
    expect(refusal(() => parseRequestTarget('/reports?%E0%A4=1')).message).toBe(
      'The query parameter name is not valid percent-encoded UTF-8',
    );
  });

  test('more than 16 query parameters is a 400', () => {
    const target = `/reports?${Array.from({ length: 17 }, (_, i) => `p${i}=1`).join('&')}`;
    expect(refusal(() => parseRequestTarget(target)).message).toBe(
      'The query has 17 parameters; at most 16 are accepted',
    );
  });
});

describe('keys', () => {
  test('a report key is percent-decoded strictly: a lone surrogate or a cut sequence is a 400', () => {
    expect(reportKey('2026/q1%20final.csv')).toBe('2026/q1 final.csv');
    expect(refusal(() => reportKey('%ED%A0%80')).message).toBe(
      'The report key is not valid percent-encoded UTF-8',
    );
    expect(refusal(() => reportKey('%E0%A4%A')).status).toBe(400);
  });

  test('keys and prefixes are bounded by S3 limit of 1024 UTF-8 bytes', () => {
    expect(checkKey('é'.repeat(512), 'prefix')).toHaveLength(512);
    expect(refusal(() => checkKey(`${'é'.repeat(512)}x`, 'prefix')).message).toBe(
      'The prefix is 1025 bytes long in UTF-8; S3 accepts at most 1024',
    );
  });
});

test('the logged path never holds the query and is cut at 120 characters', () => {
  expect(loggedPath('/reports?X-Amz-Security-Token=secret')).toBe('/reports');
  expect(loggedPath('/a#b?c')).toBe('/a');
  expect(loggedPath(`/${'a'.repeat(300)}`)).toBe(`/${'a'.repeat(119)}…`);
});
