// The credentials server over real HTTP on loopback, read by the AWS SDK's own container-credentials
// provider (fromHttp), the one every SDK client in an `exec --server` command uses.
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fromHttp } from '@aws-sdk/credential-providers';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startCredentialsServer, type CredentialsServer } from './credentials-server';

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

/** The status of one GET on a new connection. */
function get(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

describe('startCredentialsServer', () => {
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
    socket.write('GET /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const [answer] = (await once(socket, 'data')) as [Buffer];
    expect(answer.toString()).toMatch(/^HTTP\/1\.1 403 /);
    const closed = once(socket, 'close');
    await server.close();
    await closed;
    await expect(get(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
