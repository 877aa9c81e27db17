import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialsEndpoint, type CredentialsSource, type EndpointOptions } from './credentials-endpoint';

/** Where and what a credentials server serves. */
export interface ListenOptions {
  routes: EndpointOptions['routes'];
  token: EndpointOptions['token'];
  health?: EndpointOptions['health'] | undefined;
  log: EndpointOptions['log'];
  /** The one IP address to listen on and the only `Host` answered (default `127.0.0.1`). */
  host?: string;
  /** The port (default 0: a free one). */
  port?: number;
  /** Whether the server alone keeps the process running (default false: it never does). */
  keepProcessAlive?: boolean;
}

/** A listening credentials server. */
export interface ListeningServer {
  /** `http://<host>:<port>`: a route's URL is this and its path. */
  origin: string;
  /**
   * Stops accepting connections, lets the requests under way finish (at most {@link drainMs}), closes every
   * connection, and resolves when the server is closed.
   */
  close: () => Promise<void>;
}

/** How long `close()` lets requests under way finish (a provider waiting on STS) before it drops them. */
export const drainMs = 10_000;

/** `host:port` as a URL and a `Host` header write it: an IPv6 address in brackets. */
function authorityOf(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
}

/**
 * Serves {@link credentialsEndpoint} over HTTP on one address: the container credentials protocol of every
 * AWS SDK and the AWS CLI. `rolechain exec --server` and `rolechain serve` both run on it.
 */
export async function listenCredentials(options: ListenOptions): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  let authority = '';
  const handle = credentialsEndpoint({ ...options, authority: () => authority });
  let inFlight = 0;
  let closing = false;
  const server = createServer((request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (closing && inFlight === 0) server.closeAllConnections();
    });
    void handle({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      host: request.headers.host,
      origin: request.headers.origin,
    }).then(({ status, headers, body }) => {
      response.writeHead(status, closing ? { ...headers, connection: 'close' } : headers).end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (options.keepProcessAlive !== true) server.unref();
  const { port } = server.address() as AddressInfo;
  authority = authorityOf(host, port);
  return {
    origin: `http://${authority}`,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        const deadline = setTimeout(() => {
          server.closeAllConnections();
        }, drainMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
        if (inFlight === 0) server.closeAllConnections();
      }),
  };
}

/** A running `exec --server` credentials server: what the command is given, and how to stop it. */
export interface CredentialsServer {
  /** `http://127.0.0.1:<port>/credentials`, for `AWS_CONTAINER_CREDENTIALS_FULL_URI`. */
  url: string;
  /** This run's bearer token, for `AWS_CONTAINER_AUTHORIZATION_TOKEN`. */
  token: string;
  /** Stops listening, lets the requests under way finish, and closes every connection. */
  close: () => Promise<void>;
}

const path = '/credentials';

/**
 * Serves `provider`'s credentials as container credentials on 127.0.0.1 (a free port) behind a fresh random
 * token of 32 bytes. The server never keeps the process alive by itself.
 */
export async function startCredentialsServer(
  provider: CredentialsSource,
  log: (line: string) => void,
): Promise<CredentialsServer> {
  const token = randomBytes(32).toString('base64url');
  const server = await listenCredentials({
    routes: new Map([[path, provider]]),
    token: () => Promise.resolve(token),
    log: (line) => {
      log(`credentials server: ${line}`);
    },
  });
  return { url: `${server.origin}${path}`, token, close: server.close };
}
