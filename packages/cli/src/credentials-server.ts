import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialsEndpoint, type EndpointOptions } from './credentials-endpoint';

/** A running credentials server: what the command is given, and how to stop it. */
export interface CredentialsServer {
  /** `http://127.0.0.1:<port>/credentials`, for `AWS_CONTAINER_CREDENTIALS_FULL_URI`. */
  url: string;
  /** This run's bearer token, for `AWS_CONTAINER_AUTHORIZATION_TOKEN`. */
  token: string;
  /** Stops listening and drops open connections. */
  close: () => Promise<void>;
}

const path = '/credentials';

/**
 * Serves `provider`'s credentials as container credentials on 127.0.0.1 (a free port) behind a fresh random
 * token of 32 bytes. The server never keeps the process alive by itself.
 */
export async function startCredentialsServer(
  provider: EndpointOptions['provider'],
  log: EndpointOptions['log'],
): Promise<CredentialsServer> {
  const token = randomBytes(32).toString('base64url');
  let authority = '';
  const handle = credentialsEndpoint({ provider, token, path, log, authority: () => authority });
  const server = createServer((request, response) => {
    void handle({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      host: request.headers.host,
      origin: request.headers.origin,
    }).then(({ status, headers, body }) => {
      response.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  authority = `127.0.0.1:${String(port)}`;
  return {
    url: `http://${authority}${path}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
