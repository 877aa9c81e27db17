/**
 * The routes on `node:http`. Four GET routes with no request bodies need no framework: the whole adapter
 * is this file (see the README for the choice).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonLogger } from './json-logger';
import type { HttpAnswer } from './routes';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  /** Stops accepting connections and closes idle keep-alive ones. */
  close(): Promise<void>;
}

export type RequestHandler = (method: string, target: string) => Promise<HttpAnswer>;

/** Listens on `host:port` (port 0 picks a free one); one access-log line per request. */
export function startHttpServer(
  handler: RequestHandler,
  options: { host: string; port: number; logger: JsonLogger },
): Promise<RunningServer> {
  const server = createServer((request, response) => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    handler(method, target)
      .then((answer) => {
        response.writeHead(answer.status, {
          ...answer.headers,
          'content-length': Buffer.byteLength(answer.body),
        });
        response.end(answer.body);
        options.logger.info({
          event: 'http.request',
          method,
          path: target.split('?')[0],
          status: answer.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        });
      })
      // `handleRequest` answers every failure itself; reaching this means the socket broke mid-answer.
      .catch(() => response.destroy());
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
