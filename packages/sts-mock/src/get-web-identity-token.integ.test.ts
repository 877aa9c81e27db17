import { createPublicKey, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials, GetWebIdentityTokenCommandInput } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts } = useStsMock();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', tags: { team: 'web' } });
const stranger = sts.createUser({ accountId: '999999999999', userName: 'stranger' });
const worker = sts.createRole({
  accountId: '111111111111',
  roleName: 'worker',
  trustedPrincipals: [alice.arn],
  tags: { env: 'prod' },
});
const federation = sts.enableOutboundWebIdentityFederation({ accountId: '111111111111' });
sts.createOrganization({ managementAccountId: '111111111111', memberAccountIds: ['222222222222'] });

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function client(credentials: Keys): STSClient {
  return new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
}

function resolved(credentials: Credentials): Keys {
  return {
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  };
}

async function roleSession(durationSeconds = 3600): Promise<Keys> {
  const out = await client(alice.credentials).send(
    new AssumeRoleCommand({
      RoleArn: worker.arn,
      RoleSessionName: 'job-1',
      DurationSeconds: durationSeconds,
    }),
  );
  return resolved(out.Credentials!);
}

function token(input: Partial<GetWebIdentityTokenCommandInput>, as: Keys = alice.credentials) {
  return client(as).send(
    new GetWebIdentityTokenCommand({
      Audience: ['https://api.example.com'],
      SigningAlgorithm: 'RS256',
      ...input,
    }),
  );
}

async function tokenFails(input: Partial<GetWebIdentityTokenCommandInput>, as: Keys = alice.credentials) {
  const error = await failure(token(input, as));
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

/** Verifies a compact JWS against a JWK Set the way a relying party does, and returns header and claims. */
function verified(jwt: string, jwks: { keys: JsonWebKey[] }) {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string; kid: string };
  const jwk = jwks.keys.find((key) => key.kid === head.kid);
  expect(jwk?.alg).toBe(head.alg);
  const key = createPublicKey({ key: jwk!, format: 'jwk' });
  const data = Buffer.from(`${header}.${payload}`);
  const ok =
    head.alg === 'RS256'
      ? verify('sha256', data, key, Buffer.from(signature, 'base64url'))
      : verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  expect(ok).toBe(true);
  return {
    head,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  };
}

