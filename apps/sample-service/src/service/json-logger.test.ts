import { expect, test } from 'vitest';
import { createJsonLogger } from './json-logger';

function capture(minimum?: 'debug' | 'info') {
  const lines: string[] = [];
  return { lines, logger: createJsonLogger((line) => lines.push(line), minimum) };
}

test('a structured record becomes one JSON line with the level first', () => {
  const { lines, logger } = capture();
  logger.warn({ event: 'aws.request', httpStatusCode: 403 });
  expect(lines).toEqual(['{"level":"warn","event":"aws.request","httpStatusCode":403}']);
});

test('text goes under message; an object followed by text (pino style) keeps both', () => {
  const { lines, logger } = capture();
  logger.info('refreshed', 2, 'hops');
  logger.error({ hop: 2 }, 'refresh failed');
  expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
    { level: 'info', message: 'refreshed 2 hops' },
    { level: 'error', hop: 2, message: 'refresh failed' },
  ]);
});

test('debug lines are dropped unless asked for', () => {
  const quiet = capture();
  quiet.logger.debug({ a: 1 });
  const verbose = capture('debug');
  verbose.logger.debug({ a: 1 });
  expect([quiet.lines.length, verbose.lines.length]).toEqual([0, 1]);
});
