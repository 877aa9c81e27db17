/**
 * The four routes, as a function from method and URL to an answer: no sockets here, so every route and
 * every error shape is unit-tested in memory. `http-server.ts` puts it on `node:http`.
 */
import type { ServiceApi } from './api';
import { prometheusContentType } from './service-metrics';
import { HttpError, internalError, knownErrorResponse } from './http-errors';
import type { JsonLogger } from './json-logger';
import { checkKey, loggedPath, parseRequestTarget, reportKey, shorten } from './request-target';
import type { RequestTarget } from './request-target';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

const json = (status: number, value: unknown): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: `${JSON.stringify(value, null, 2)}\n`,
});

/** The query parameters each route takes; any other is refused rather than ignored. */
const listParameters: ReadonlySet<string> = new Set(['prefix']);
const noParameters: ReadonlySet<string> = new Set();

/** The one value of each parameter the route takes; unknown or repeated parameters are a 400. */
function queryOf(target: RequestTarget, allowed: ReadonlySet<string>): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  for (const [name, given] of target.query) {
    if (!allowed.has(name)) {
      const takes =
        allowed.size === 0 ? 'takes no query parameters' : `takes only ${[...allowed].join(', ')}`;
      throw new HttpError(
        400,
        'BadRequest',
        `Unknown query parameter ${JSON.stringify(shorten(name))}: ${shorten(target.path)} ${takes}`,
      );
    }
    const [value] = given;
    if (value === undefined || given.length > 1) {
      throw new HttpError(
        400,
        'BadRequest',
        `The query parameter ${name} is given ${given.length} times; give it once`,
      );
    }
    values.set(name, value);
  }
  return values;
}

async function route(api: ServiceApi, method: string, target: RequestTarget): Promise<HttpAnswer> {
  const path = target.path;
  const shown = shorten(path);
  const known =
    path === '/healthz' ||
    path === '/whoami' ||
    (path === '/metrics' && api.metrics !== undefined) ||
    path === '/reports' ||
    path.startsWith('/reports/');
  if (!known)
    throw new HttpError(
      404,
      'NotFound',
      `No route ${method} ${shown}; try /whoami, /reports, /reports/<key> or /healthz`,
    );
  if (method !== 'GET')
    throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed on ${shown}; use GET`);

  if (path === '/reports' || path === '/reports/') {
    const prefix = queryOf(target, listParameters).get('prefix');
    return json(200, await api.listReports(prefix === undefined ? undefined : checkKey(prefix, 'prefix')));
  }
  queryOf(target, noParameters);
  if (path === '/healthz') {
    const health = await api.health();
    return json(health.status === 'failing' ? 503 : 200, health);
  }
  if (path === '/whoami') return json(200, await api.whoami());
  if (path === '/metrics' && api.metrics !== undefined) {
    return { status: 200, headers: { 'content-type': prometheusContentType }, body: await api.metrics() };
  }
  const report = await api.getReport(reportKey(path.slice('/reports/'.length)));
  return { status: 200, headers: { 'content-type': report.contentType }, body: report.body };
}

/**
 * Answers one request, whatever its target; failures become JSON (`http-errors.ts`), unexpected ones are
 * logged by name. Never rejects.
 */
export async function handleRequest(
  api: ServiceApi,
  method: string,
  target: string,
  logger: JsonLogger,
): Promise<HttpAnswer> {
  try {
    return await route(api, method, parseRequestTarget(target));
  } catch (error) {
    const known = knownErrorResponse(error);
    if (known !== undefined) return json(known.status, known.body);
    logger.error({
      event: 'http.error',
      method,
      path: loggedPath(target),
      error: error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error },
    });
    return json(internalError.status, internalError.body);
  }
}
