import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import type { AddressInfo } from 'node:net';
import { StsServiceError } from './errors';
import { malformedHost, parseHost } from './host';
import { bodyTooLarge, declaredTooLarge, readCapped } from './request-body';

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

/** What the server needs from the mock: the request handler, and the answer for a request it refuses. */
export interface ListenHandlers {
  readonly handle: (request: Request) => Promise<Response>;
  readonly refuse: (error: StsServiceError) => Response;
  /** Routes served beside STS (the server's control API): a response for their requests, else `undefined`. */
  readonly routes?: (request: Request) => Promise<Response> | undefined;
}

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

function toRequest(message: IncomingMessage, host: string, path: string, body: Uint8Array): Request {
  const headers = new Headers();
  for (let i = 0; i < message.rawHeaders.length; i += 2) {
    headers.append(message.rawHeaders[i] ?? '', message.rawHeaders[i + 1] ?? '');
  }
  const method = message.method ?? 'GET';
  const withBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(path, `http://${host}`), {
    method,
    headers,
    body: withBody ? body : null,
  });
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
 * The hosts and origins a server on `address` answers to: its loopback address and `localhost`, at its port.
 * Anything else is a request a test did not send: a web page posting to a local port, or a DNS name
 * rebound to 127.0.0.1.
 */
function servedHosts(address: AddressInfo): string[] {
  const literal = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return [literal, 'localhost'].map((name) => new URL(`http://${name}:${address.port}`).host);
}

/**
 * Serves the mock over real HTTP on a loopback address, so child processes and non-Node tools can use it
 * (`AWS_ENDPOINT_URL_STS=<url>`). It serves tests, not browsers: a request whose `Host` is not the address
 * it listens on, or that carries another `Origin`, is refused with an STS error document.
 */
export async function listenOn(handlers: ListenHandlers, options: ListenOptions): Promise<ListeningServer> {
  const host = options.host;
  const port = options.port ?? 0;
  // Filled once the server is bound (and its port known), before any request can arrive.
  const hosts = new Set<string>();
  const origins = new Set<string>();

  /** The checks before the request reaches the mock: its Host, its Origin and its size. */
  async function admit(message: IncomingMessage): Promise<Request | StsServiceError> {
    const hostHeader = message.headers.host ?? '';
    const requestHost = parseHost(hostHeader);
    if (requestHost === undefined) return malformedHost(hostHeader);
    if (!hosts.has(requestHost)) {
      return new StsServiceError(
        'AccessDenied',
        403,
        `@rolechain/sts-mock listen() answers only requests for ${[...hosts].join(' or ')}, not for Host '${hostHeader}' (a DNS name pointed at loopback?).`,
      );
    }
    // An absolute-form target (`POST http://host/ HTTP/1.1`, as sent to a proxy) names the host instead of
    // the Host header, so it must be one of ours too; only its path and query reach the mock.
    const target = message.url ?? '/';
    let path = target;
    if (!target.startsWith('/')) {
      const absolute = URL.canParse(target) ? new URL(target) : undefined;
      if (absolute?.protocol !== 'http:' || absolute.username !== '' || absolute.password !== '') {
        return new StsServiceError(
          'InvalidParameterValue',
          400,
          `The request target '${target.slice(0, 255)}' is neither a path nor an http URL.`,
        );
      }
      if (!hosts.has(absolute.host)) {
        return new StsServiceError(
          'AccessDenied',
          403,
          `@rolechain/sts-mock listen() answers only requests for ${[...hosts].join(' or ')}, not for the request target's host '${absolute.host}'.`,
        );
      }
      path = `${absolute.pathname}${absolute.search}`;
    }
    const origin = message.headers.origin;
    if (origin !== undefined && !origins.has(origin.toLowerCase())) {
      return new StsServiceError(
        'AccessDenied',
        403,
        `@rolechain/sts-mock listen() serves tests, not web pages: a request from Origin '${origin}' is refused.`,
      );
    }
    if (declaredTooLarge(message.headers['content-length'])) return bodyTooLarge();
    const body = await readCapped(message.iterator({ destroyOnReturn: false }), false);
    if (body === undefined) return bodyTooLarge();
    return toRequest(message, requestHost, path, body);
  }

  const server = createServer({ requireHostHeader: false }, (message, out) => {
    admit(message)
      .then((admitted) => {
        if (admitted instanceof StsServiceError) {
          // The body may be partly unread: answer, then close the connection instead of reading on.
          out.shouldKeepAlive = false;
          return handlers.refuse(admitted);
        }
        return handlers.routes?.(admitted) ?? handlers.handle(admitted);
      })
      .catch((error: unknown) =>
        handlers.refuse(
          new StsServiceError(
            'InternalFailure',
            500,
            `@rolechain/sts-mock failed to answer: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ),
      )
      .then((response) => send(response, out))
      .catch(() => out.socket?.destroy());
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
  for (const served of servedHosts(address)) {
    hosts.add(served);
    origins.add(`http://${served}`);
  }
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
export function isLoopback(host: unknown): host is string {
  if (typeof host !== 'string') return false;
  // An IPv4 literal only: a name such as `127.0.0.1.example.com` would be looked up in DNS.
  return loopbackHosts.has(host) || (isIPv4(host) && host.startsWith('127.'));
}
