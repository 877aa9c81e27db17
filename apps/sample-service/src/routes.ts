/**
 * The four routes, as a function from method and URL to an answer: no sockets here, so every route and
 * every error shape is unit-tested in memory. `http-server.ts` puts it on `node:http`.
 */
import type { ServiceApi } from './api';
import { HttpError, internalError, knownErrorResponse } from './http-errors';
import type { JsonLogger } from './json-logger';

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

async function route(api: ServiceApi, method: string, url: URL): Promise<HttpAnswer> {
  const path = url.pathname;
  const known =
    path === '/healthz' || path === '/whoami' || path === '/reports' || path.startsWith('/reports/');
  if (!known)
    throw new HttpError(
      404,
      'NotFound',
      `No route ${method} ${path}; try /whoami, /reports, /reports/<key> or /healthz`,
    );
  if (method !== 'GET')
    throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed on ${path}; use GET`);

  if (path === '/healthz') {
    const health = await api.health();
    return json(health.status === 'failing' ? 503 : 200, health);
  }
  if (path === '/whoami') return json(200, await api.whoami());
  if (path === '/reports' || path === '/reports/') {
    return json(200, await api.listReports(url.searchParams.get('prefix') ?? undefined));
  }
  let key: string;
  try {
    key = decodeURIComponent(path.slice('/reports/'.length));
  } catch {
    throw new HttpError(400, 'BadRequest', `The report key in ${path} is not valid percent-encoding`);
  }
  const report = await api.getReport(key);
  return { status: 200, headers: { 'content-type': report.contentType }, body: report.body };
}

/** Answers one request; failures become JSON (`http-errors.ts`), unexpected ones are logged by name. */
export async function handleRequest(
  api: ServiceApi,
  method: string,
  target: string,
  logger: JsonLogger,
): Promise<HttpAnswer> {
  const url = new URL(target, 'http://service.invalid');
  try {
    return await route(api, method, url);
  } catch (error) {
    const known = knownErrorResponse(error);
    if (known !== undefined) return json(known.status, known.body);
    logger.error({
      event: 'http.error',
      method,
      path: url.pathname,
      error: error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error },
    });
    return json(internalError.status, internalError.body);
  }
}
