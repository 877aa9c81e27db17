import { describe, expect, test, vi } from 'vitest';
import { credentialsEndpoint, tokenMatches, type EndpointResponse } from './credentials-endpoint';

const token = 'k3y-0f-th1s-run_abcdefghijklmnopqrstuvwxyz0123';
const first = {
  accessKeyId: 'ASIAFIRST',
  secretAccessKey: 'first-secret',
  sessionToken: 'first-session-token',
  expiration: new Date('2026-03-01T11:00:00.000Z'),
};
const second = {
  accessKeyId: 'ASIASECOND',
  secretAccessKey: 'second-secret',
  sessionToken: 'second-session-token',
  expiration: new Date('2026-03-01T12:00:00.000Z'),
};
const secrets = [first.secretAccessKey, first.sessionToken, second.secretAccessKey, second.sessionToken];

function setup(provider: () => Promise<typeof first> = () => Promise.resolve(first)) {
  const log = vi.fn<(line: string, path: string) => void>();
  const handle = credentialsEndpoint({
    routes: new Map([['/credentials', provider]]),
    token: () => Promise.resolve(token),
    log,
    authority: () => '127.0.0.1:4321',
  });
  return { handle, log };
}

const get = {
  method: 'GET',
  url: '/credentials',
  authorization: token,
  host: '127.0.0.1:4321',
  origin: undefined,
};

function expectNoSecret(response: EndpointResponse): void {
  for (const secret of secrets) expect(JSON.stringify(response)).not.toContain(secret);
}

describe('credentialsEndpoint', () => {
  test('GET with the token: the container-credentials JSON the SDKs read', async () => {
    const { handle } = setup();
    const response = await handle(get);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      AccessKeyId: 'ASIAFIRST',
      SecretAccessKey: 'first-secret',
      Token: 'first-session-token',
      Expiration: '2026-03-01T11:00:00.000Z',
    });
  });

  test("every request asks the provider, so a refresh reaches the command's next request", async () => {
    let current = first;
    const { handle } = setup(() => Promise.resolve(current));
    expect(JSON.parse((await handle(get)).body)).toMatchObject({ AccessKeyId: 'ASIAFIRST' });
    current = second;
    expect(JSON.parse((await handle({ ...get, url: '/credentials?x=1' })).body)).toEqual({
      AccessKeyId: 'ASIASECOND',
      SecretAccessKey: 'second-secret',
      Token: 'second-session-token',
      Expiration: '2026-03-01T12:00:00.000Z',
    });
  });

  test.each([
    ['no token', undefined],
    ['a wrong token', 'not-the-token'],
    ['the token as Bearer', `Bearer ${token}`],
    ['a prefix of the token', token.slice(0, -1)],
  ])('%s: 403, and the provider is not asked', async (_, authorization) => {
    const provider = vi.fn(() => Promise.resolve(first));
    const { handle } = setup(provider);
    const response = await handle({ ...get, authorization });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toEqual({
      Code: 'AccessDenied',
      Message: 'wrong or missing Authorization token',
    });
    expectNoSecret(response);
    expect(provider).not.toHaveBeenCalled();
  });

  test.each([
    'evil.example:4321',
    'localhost:4321',
    '127.0.0.1',
    '127.0.0.1:80',
    '127.0.0.1:4321.evil.example',
    '[::1]:4321',
    '',
    undefined,
  ])('Host %j (DNS rebinding): 403 before anything else, and the provider is not asked', async (host) => {
    const provider = vi.fn(() => Promise.resolve(first));
    const { handle } = setup(provider);
    const response = await handle({ ...get, host });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toEqual({
      Code: 'ForbiddenHost',
      Message: 'Host must be 127.0.0.1:4321',
    });
    expectNoSecret(response);
    expect(provider).not.toHaveBeenCalled();
  });

  test.each(['https://evil.example', 'null', 'http://127.0.0.1:4321', ''])(
    'Origin %j (a web page): 403 even with the token, and the provider is not asked',
    async (origin) => {
      const provider = vi.fn(() => Promise.resolve(first));
      const { handle } = setup(provider);
      const response = await handle({ ...get, origin });
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ Code: 'ForbiddenOrigin' });
      expectNoSecret(response);
      expect(provider).not.toHaveBeenCalled();
    },
  );

  test.each(['/', '/credentials/', '/other', '//credentials', undefined])('path %j: 404', async (url) => {
    const { handle } = setup();
    const response = await handle({ ...get, url });
    expect(response.status).toBe(404);
    expectNoSecret(response);
  });

  test.each(['POST', 'PUT', 'HEAD', 'DELETE'])('%s: 405 naming GET', async (method) => {
    const { handle } = setup();
    const response = await handle({ ...get, method });
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET');
    expectNoSecret(response);
  });

  test("a provider failure: 500 with the error's secret-free line, also logged", async () => {
    class RoleChainError extends Error {
      override readonly name = 'RoleChainError';
    }
    const { handle, log } = setup(() =>
      Promise.reject(new RoleChainError('hop 2 of 2 (arn:aws:iam::333333333333:role/r): AccessDenied: no')),
    );
    const response = await handle(get);
    expect(response.status).toBe(500);
    const line = 'RoleChainError: hop 2 of 2 (arn:aws:iam::333333333333:role/r): AccessDenied: no';
    expect(JSON.parse(response.body)).toEqual({ Code: 'CredentialsUnavailable', Message: line });
    expect(log).toHaveBeenCalledExactlyOnceWith(line, '/credentials');
  });

  test('credentials without a session token are a 500, not a partial answer', async () => {
    const { handle } = setup(() =>
      Promise.resolve({ accessKeyId: 'AKIA', secretAccessKey: 'long-term-secret' } as typeof first),
    );
    const response = await handle(get);
    expect(response.status).toBe(500);
    expect(response.body).not.toContain('long-term-secret');
  });
});

