// The credentials server over real HTTP on loopback, read by the AWS SDK's own container-credentials
// provider (fromHttp), the one every SDK client in an `exec --server` command uses.
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fromHttp } from '@aws-sdk/credential-providers';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { listenCredentials, startCredentialsServer, type CredentialsServer } from './credentials-server';

const first = {
  accessKeyId: 'ASIAFIRSTEXAMPLE',
  secretAccessKey: 'first-secret',
  sessionToken: 'first-session-token',
  expiration: new Date('2026-03-01T11:00:00.000Z'),
};

let current = first;
let server: CredentialsServer;
const log = vi.fn<(line: string) => void>();

beforeEach(async () => {
  // Only the options below may tell fromHttp where to go.
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
  vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', undefined);
  current = first;
  server = await startCredentialsServer(() => Promise.resolve(current), log);
});
afterEach(() => server.close());

function sdkProvider(token = server.token) {
  return fromHttp({
    awsContainerCredentialsFullUri: server.url,
    awsContainerAuthorizationToken: token,
    maxRetries: 0,
  });
}

/** The status and body of one GET on a new connection, with `headers` (a `host` one replaces the URL's). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('startCredentialsServer', () => {
  test('a request whose Host is a rebound DNS name, with the right token, is refused 403 without credentials', async () => {
    const port = new URL(server.url).port;
    for (const host of [`attacker.example:${port}`, `localhost:${port}`, '127.0.0.1']) {
      const answer = await get(server.url, { host, authorization: server.token });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ Code: 'ForbiddenHost' });
      expect(answer.body).not.toContain(first.secretAccessKey);
    }
    expect(await get(server.url, { authorization: server.token })).toMatchObject({ status: 200 });
  });

  test('a request from a web page (an Origin header) is refused 403, even with the right token', async () => {
    for (const origin of ['http://attacker.example', 'null', new URL(server.url).origin]) {
      const answer = await get(server.url, { origin, authorization: server.token });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ Code: 'ForbiddenOrigin' });
      expect(answer.body).not.toContain(first.secretAccessKey);
    }
  });

  test("the SDK's container provider reads the credentials, and new ones after a refresh", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
    expect(await sdkProvider()()).toMatchObject({
      accessKeyId: 'ASIAFIRSTEXAMPLE',
      secretAccessKey: 'first-secret',
      sessionToken: 'first-session-token',
      expiration: first.expiration,
    });
    current = {
      ...first,
      accessKeyId: 'ASIASECONDEXAMPLE',
      expiration: new Date('2026-03-01T12:00:00.000Z'),
    };
    expect(await sdkProvider()()).toMatchObject({
      accessKeyId: 'ASIASECONDEXAMPLE',
      expiration: new Date('2026-03-01T12:00:00.000Z'),
    });
    expect(log).not.toHaveBeenCalled();
  });

  test('a fresh 32-byte token per server; the SDK with a wrong token is refused', async () => {
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
    const other = await startCredentialsServer(() => Promise.resolve(first), log);
    expect(other.token).not.toBe(server.token);
    await other.close();
    await expect(sdkProvider('not-the-token')()).rejects.toThrow('Server responded with status: 403');
  });

  test('close() ends an open keep-alive connection, and the port then refuses connections', async () => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    const host = new URL(server.url).host;
    socket.write(`GET /credentials HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
    const [answer] = (await once(socket, 'data')) as [Buffer];
    expect(answer.toString()).toMatch(/^HTTP\/1\.1 403 /);
    const closed = once(socket, 'close');
    await server.close();
    await closed;
    await expect(get(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('listenCredentials', () => {
  test('close(): no new connection is accepted, and a request under way still gets its credentials', async () => {
    let answer: (credentials: typeof first) => void = () => undefined;
    let asked: () => void = () => undefined;
    const providerAsked = new Promise<void>((resolve) => (asked = resolve));
    const slow = await listenCredentials({
      routes: new Map([
        [
          '/chains/app',
          () =>
            new Promise<typeof first>((resolve) => {
              answer = resolve;
              asked();
            }),
        ],
      ]),
      token: () => Promise.resolve('the-token-of-this-test'),
      log,
    });
    const url = `${slow.origin}/chains/app`;
    const underWay = get(url, { authorization: 'the-token-of-this-test' });
    await providerAsked;
    const closed = slow.close();
    await expect(get(url, { authorization: 'the-token-of-this-test' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    answer(first);
    const response = await underWay;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ AccessKeyId: 'ASIAFIRSTEXAMPLE' });
    await closed;
  });

  test('an IPv6 loopback address: the URL and the only Host answered put it in brackets', async () => {
    const six = await listenCredentials({
      routes: new Map([['/chains/app', () => Promise.resolve(first)]]),
      token: () => Promise.resolve('the-token-of-this-test'),
      log,
      host: '::1',
    });
    expect(six.origin).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect(await get(`${six.origin}/chains/app`, { authorization: 'the-token-of-this-test' })).toMatchObject({
      status: 200,
    });
    await six.close();
  });
});
