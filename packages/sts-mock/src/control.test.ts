import { describe, expect, test } from 'vitest';
import { controlPrefix, createControlApi, maxControlBodyBytes } from './control';
import { createStsMock } from './create-sts-mock';
import { createServeClock } from './serve-clock';

const token = 'test-token-123';
function setUp() {
  let real = Date.parse('2026-03-01T10:00:00Z');
  const clock = createServeClock(undefined, () => real);
  const sts = createStsMock({ now: clock.now });
  const routes = createControlApi({ sts, clock, token });
  const call = async (method: string, name: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = routes(
      new Request(`http://127.0.0.1:4566${controlPrefix}${name}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
    if (response === undefined) throw new Error('not a control route');
    const answered = await response;
    return {
      status: answered.status,
      headers: answered.headers,
      json: (await answered.json()) as Record<string, unknown>,
    };
  };
  return { sts, clock, routes, call, tick: (ms: number) => (real += ms) };
}

describe('the control API', () => {
  test('answers only under /_rolechain/: STS requests go on to the mock', () => {
    const { routes } = setUp();
    expect(
      routes(new Request('http://127.0.0.1:4566/', { method: 'POST', body: 'Action=GetCallerIdentity' })),
    ).toBeUndefined();
    expect(routes(new Request('http://127.0.0.1:4566/_rolechainx'))).toBeUndefined();
  });

  test('refuses a request without the token, or with another one, as 401', async () => {
    const { call } = setUp();
    for (const authorization of ['', 'Bearer wrong', `Basic ${token}`, `bearer ${token}x`]) {
      const answer = await call('GET', 'calls', undefined, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="rolechain-sts-mock"');
      expect(answer.json).toEqual({
        error: {
          code: 'Unauthorized',
          message: 'send the token the server printed as Authorization: Bearer <token>',
        },
      });
    }
    // Unknown routes too: without the token nothing is learnt about the API.
    expect((await call('GET', 'nope', undefined, { authorization: '' })).status).toBe(401);
  });

  test('GET calls lists the STS calls; POST reset forgets them', async () => {
    const { sts, call } = setUp();
    await sts.handle(
      new Request('https://sts.amazonaws.com/', {
        method: 'POST',
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      }),
    );
    const listed = await call('GET', 'calls');
    expect(listed).toMatchObject({
      status: 200,
      json: {
        calls: [
          {
            action: 'GetCallerIdentity',
            status: 403,
            errorCode: 'MissingAuthenticationToken',
            at: '2026-03-01T10:00:00.000Z',
          },
        ],
      },
    });
    expect(await call('POST', 'reset')).toMatchObject({ status: 200, json: {} });
    expect((await call('GET', 'calls')).json).toEqual({ calls: [] });
    expect(await call('POST', 'reset', { all: true })).toMatchObject({
      status: 400,
      json: { error: { code: 'InvalidInput', field: 'all' } },
    });
  });

  test('POST faults arms a fault, checked by inject()', async () => {
    const { sts, call } = setUp();
    expect(
      await call('POST', 'faults', { action: 'GetCallerIdentity', error: 'Throttling', times: 1 }),
    ).toMatchObject({ status: 200 });
    const answer = await sts.handle(
      new Request('https://sts.amazonaws.com/', {
        method: 'POST',
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      }),
    );
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<Code>Throttling</Code>');
    expect(await call('POST', 'faults', { error: 'Throttling', tiems: 3 })).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'InvalidInput',
          field: 'fault.tiems',
          message:
            'fault.tiems: is not a known option of inject() (known: action, roleArn, error, message, status, delayMs, networkError, times)',
        },
      },
    });
  });

  test('GET and POST clock read, set and move the clock', async () => {
    const { sts, call, tick } = setUp();
    expect((await call('GET', 'clock')).json).toEqual({ now: '2026-03-01T10:00:00.000Z' });
    expect((await call('POST', 'clock', { advanceSeconds: 3600 })).json).toEqual({
      now: '2026-03-01T11:00:00.000Z',
    });
    tick(500);
    expect(sts.now().toISOString()).toBe('2026-03-01T11:00:00.500Z');
    expect((await call('POST', 'clock', { now: '2030-01-01T00:00:00Z' })).json).toEqual({
      now: '2030-01-01T00:00:00.000Z',
    });
    expect((await call('POST', 'clock', { advanceSeconds: -60 })).json).toEqual({
      now: '2029-12-31T23:59:00.000Z',
    });
    for (const body of [{}, { now: '2030-01-01T00:00:00Z', advanceSeconds: 1 }]) {
      expect(await call('POST', 'clock', body)).toMatchObject({
        status: 400,
        json: { error: { field: 'body' } },
      });
    }
    expect(await call('POST', 'clock', { advanceSeconds: '1h' })).toMatchObject({
      status: 400,
      json: {
        error: {
          field: 'advanceSeconds',
          message: 'advanceSeconds: 1h is not a number of seconds from -315360000 to 315360000',
        },
      },
    });
    expect(await call('POST', 'clock', { now: 'tomorrow' })).toMatchObject({
      status: 400,
      json: { error: { field: 'now' } },
    });
  });

  test('POST mfa-code gives the code the user’s device shows now', async () => {
    const { sts, call } = setUp();
    const bob = sts.createUser({ accountId: '111111111111', userName: 'bob', mfa: true });
    const serialNumber = bob.mfaSerialNumber!;
    expect((await call('POST', 'mfa-code', { serialNumber })).json).toEqual({
      code: sts.mfaCode(serialNumber),
    });
    expect(
      await call('POST', 'mfa-code', { serialNumber: 'arn:aws:iam::111111111111:mfa/nobody' }),
    ).toMatchObject({
      status: 400,
      json: { error: { field: 'serialNumber' } },
    });
  });

  test('POST web-identity-token mints a token the mock accepts', async () => {
    const { sts, call } = setUp();
    sts.createOidcProvider({
      accountId: '222222222222',
      issuer: 'https://idp.example.com',
      audiences: ['sts.amazonaws.com'],
    });
    const { json } = await call('POST', 'web-identity-token', {
      issuer: 'https://idp.example.com',
      subject: 'repo:acme/app',
      audience: 'sts.amazonaws.com',
    });
    const [header, payload] = String(json['token']).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      iss: 'https://idp.example.com',
      sub: 'repo:acme/app',
      aud: 'sts.amazonaws.com',
      iat: Date.parse('2026-03-01T10:00:00Z') / 1000,
    });
  });

  test('POST saml-assertion mints an assertion AssumeRoleWithSAML accepts; bad input names the field', async () => {
    const { sts, call } = setUp();
    const okta = sts.createSamlProvider({ accountId: '111111111111', name: 'okta' });
    const role = sts.createRole({
      accountId: '111111111111',
      roleName: 'engineers',
      trustedPrincipals: [okta.arn],
    });
    const input = {
      issuer: okta.issuer,
      subject: 'alice@example.com',
      roles: [{ roleArn: role.arn, providerArn: okta.arn }],
      roleSessionName: 'alice',
    };
    const minted = await call('POST', 'saml-assertion', input);
    expect(minted.status).toBe(200);
    expect(Object.keys(minted.json)).toEqual(['samlAssertion']);
    const body = new URLSearchParams({
      Action: 'AssumeRoleWithSAML',
      Version: '2011-06-15',
      RoleArn: role.arn,
      PrincipalArn: okta.arn,
      SAMLAssertion: String(minted.json['samlAssertion']),
    });
    const answer = await sts.handle(
      new Request('https://sts.amazonaws.com/', { method: 'POST', body: body.toString() }),
    );
    expect(await answer.text()).toContain(
      '<Arn>arn:aws:sts::111111111111:assumed-role/engineers/alice</Arn>',
    );
    expect(answer.status).toBe(200);
    expect(await call('POST', 'saml-assertion', { ...input, issuer: undefined })).toMatchObject({
      status: 400,
      json: { error: { code: 'InvalidInput', field: 'issuer' } },
    });
    expect(
      await call('POST', 'saml-assertion', { ...input, roles: [{ roleArn: role.arn, provider: okta.arn }] }),
    ).toMatchObject({ status: 400, json: { error: { field: 'roles[0].provider' } } });
    expect((await call('GET', 'saml-assertion')).headers.get('allow')).toBe('POST');
  });

  test('POST trade-in-token mints a token for an existing role; bad input names the field', async () => {
    const { sts, call } = setUp();
    const role = sts.createRole({
      accountId: '222222222222',
      roleName: 'support-access',
      trustedPrincipals: ['arn:aws:iam::111111111111:root'],
    });
    const minted = await call('POST', 'trade-in-token', { roleArn: role.arn, sessionName: 'ticket-42' });
    expect(minted.status).toBe(200);
    expect(Object.keys(minted.json)).toEqual(['tradeInToken']);
    expect(minted.json['tradeInToken']).toMatch(/^tit-[\w-]{43}$/);
    expect(
      await call('POST', 'trade-in-token', { roleArn: 'arn:aws:iam::222222222222:role/none' }),
    ).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'InvalidInput',
          field: 'roleArn',
          message: "roleArn: 'arn:aws:iam::222222222222:role/none' is not a role of this mock",
        },
      },
    });
    expect(await call('POST', 'trade-in-token', { roleArn: role.arn, durationSeconds: 60 })).toMatchObject({
      status: 400,
      json: { error: { field: 'durationSeconds' } },
    });
  });

  test('GET jwks gives the public keys that verify GetWebIdentityToken’s JWTs, and no private part', async () => {
    const { sts, call } = setUp();
    const answer = await call('GET', 'jwks');
    expect(answer).toMatchObject({ status: 200, json: JSON.parse(JSON.stringify(sts.jwks())) as unknown });
    const keys = answer.json['keys'] as Record<string, unknown>[];
    expect(keys.map((key) => key['alg']).sort()).toEqual(['ES384', 'RS256']);
    for (const key of keys) expect(key).not.toHaveProperty('d');
    expect((await call('POST', 'jwks', {})).headers.get('allow')).toBe('GET');
  });

  test('typed errors: unknown route 404, wrong method 405 with Allow, body not an object or not JSON 400, too large 413', async () => {
    const { call } = setUp();
    expect(await call('GET', 'nope')).toMatchObject({ status: 404, json: { error: { code: 'NotFound' } } });
    const wrongMethod = await call('DELETE', 'clock');
    expect(wrongMethod).toMatchObject({ status: 405, json: { error: { code: 'MethodNotAllowed' } } });
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect((await call('GET', 'reset')).headers.get('allow')).toBe('POST');
    expect(await call('POST', 'faults', '[1]')).toMatchObject({
      status: 400,
      json: { error: { field: 'body', message: 'body: expected a JSON object' } },
    });
    const notJson = await call('POST', 'faults', '{"error": Throttling}');
    expect(notJson).toMatchObject({ status: 400, json: { error: { code: 'InvalidInput', field: 'body' } } });
    // V8 names the position on some Node versions: the line and column then, never the text.
    expect(JSON.stringify(notJson.json)).toMatch(
      /"message":"body: is not valid JSON( \(line 1, column 11\))?"/,
    );
    expect(await call('POST', 'faults', `{"message": "${'x'.repeat(maxControlBodyBytes)}"}`)).toMatchObject({
      status: 413,
      json: { error: { code: 'RequestEntityTooLarge' } },
    });
  });

  test('a hostile body cannot pollute Object.prototype', async () => {
    const { call } = setUp();
    await call(
      'POST',
      'faults',
      '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}',
    );
    await call('POST', 'clock', '{"__proto__": {"advanceSeconds": 1}}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['advanceSeconds']).toBeUndefined();
  });
});
