import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { createWebIdentityRegistry, type WebIdentityVerification } from './web-identity';

const issuer = 'https://token.actions.githubusercontent.com';
const accountId = '222222222222';
const now = new Date('2026-11-28T08:00:00Z');
const nowSeconds = now.getTime() / 1000;

function githubRegistry() {
  const registry = createWebIdentityRegistry();
  const provider = registry.createOidcProvider({ accountId, issuer, audiences: ['sts.amazonaws.com'] });
  return { registry, provider };
}

function decodePart(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function failure(result: WebIdentityVerification): { code: string; message: string } {
  if (result.ok) throw new Error('expected the token to be refused');
  return { code: result.code, message: result.message };
}

describe('createOidcProvider', () => {
  test('names the provider by issuer host and path, as IAM does', () => {
    const registry = createWebIdentityRegistry();
    const eks = registry.createOidcProvider({
      accountId,
      issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789/',
      audiences: ['sts.amazonaws.com'],
      thumbprints: ['9E99A48A9960B14926BB7F3B02E22DA2B0AB7280'],
    });
    expect(eks).toEqual({
      arn: 'arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789',
      accountId,
      issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789',
      audiences: ['sts.amazonaws.com'],
      thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      conditionKeyPrefix: 'oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789',
    });
    expect(registry.providers).toEqual([eks]);
  });

  test('uses the partition of the mock', () => {
    const registry = createWebIdentityRegistry({ partition: 'aws-cn' });
    expect(registry.createOidcProvider({ accountId, issuer, audiences: ['a'] }).arn).toBe(
      'arn:aws-cn:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
    );
  });

  test.each([
    [
      { issuer: 'http://token.actions.githubusercontent.com' },
      'issuer: "http://token.actions.githubusercontent.com" is not an https:// issuer URL',
    ],
    [
      { issuer: 'https://idp.example.com/?tenant=1' },
      'issuer: "https://idp.example.com/?tenant=1" is not an https://',
    ],
    [{ issuer: 'not a url' }, 'issuer: "not a url" is not an https://'],
    [{ accountId: '2222' }, 'accountId: "2222" is not a 12-digit account id'],
    [{ audiences: [] }, 'audiences: [] is not a list of 1 to 100 client ids'],
    [{ thumbprints: ['abc'] }, 'thumbprints: ["abc"] is not a list of at most 5 SHA-1 thumbprints'],
  ])('refuses %j naming the field and the value', (override, message) => {
    const registry = createWebIdentityRegistry();
    expect(() =>
      registry.createOidcProvider({ accountId, issuer, audiences: ['sts.amazonaws.com'], ...override }),
    ).toThrow(message);
  });

  test('refuses the same issuer twice in one account, allows it in another', () => {
    const { registry } = githubRegistry();
    expect(() => registry.createOidcProvider({ accountId, issuer: `${issuer}/`, audiences: ['x'] })).toThrow(
      StsMockInputError,
    );
    expect(
      registry.createOidcProvider({ accountId: '333333333333', issuer, audiences: ['x'] }).accountId,
    ).toBe('333333333333');
  });
});

describe('minted tokens', () => {
  test('are RS256 JWTs that verify with the published JWK', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 'repo:acme/infra:ref:refs/heads/main', audience: 'sts.amazonaws.com' },
      now,
    );
    const header = decodePart(token, 0);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decodePart(token, 1)).toMatchObject({
      iss: issuer,
      sub: 'repo:acme/infra:ref:refs/heads/main',
      aud: 'sts.amazonaws.com',
      iat: nowSeconds,
      exp: nowSeconds + 3600,
    });
    const [jwk] = registry.jwks().keys;
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: header.kid });
    const [h, p, s] = token.split('.');
    const publicKey = createPublicKey({ key: jwk!, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s!, 'base64url'))).toBe(true);
  });

  test('carry extra claims, which may override the standard ones', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      {
        issuer,
        subject: 's',
        audience: ['sts.amazonaws.com', 'other'],
        expiresInSeconds: 60,
        claims: { repository: 'acme/infra', iat: nowSeconds - 10 },
      },
      now,
    );
    expect(decodePart(token, 1)).toMatchObject({
      aud: ['sts.amazonaws.com', 'other'],
      exp: nowSeconds + 60,
      iat: nowSeconds - 10,
      repository: 'acme/infra',
    });
  });

  test.each([
    [{ subject: '' }, 'subject: "" is not a non-empty string'],
    [{ audience: [] }, 'audience: [] is not a client id'],
    [{ expiresInSeconds: 0 }, 'expiresInSeconds: 0 is not a positive integer'],
    [
      { issuer: 'token.actions.githubusercontent.com' },
      'issuer: "token.actions.githubusercontent.com" is not an https://',
    ],
  ])('refuses %j', (override, message) => {
    const { registry } = githubRegistry();
    expect(() =>
      registry.mintWebIdentityToken(
        { issuer, subject: 's', audience: 'sts.amazonaws.com', ...override },
        now,
      ),
    ).toThrow(message);
  });
});

