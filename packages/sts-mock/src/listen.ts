import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of `sts.listen()`. */
export interface ListenOptions {
  /** Port to listen on; `0` or absent picks a free one. */
  readonly port?: number;
  /** Loopback address to bind, e.g. `127.0.0.1` or `::1`. */
  readonly host: string;
}

/** A running standalone mock: its base URL (use it as the STS endpoint) and how to stop it. */
export interface ListeningServer {
  readonly url: string;
  close(): Promise<void>;
}

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

async function toRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (let i = 0; i < message.rawHeaders.length; i += 2) {
    headers.append(message.rawHeaders[i] ?? '', message.rawHeaders[i + 1] ?? '');
  }
  const method = message.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? null : Buffer.concat(chunks);
  return new Request(new URL(message.url ?? '/', origin), { method, headers, body });
}

async function send(response: Response, out: ServerResponse): Promise<void> {
  if (response.type === 'error') {
    out.socket?.destroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name === 'x-amzn-requestid' ? 'x-amzn-RequestId' : name] = value;
  });
  out.writeHead(response.status, { ...headers, 'content-length': String(body.byteLength) });
  out.end(body);
}

/**
 * Serves `handle` over real HTTP on a loopback address, so child processes and non-Node tools can use the
 * mock (`AWS_ENDPOINT_URL_STS=<url>`).
 */
export async function listenOn(
  handle: (request: Request) => Promise<Response>,
  options: ListenOptions,
): Promise<ListeningServer> {
  const host = options.host;
  const port = options.port ?? 0;
  const server = createServer((message, out) => {
    const origin = `http://${message.headers.host ?? 'localhost'}`;
    toRequest(message, origin)
      .then(handle)
      .then((response) => send(response, out))
      .catch((error: unknown) => {
        out.writeHead(500, { 'content-type': 'text/plain' });
        out.end(error instanceof Error ? error.message : 'internal error');
      });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

/** Whether `host` is a loopback address the standalone server may bind. */
export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host) || host.startsWith('127.');
}
