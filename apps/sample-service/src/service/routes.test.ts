import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, test, vi } from 'vitest';
import type { Health, ServiceApi } from './api';
import { createJsonLogger } from './json-logger';
import { handleRequest } from './routes';

const health = (status: Health['status']): Health => ({
  status,
  credentials: {
    fresh: status === 'ok',
    expiresAt: null,
    nextRefreshAt: null,
    lastRefreshAt: null,
    lastError: null,
    hops: [],
  },
});

function fakeApi(overrides: Partial<ServiceApi> = {}): ServiceApi {
  return {
    whoami: () =>
      Promise.resolve({
        arn: 'arn:me',
        account: '333333333333',
        userId: 'AROA:me',
        source: { accessKeyId: 'AKIA…ABCD' },
        chain: [],
      }),
    listReports: (prefix) =>
      Promise.resolve({ bucket: 'b', prefix: prefix ?? '2026/', reports: [], truncated: false }),
    getReport: (key) =>
      Promise.resolve({ key, contentType: 'text/csv', body: new TextEncoder().encode(`body of ${key}`) }),
    health: () => Promise.resolve(health('ok')),
    ...overrides,
  };
}

const lines: string[] = [];
const logger = createJsonLogger((line) => lines.push(line));
const call = (api: ServiceApi, target: string, method = 'GET') => handleRequest(api, method, target, logger);
const parsed = (body: string | Uint8Array) =>
  JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as unknown;

describe('routes', () => {
  test('/whoami answers JSON from the api', async () => {
    const answer = await call(fakeApi(), '/whoami');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(parsed(answer.body)).toMatchObject({ arn: 'arn:me', account: '333333333333' });
  });

  test('/metrics answers the Prometheus text of the api; without metrics, or with a query or POST, it refuses', async () => {
    const text = '# TYPE rolechain_credentials_expiry gauge\nrolechain_credentials_expiry 60\n';
    const api = fakeApi({ metrics: () => Promise.resolve(text) });
    const answer = await call(api, '/metrics');
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([
      200,
      'text/plain; version=0.0.4; charset=utf-8',
      text,
    ]);
    expect((await call(fakeApi(), '/metrics')).status).toBe(404);
    expect((await call(api, '/metrics', 'POST')).status).toBe(405);
    expect((await call(api, '/metrics?name=x')).status).toBe(400);
  });

  test('/reports passes the prefix query through, or none', async () => {
    const listReports = vi.fn<ServiceApi['listReports']>(() =>
      Promise.resolve({ bucket: 'b', prefix: 'p', reports: [], truncated: false }),
    );
    await call(fakeApi({ listReports }), '/reports?prefix=2025%2F');
    await call(fakeApi({ listReports }), '/reports');
    expect(listReports.mock.calls).toEqual([['2025/'], [undefined]]);
  });

  test('/reports/<key> decodes the key, slashes included, and answers the object with its content type', async () => {
    const answer = await call(fakeApi(), '/reports/2026/q1%20final.csv');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv');
    expect(new TextDecoder().decode(answer.body as Uint8Array)).toBe('body of 2026/q1 final.csv');
  });

  test('/healthz is 200 while credentials are usable and 503 when they are not', async () => {
    expect(
      (await call(fakeApi({ health: () => Promise.resolve(health('degraded')) }), '/healthz')).status,
    ).toBe(200);
    expect(
      (await call(fakeApi({ health: () => Promise.resolve(health('failing')) }), '/healthz')).status,
    ).toBe(503);
  });
});

describe('errors are JSON', () => {
  test('an unknown route is 404 and lists the routes', async () => {
    const answer = await call(fakeApi(), '/admin');
    expect([answer.status, parsed(answer.body)]).toEqual([
      404,
      {
        error: 'NotFound',
        message: 'No route GET /admin; try /whoami, /reports, /reports/<key> or /healthz',
      },
    ]);
  });

  test('a method other than GET is 405', async () => {
    const answer = await call(fakeApi(), '/reports', 'DELETE');
    expect([answer.status, parsed(answer.body)]).toEqual([
      405,
      { error: 'MethodNotAllowed', message: 'DELETE is not allowed on /reports; use GET' },
    ]);
  });

  test('a key that is not valid percent-encoding is 400', async () => {
    expect((await call(fakeApi(), '/reports/%E0%A4%A')).status).toBe(400);
  });

  test('a target that is not a URL is a JSON 400, not a crash', async () => {
    const answer = await call(fakeApi(), 'http://[/healthz');
    expect([answer.status, parsed(answer.body)]).toEqual([
      400,
      { error: 'BadRequest', message: 'The request target is not a valid URL: its host cannot be parsed' },
    ]);
  });

  test('a query parameter the route does not take is refused, naming it but not its value', async () => {
    const listReports = vi.fn<ServiceApi['listReports']>();
    const answer = await call(fakeApi({ listReports }), '/reports?prefx=2025%2F');
    expect([answer.status, parsed(answer.body)]).toEqual([
      400,
      { error: 'BadRequest', message: 'Unknown query parameter "prefx": /reports takes only prefix' },
    ]);
    expect((await call(fakeApi(), '/healthz?verbose=1')).status).toBe(400);
    expect(listReports).not.toHaveBeenCalled();
  });

  test('a prefix given twice is refused rather than one of them silently used', async () => {
    const answer = await call(fakeApi(), '/reports?prefix=2025/&prefix=2026/');
    expect([answer.status, parsed(answer.body)]).toEqual([
      400,
      { error: 'BadRequest', message: 'The query parameter prefix is given 2 times; give it once' },
    ]);
  });

  test('a prefix or key longer than S3 allows is a 400 before any S3 call', async () => {
    const getReport = vi.fn<ServiceApi['getReport']>();
    const listReports = vi.fn<ServiceApi['listReports']>();
    const api = fakeApi({ getReport, listReports });
    expect((await call(api, `/reports?prefix=${'a'.repeat(1025)}`)).status).toBe(400);
    expect((await call(api, `/reports/${'%C3%A9'.repeat(513)}`)).status).toBe(400);
    expect([getReport.mock.calls, listReports.mock.calls]).toEqual([[], []]);
  });

  test('dot segments are not folded: /reports/../whoami asks S3 for that key', async () => {
    const getReport = vi.fn<ServiceApi['getReport']>(() =>
      Promise.resolve({ key: '../whoami', contentType: 'text/plain', body: new Uint8Array() }),
    );
    expect((await call(fakeApi({ getReport }), '/reports/../whoami')).status).toBe(200);
    expect(getReport.mock.calls).toEqual([['../whoami']]);
  });

  test('an S3 refusal keeps its status and code', async () => {
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      message: 'no',
      $metadata: { requestId: 'R' },
    });
    const answer = await call(fakeApi({ getReport: () => Promise.reject(denied) }), '/reports/2025/q4.csv');
    expect([answer.status, parsed(answer.body)]).toEqual([
      403,
      { error: 'AccessDenied', message: 'no', service: 'S3', requestId: 'R' },
    ]);
  });

  test('an unexpected failure is a bare 500; only the log says what it was', async () => {
    lines.length = 0;
    const answer = await call(
      fakeApi({ whoami: () => Promise.reject(new TypeError('x is undefined')) }),
      '/whoami',
    );
    expect(answer.status).toBe(500);
    expect(parsed(answer.body)).toEqual({
      error: 'InternalError',
      message: 'The service failed unexpectedly; its log has the details.',
    });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        level: 'error',
        event: 'http.error',
        method: 'GET',
        path: '/whoami',
        error: { name: 'TypeError', message: 'x is undefined' },
      },
    ]);
  });
});
