// Any request target a client can send — arbitrary paths, absolute forms with broken hosts, hostile query
// names (`__proto__`, `constructor.prototype.x`), malformed percent-encoding, oversized parts — gets a JSON
// answer with a 2xx/4xx status from a healthy backend, never a rejection; the value of a parameter the route
// does not take never appears in the answer or the log; nothing is written onto Object.prototype.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { ServiceApi } from './api';
import { createJsonLogger } from './json-logger';
import { handleRequest } from './routes';

/** A secret-shaped value (an AWS secret access key) a client puts in a query parameter. */
const planted = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

const api: ServiceApi = {
  whoami: () =>
    Promise.resolve({
      arn: 'arn:aws:sts::333333333333:assumed-role/report-reader/sample-service',
      account: '333333333333',
      userId: 'AROAEXAMPLE:sample-service',
      source: { accessKeyId: 'AKIA…MPLE' },
      chain: [],
    }),
  listReports: (prefix) =>
    Promise.resolve({ bucket: 'b', prefix: prefix ?? '2026/', reports: [], truncated: false }),
  getReport: (key) =>
    Promise.resolve({ key, contentType: 'text/csv', body: new TextEncoder().encode(`body of ${key}`) }),
  health: () =>
    Promise.resolve({
      status: 'ok',
      credentials: {
        fresh: true,
        expiresAt: null,
        nextRefreshAt: null,
        lastRefreshAt: null,
        lastError: null,
        hops: [],
      },
    }),
};

const hostile = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'constructor.prototype.polluted',
  '__proto__.polluted',
  '__proto__[polluted]',
  'hasOwnProperty',
  '..',
  '.',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF',
  '%2F',
  '%00',
  '[',
  '?',
  '#',
  '&',
  '=',
  '+',
  'reports',
  'healthz',
  'whoami',
  'prefix',
);
const text = fc.oneof(hostile, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
const segment = fc.oneof(text, text.map(encodeURIComponent), fc.constant('a'.repeat(1100)));
const path = fc.oneof(
  fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
  fc.array(segment, { maxLength: 4 }).map((parts) => `/reports/${parts.join('/')}`),
  fc.constantFrom('/reports', '/reports/', '/healthz', '/whoami'),
);
const parameter = fc.tuple(
  fc.oneof(text, text.map(encodeURIComponent)),
  fc.oneof(text, text.map(encodeURIComponent)),
);
/** Query parameters, one of which (not `prefix`, which the answer echoes by design) carries the planted secret. */
const query = fc
  .tuple(
    fc.array(parameter, { maxLength: 20 }),
    fc.option(
      fc.oneof(hostile, fc.string({ minLength: 1, maxLength: 10 })).filter((name) => name !== 'prefix'),
    ),
    fc.boolean(),
  )
  .map(([parameters, secretName, encodeSecret]) => {
    const pairs = parameters.map(([name, value]) => `${name}=${value}`);
    if (secretName !== null) {
      pairs.push(`${encodeURIComponent(secretName)}=${encodeSecret ? encodeURIComponent(planted) : planted}`);
    }
    return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
  });
const authority = fc.oneof(
  fc.constantFrom('127.0.0.1:3000', '[::1]', '[', 'a b', '', 'x:99999', '[::1', 'user@host'),
  fc.string({ maxLength: 12 }),
);
const target = fc.oneof(
  fc.tuple(path, query).map(([p, q]) => p + q),
  fc
    .tuple(fc.constantFrom('http://', 'HTTPS://', 'ftp://'), authority, path, query)
    .map((parts) => parts.join('')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.tuple(path, fc.integer({ min: 4000, max: 20_000 })).map(([p, n]) => `${p}?prefix=${'x'.repeat(n)}`),
);
const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'),
  fc.string({ maxLength: 8 }),
);

test('every target gets a JSON 2xx/4xx answer, never echoes an unused value, never touches Object.prototype', async () => {
  const prototypeKeys = Reflect.ownKeys(Object.prototype);
  await fc.assert(
    fc.asyncProperty(method, target, async (verb, raw) => {
      const lines: string[] = [];
      const answer = await handleRequest(
        api,
        verb,
        raw,
        createJsonLogger((line) => lines.push(line)),
      );

      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(answer.status).toBeLessThan(500);
      const body = typeof answer.body === 'string' ? answer.body : new TextDecoder().decode(answer.body);
      if (answer.status >= 400) {
        expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(body)).toEqual({
          error: expect.any(String) as unknown,
          message: expect.any(String) as unknown,
        });
      }
      for (const output of [body, ...lines]) {
        expect(output).not.toContain(planted);
        expect(output).not.toContain(encodeURIComponent(planted));
      }
      expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }),
  );
});

test('an unexpected failure behind any target is a bare 500, logged with a bounded path and no query', async () => {
  const failing: ServiceApi = {
    ...api,
    whoami: () => Promise.reject(new TypeError('boom')),
    listReports: () => Promise.reject(new TypeError('boom')),
    getReport: () => Promise.reject(new TypeError('boom')),
    health: () => Promise.reject(new TypeError('boom')),
  };
  await fc.assert(
    fc.asyncProperty(target, async (raw) => {
      const lines: string[] = [];
      const answer = await handleRequest(
        failing,
        'GET',
        raw,
        createJsonLogger((line) => lines.push(line)),
      );
      expect(answer.status === 500 || (answer.status >= 400 && answer.status < 500)).toBe(true);
      for (const line of lines) {
        const record = JSON.parse(line) as { path: string };
        expect(record.path.length).toBeLessThanOrEqual(121);
        expect(record.path).not.toContain('?');
        expect(line).not.toContain(planted);
      }
      expect(lines).toHaveLength(answer.status === 500 ? 1 : 0);
    }),
  );
});