describe('tokenMatches', () => {
  test('only the exact token', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
  });
});

describe('credentialsEndpoint with several routes, a changing token and a health path', () => {
  function several(current: () => Promise<string | undefined>) {
    const web = vi.fn(() => Promise.resolve(first));
    const batch = vi.fn(() => Promise.resolve(second));
    const report = vi.fn(() => ({ status: 503, body: { status: 'unavailable' } }));
    const handle = credentialsEndpoint({
      routes: new Map([
        ['/chains/web', web],
        ['/chains/batch', batch],
      ]),
      token: current,
      health: { path: '/healthz', report },
      log: () => undefined,
      authority: () => '127.0.0.1:4321',
    });
    return { handle, web, batch, report };
  }

  test('each path answers its own provider', async () => {
    const { handle, web, batch } = several(() => Promise.resolve(token));
    expect(JSON.parse((await handle({ ...get, url: '/chains/batch' })).body)).toMatchObject({
      AccessKeyId: 'ASIASECOND',
    });
    expect(JSON.parse((await handle({ ...get, url: '/chains/web' })).body)).toMatchObject({
      AccessKeyId: 'ASIAFIRST',
    });
    expect([web.mock.calls.length, batch.mock.calls.length]).toEqual([1, 1]);
    for (const url of ['/credentials', '/chains/', '/chains/__proto__', '/chains/web/x']) {
      expect((await handle({ ...get, url })).status).toBe(404);
    }
  });

  test('the token is asked on every request: a new one is accepted and the old one refused at once', async () => {
    let current: string | undefined = token;
    const { handle, web } = several(() => Promise.resolve(current));
    expect((await handle({ ...get, url: '/chains/web' })).status).toBe(200);
    current = 'the-rotated-token-0123456789';
    expect((await handle({ ...get, url: '/chains/web' })).status).toBe(403);
    expect((await handle({ ...get, url: '/chains/web', authorization: current })).status).toBe(200);
    current = undefined;
    for (const authorization of [token, 'the-rotated-token-0123456789', '', undefined]) {
      expect((await handle({ ...get, url: '/chains/web', authorization })).status).toBe(403);
    }
    expect(web).toHaveBeenCalledTimes(2);
  });

  test('the health path answers its report without a token, after the Host and Origin checks; GET only', async () => {
    const { handle, report, web } = several(() => Promise.resolve(undefined));
    const health = await handle({ ...get, url: '/healthz', authorization: undefined });
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toEqual({ status: 'unavailable' });
    expect((await handle({ ...get, url: '/healthz', host: 'evil.example:4321' })).status).toBe(403);
    expect((await handle({ ...get, url: '/healthz', origin: 'https://evil.example' })).status).toBe(403);
    expect((await handle({ ...get, url: '/healthz', method: 'POST' })).status).toBe(405);
    expect(report).toHaveBeenCalledOnce();
    expect(web).not.toHaveBeenCalled();
  });
});
