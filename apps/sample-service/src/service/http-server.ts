/**
 * The routes on `node:http`. Four GET routes with no request bodies need no framework: the whole adapter
 * is this file (see the README for the choice).
 */
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonLogger } from './json-logger';
import { loggedPath } from './request-target';
import type { HttpAnswer } from './routes';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  /** Stops accepting connections and closes idle keep-alive ones. */
  close(): Promise<void>;
}

export type RequestHandler = (method: string, target: string) => Promise<HttpAnswer>;

/**
 * What Node's HTTP parser refuses before any handler runs (a request line with spaces or control characters,
 * headers beyond its 16 KiB limit, a request that took too long) still gets a JSON answer and a log line.
 */
function clientErrorAnswer(code: string | undefined): { status: number; error: string; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        error: 'RequestHeaderFieldsTooLarge',
        message: 'The request line and headers exceed the 16 KiB this server reads',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return { status: 408, error: 'RequestTimeout', message: 'The request did not arrive in time' };
    default:
      return { status: 400, error: 'BadRequest', message: 'The request is not valid HTTP/1.1' };
  }
}

/** Listens on `host:port` (port 0 picks a free one); one access-log line per request. */
export function startHttpServer(
  handler: RequestHandler,
  options: { host: string; port: number; logger: JsonLogger },
): Promise<RunningServer> {
  const { logger } = options;
  const server = createServer((request, response) => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const log = (status: number | null, extra: Record<string, unknown> = {}) => {
      logger.info({
        event: 'http.request',
        method,
        path: loggedPath(target),
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...extra,
      });
    };
    handler(method, target)
      .then((answer) => {
        response.writeHead(answer.status, {
          ...answer.headers,
          'content-length': Buffer.byteLength(answer.body),
        });
        response.end(answer.body);
        log(answer.status);
      })
      // `handleRequest` answers every failure itself; reaching this means the answer could not be written.
      .catch((error: unknown) => {
        log(null, { error: error instanceof Error ? error.name : typeof error });
        response.destroy();
      });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // The client went away: nobody to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, ...body } = clientErrorAnswer(error.code);
    const text = `${JSON.stringify(body, null, 2)}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(text)}\r\n` +
        'connection: close\r\n\r\n' +
        text,
    );
    logger.info({ event: 'http.request', method: null, path: null, status, error: error.code ?? null });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => {
              if (error === undefined) done();
              else fail(error);
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