describe('GetWebIdentityToken', () => {
  test("a role session's RS256 token verifies against the issuer's JWKS, fetched by OIDC discovery", async () => {
    const session = await roleSession();
    const out = await token({ Tags: [{ Key: 'job', Value: 'nightly' }], DurationSeconds: 600 }, session);
    const at = Math.floor(sts.calls.at(-1)!.at.getTime() / 1000);
    expect(out.Expiration?.getTime()).toBe((at + 600) * 1000);

    const discovery = (await (
      await fetch(`${federation.issuerUrl}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string; id_token_signing_alg_values_supported: string[] };
    expect(discovery).toMatchObject({
      issuer: federation.issuerUrl,
      id_token_signing_alg_values_supported: ['RS256', 'ES384'],
    });
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: JsonWebKey[] };
    const { head, claims } = verified(out.WebIdentityToken!, jwks);
    expect(head).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(claims).toEqual({
      iss: federation.issuerUrl,
      aud: 'https://api.example.com',
      sub: worker.arn,
      iat: at,
      exp: at + 600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      'https://sts.amazonaws.com/': {
        aws_account: '111111111111',
        source_region: 'eu-west-1',
        principal_id: worker.arn,
        org_id: expect.stringMatching(/^o-/) as unknown,
        principal_tags: { env: 'prod' },
        request_tags: { job: 'nightly' },
      },
    });
  });

  test("a user's ES384 token for two audiences lasts 300 seconds by default and verifies with sts.jwks()", async () => {
    const out = await token({ SigningAlgorithm: 'ES384', Audience: ['a', 'b'] });
    const at = Math.floor(sts.calls.at(-1)!.at.getTime() / 1000);
    expect(out.Expiration?.getTime()).toBe((at + 300) * 1000);
    const { head, claims } = verified(out.WebIdentityToken!, sts.jwks());
    expect(head.alg).toBe('ES384');
    expect(claims).toMatchObject({ aud: ['a', 'b'], sub: alice.arn, exp: at + 300 });
    expect(claims['https://sts.amazonaws.com/']).toMatchObject({ principal_tags: { team: 'web' } });
  });

  test('sts.jwks() holds public keys only, one per algorithm', () => {
    const { keys } = sts.jwks();
    expect(keys.map((key) => [key.alg, key.kty, key.use])).toEqual([
      ['RS256', 'RSA', 'sig'],
      ['ES384', 'EC', 'sig'],
    ]);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });

  test('an account without outbound identity federation is refused', async () => {
    expect(await tokenFails({}, stranger.credentials)).toEqual({
      name: 'OutboundWebIdentityFederationDisabledException',
      status: 403,
      message:
        'The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the Amazon Web Services Management Console or API.',
    });
    expect(
      (await fetch(`https://${'0'.repeat(36)}.tokens.sts.global.api.aws/.well-known/jwks.json`)).status,
    ).toBe(404);
  });

  test('a token may not outlive the calling session', async () => {
    const session = await roleSession(900);
    expect(await tokenFails({ DurationSeconds: 1800 }, session)).toEqual({
      name: 'SessionDurationEscalationException',
      status: 403,
      message: 'The requested token duration would extend the session beyond its original expiration time.',
    });
  });

  test.each([
    [
      { Audience: [] },
      "1 validation error detected: Value '[]' at 'audience' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { Audience: Array.from({ length: 11 }, (_, i) => `aud-${i}`) },
      "1 validation error detected: Value '[11 audiences]' at 'audience' failed to satisfy constraint: Member must have length less than or equal to 10",
    ],
    [
      { Audience: ['x'.repeat(1001)] },
      `1 validation error detected: Value '${'x'.repeat(1001)}' at 'audience.1.member' failed to satisfy constraint: Member must have length less than or equal to 1000`,
    ],
    [
      { DurationSeconds: 59 },
      "1 validation error detected: Value '59' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    ],
    [
      { DurationSeconds: 3601 },
      "1 validation error detected: Value '3601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600",
    ],
    [
      { SigningAlgorithm: 'HS256' },
      "1 validation error detected: Value 'HS256' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]",
    ],
    [
      { SubjectMode: 'Nobody' as 'AWSIdentity' },
      "1 validation error detected: Value 'Nobody' at 'subjectMode' failed to satisfy constraint: Member must satisfy enum value set: [AWSIdentity, OriginIdentity]",
    ],
    [
      { SubjectMode: 'OriginIdentity' as const },
      'SubjectMode OriginIdentity requires the calling session to carry an aws:OriginIdentity/Subject key, and this session has no trusted identity propagation context.',
    ],
    [{ Scope: 'read' }, 'Scope can be specified only when SubjectMode is OriginIdentity.'],
    [
      { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
      "1 validation error detected: Value '[51 tags]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    ],
    [
      {
        Tags: [
          { Key: 'Team', Value: 'a' },
          { Key: 'team', Value: 'b' },
        ],
      },
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    ],
  ] as const)('%o is a ValidationError', async (input, message) => {
    expect(await tokenFails(input as Partial<GetWebIdentityTokenCommandInput>)).toEqual({
      name: 'ValidationError',
      status: 400,
      message,
    });
  });

  test('the global endpoint does not serve it', async () => {
    const global = new STSClient({
      region: 'us-east-1',
      endpoint: 'https://sts.amazonaws.com',
      credentials: alice.credentials,
      maxAttempts: 1,
    });
    const error = await failure(
      global.send(new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'RS256' })),
    );
    expect(error.name).toBe('InvalidAction');
  });

  test('enableOutboundWebIdentityFederation() is idempotent and checks its input', () => {
    expect(sts.enableOutboundWebIdentityFederation({ accountId: '111111111111' })).toBe(federation);
    expect(federation.issuerUrl).toMatch(/^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
    expect(() => sts.enableOutboundWebIdentityFederation({ accountId: '12' })).toThrow(
      new StsMockInputError('accountId', "'12' is not a 12-digit account id"),
    );
  });
});
