import { createHash, timingSafeEqual } from 'node:crypto';
import { errorLine } from './error-line';
import { toProcessCredentials } from './process-credentials';

/** What the endpoint reads of an HTTP request. */
export interface EndpointRequest {
  method: string | undefined;
  url: string | undefined;
  /** The `Authorization` header: the SDKs send the raw token, without a scheme. */
  authorization: string | undefined;
  /** The `Host` header: the SDKs send the URL's `127.0.0.1:<port>`. */
  host: string | undefined;
  /** The `Origin` header, which browsers send and the SDKs never do. */
  origin: string | undefined;
}

/** The HTTP response to send. Only a 200 body of a credentials path holds credentials. */
export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A chain's provider: asked on every request, it answers from its cache or refreshes. */
export type CredentialsSource = () => Promise<Parameters<typeof toProcessCredentials>[0]>;

/** A secret-free health report: its HTTP status and its JSON body. */
export interface HealthReport {
  status: number;
  body: unknown;
}

export interface EndpointOptions {
  /** The credentials paths (`/credentials`, `/chains/<name>`) and the provider each one serves. */
  routes: ReadonlyMap<string, CredentialsSource>;
  /**
   * The bearer token clients must send, read when a request comes (it may change: a rotated token file), or
   * undefined when there is no valid one, and every credentials request is refused.
   */
  token: () => Promise<string | undefined>;
  /** The `host:port` the server listens on, the only `Host` it answers. */
  authority: () => string;
  /** A path answering the report without a token (no secret in it), for probes and dashboards. */
  health?: { path: string; report: () => HealthReport } | undefined;
  /** Receives one secret-free line, and the path asked, when a provider fails. */
  log: (line: string, path: string) => void;
}

/** Whether `given` is `expected`, in time that depends on neither (both are hashed to the same length). */
export function tokenMatches(expected: string | undefined, given: string | undefined): boolean {
  if (given === undefined || expected === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * The container credentials an SDK accepts (`AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`, all
 * required by its `fromHttp`). Long-term keys (a profile without a role) have no token and no expiry, so they
 * cannot be served this way: an error saying so.
 */
export function containerCredentials(
  credentials: Parameters<typeof toProcessCredentials>[0],
): Record<'AccessKeyId' | 'SecretAccessKey' | 'Token' | 'Expiration', string> {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = toProcessCredentials(credentials);
  if (SessionToken === undefined || Expiration === undefined) {
    throw new Error(
      'the chain gives long-term keys (a profile without a role: no session token, no expiration), which ' +
        'AWS SDKs do not accept as container credentials; run exec without --server',
    );
  }
  return { AccessKeyId, SecretAccessKey, Token: SessionToken, Expiration };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): EndpointResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The container-credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`) as a request → response function:
 * a `GET` of a route's path with the token answers its provider's current credentials in the shape every AWS
 * SDK and the AWS CLI read (`AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`); anything else gets a
 * short error without a secret. A request from a browser is refused first, whatever it holds: one with a
 * `Host` other than the address served (a web page whose name was rebound to 127.0.0.1), or with an `Origin`.
 */
export function credentialsEndpoint(
  options: EndpointOptions,
): (request: EndpointRequest) => Promise<EndpointResponse> {
  return async (request) => {
    if (request.host !== options.authority()) {
      return json(403, { Code: 'ForbiddenHost', Message: `Host must be ${options.authority()}` });
    }
    if (request.origin !== undefined) {
      return json(403, { Code: 'ForbiddenOrigin', Message: 'requests from a web page are refused' });
    }
    const path = (request.url ?? '').split('?')[0] ?? '';
    const health = options.health?.path === path ? options.health : undefined;
    const provider = options.routes.get(path);
    if (health === undefined && provider === undefined) {
      return json(404, { Code: 'NotFound', Message: 'no such path' });
    }
    if (request.method !== 'GET') {
      return json(405, { Code: 'MethodNotAllowed', Message: 'only GET' }, { allow: 'GET' });
    }
    if (health !== undefined) {
      const { status, body } = health.report();
      return json(status, body);
    }
    if (provider === undefined || !tokenMatches(await options.token(), request.authorization)) {
      return json(403, { Code: 'AccessDenied', Message: 'wrong or missing Authorization token' });
    }
    try {
      return json(200, containerCredentials(await provider()));
    } catch (error) {
      const message = errorLine(error);
      options.log(message, path);
      return json(500, { Code: 'CredentialsUnavailable', Message: message });
    }
  };
}