describe('verifyWebIdentityToken', () => {
  test('accepts a fresh token and gives the trust-policy condition keys', () => {
    const { registry, provider } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 'repo:acme/infra:ref:refs/heads/main', audience: 'sts.amazonaws.com' },
      now,
    );
    const result = registry.verifyWebIdentityToken(token, new Date(now.getTime() + 60_000), accountId);
    expect(result).toMatchObject({
      ok: true,
      provider,
      subject: 'repo:acme/infra:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
      context: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
        'aws:FederatedProvider': provider.arn,
      },
    });
  });

  test('with several audiences, reports the one the provider accepts', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: ['api://other', 'sts.amazonaws.com'] },
      now,
    );
    const result = registry.verifyWebIdentityToken(token, now);
    expect(result.ok && result.audience).toBe('sts.amazonaws.com');
  });

  test('passes amr through as a multi-valued condition key', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: 'sts.amazonaws.com', claims: { amr: ['authenticated', 'mfa'] } },
      now,
    );
    const result = registry.verifyWebIdentityToken(token, now);
    expect(result.ok && result.context['token.actions.githubusercontent.com:amr']).toEqual([
      'authenticated',
      'mfa',
    ]);
  });

  test('an expired token gets ExpiredTokenException with the times in epoch seconds', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: 'sts.amazonaws.com', expiresInSeconds: 900 },
      now,
    );
    expect(registry.verifyWebIdentityToken(token, new Date(now.getTime() + 899_000)).ok).toBe(true);
    expect(failure(registry.verifyWebIdentityToken(token, new Date(now.getTime() + 900_000)))).toEqual({
      code: 'ExpiredTokenException',
      message: `Token expired: current date/time ${nowSeconds + 900} must be before the expiration date/time ${nowSeconds + 900}`,
    });
  });

  test('a token for another audience is refused', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken({ issuer, subject: 's', audience: 'api://mine' }, now);
    expect(failure(registry.verifyWebIdentityToken(token, now))).toEqual({
      code: 'InvalidIdentityToken',
      message: 'Incorrect token audience',
    });
  });

  test('a token from an issuer with no provider (in the role account) is refused', () => {
    const { registry } = githubRegistry();
    const other = registry.mintWebIdentityToken(
      { issuer: 'https://accounts.example.com/', subject: 's', audience: 'sts.amazonaws.com' },
      now,
    );
    expect(failure(registry.verifyWebIdentityToken(other, now))).toEqual({
      code: 'InvalidIdentityToken',
      message: 'No OpenIDConnect provider found in your account for https://accounts.example.com/',
    });
    const github = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: 'sts.amazonaws.com' },
      now,
    );
    expect(failure(registry.verifyWebIdentityToken(github, now, '333333333333')).message).toBe(
      `No OpenIDConnect provider found in your account for ${issuer}`,
    );
  });

  test('an issuer with a trailing slash matches its provider', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer: `${issuer}/`, subject: 's', audience: 'sts.amazonaws.com' },
      now,
    );
    expect(registry.verifyWebIdentityToken(token, now).ok).toBe(true);
  });

  test('a token whose claims were changed after signing is refused', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 'repo:acme/app:x', audience: 'sts.amazonaws.com' },
      now,
    );
    const [header, , signature] = token.split('.');
    const claims = { ...decodePart(token, 1), sub: 'repo:acme/infra:x' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(failure(registry.verifyWebIdentityToken(forged, now))).toEqual({
      code: 'InvalidIdentityToken',
      message:
        'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
    });
  });

  test('a token signed by another key, or unsigned, is refused', () => {
    const { registry } = githubRegistry();
    const genuine = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: 'sts.amazonaws.com' },
      now,
    );
    const [header, payload] = genuine.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const resigned = `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
    expect(failure(registry.verifyWebIdentityToken(resigned, now)).code).toBe('InvalidIdentityToken');
    const otherKid = Buffer.from(JSON.stringify({ ...decodePart(genuine, 0), kid: 'someone-else' })).toString(
      'base64url',
    );
    expect(failure(registry.verifyWebIdentityToken(`${otherKid}.${payload}.x`, now)).message).toMatch(
      /^Couldn't retrieve verification key from your identity provider/,
    );
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(failure(registry.verifyWebIdentityToken(none, now)).code).toBe('InvalidIdentityToken');
  });

  test('something that is not a JWT is refused', () => {
    const { registry } = githubRegistry();
    for (const token of ['', 'abc', 'a.b.c', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln']) {
      expect(failure(registry.verifyWebIdentityToken(token, now))).toEqual({
        code: 'InvalidIdentityToken',
        message:
          'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      });
    }
  });

  test('a token without aud names the missing claim', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: 'sts.amazonaws.com', claims: { aud: undefined } },
      now,
    );
    expect(failure(registry.verifyWebIdentityToken(token, now))).toEqual({
      code: 'InvalidIdentityToken',
      message: 'Missing a required claim: aud',
    });
  });

  test('a token not valid before a later time is refused until then', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 's', audience: 'sts.amazonaws.com', claims: { nbf: nowSeconds + 300 } },
      now,
    );
    expect(failure(registry.verifyWebIdentityToken(token, now)).code).toBe('InvalidIdentityToken');
    expect(registry.verifyWebIdentityToken(token, new Date(now.getTime() + 300_000)).ok).toBe(true);
  });

  test('no failure message contains the token, and the registry does not show its key', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken({ issuer, subject: 's', audience: 'api://mine' }, now);
    const later = new Date(now.getTime() + 7200_000);
    for (const candidate of [token, `${token}x`, token.split('.').slice(0, 2).join('.')]) {
      const result = failure(registry.verifyWebIdentityToken(candidate, later));
      expect(result.message).not.toContain(token.split('.')[1]);
      expect(result.message).not.toContain(token.split('.')[2]);
    }
    const shown = inspect(registry, { showHidden: true, depth: 10 });
    expect(shown).toContain('oidc-provider/token.actions.githubusercontent.com');
    expect(shown).not.toMatch(/PRIVATE KEY|privateKey/);
  });

  test('claims are read only from the token: a polluted Object.prototype supplies none', () => {
    const { registry } = githubRegistry();
    const token = registry.mintWebIdentityToken(
      { issuer, subject: 'repo:org/app', audience: 'sts.amazonaws.com' },
      now,
    );
    const [header = '', , signature = ''] = token.split('.');
    // Same header and signature, payload without sub: the check for the missing claim comes first.
    const payload = Buffer.from(
      JSON.stringify({ iss: issuer, aud: 'sts.amazonaws.com', exp: nowSeconds + 60 }),
    ).toString('base64url');
    const prototype = Object.prototype as Record<string, unknown>;
    prototype['sub'] = 'repo:org/injected';
    prototype['nbf'] = nowSeconds + 3600;
    try {
      expect(failure(registry.verifyWebIdentityToken(`${header}.${payload}.${signature}`, now))).toEqual({
        code: 'InvalidIdentityToken',
        message: 'Missing a required claim: sub',
      });
      const verified = registry.verifyWebIdentityToken(token, now);
      expect(verified.ok).toBe(true);
    } finally {
      delete prototype['sub'];
      delete prototype['nbf'];
    }
  });
});
