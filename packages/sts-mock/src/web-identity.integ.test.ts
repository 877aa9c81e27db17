// Web identity under the real SDK: its own fromWebToken provider, unsigned calls, and each way STS refuses
// a token (audience, expiry, unknown issuer, forgery) with the code, status and message it sends.
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';

let clock = new Date();
const { sts, server } = useStsMock({ now: () => clock });
beforeEach(() => {
  clock = new Date();
});

const issuer = 'https://token.actions.githubusercontent.com';
const github = sts.createOidcProvider({
  accountId: '222222222222',
  issuer,
  audiences: ['sts.amazonaws.com'],
});
const deploy = sts.createRole({
  accountId: '222222222222',
  roleName: 'gha-deploy',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: github.arn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:acme/infra:environment:production',
          },
        },
      },
    ],
  },
});

const anonymous = new STSClient({
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: () => Promise.reject(new Error('AssumeRoleWithWebIdentity must not need credentials')),
});

function mint(overrides: Partial<Parameters<typeof sts.mintWebIdentityToken>[0]> = {}): string {
  return sts.mintWebIdentityToken({
    issuer,
    subject: 'repo:acme/infra:environment:production',
    audience: 'sts.amazonaws.com',
    ...overrides,
  });
}

function assume(token: string, roleArn = deploy.arn) {
  return anonymous.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn,
      RoleSessionName: 'gha-1',
      WebIdentityToken: token,
    }),
  );
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  const { name, message, $metadata } = error as STSServiceException;
  return { name, status: $metadata.httpStatusCode ?? 0, message };
}

describe('accepted tokens', () => {
  test("the SDK's fromWebToken provider gets role credentials, over an unsigned call", async () => {
    const authorization: (string | null)[] = [];
    const record = ({ request }: { request: Request }): void => {
      authorization.push(request.headers.get('authorization'));
    };
    server.events.on('request:start', record);
    try {
      const credentials = fromWebToken({
        roleArn: deploy.arn,
        roleSessionName: 'gha-run-7',
        webIdentityToken: mint(),
        clientConfig: { region: 'eu-west-1' },
      });
      const identity = await new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 }).send(
        new GetCallerIdentityCommand({}),
      );
      expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/gha-deploy/gha-run-7');
    } finally {
      server.events.removeListener('request:start', record);
    }
    expect(sts.calls.map((call) => [call.action, call.status])).toEqual([
      ['AssumeRoleWithWebIdentity', 200],
      ['GetCallerIdentity', 200],
    ]);
    expect(authorization[0]).toBeNull();
    expect(authorization[1]).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIA/);
  });

  test("the SDK's fromTokenFile provider (EKS service accounts) reads a minted token from its file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-mock-web-identity-'));
    try {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, mint());
      const credentials = fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn: deploy.arn,
        roleSessionName: 'pod-1',
        clientConfig: { region: 'eu-west-1' },
      });
      const identity = await new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 }).send(
        new GetCallerIdentityCommand({}),
      );
      expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/gha-deploy/pod-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Cognito-style trust policy on the multi-valued amr claim (ForAnyValue)', async () => {
    const cognito = sts.createOidcProvider({
      accountId: '222222222222',
      issuer: 'https://cognito-identity.amazonaws.com',
      audiences: ['eu-west-1:6f6e0c8e-0000-4000-8000-000000000000'],
    });
    const role = sts.createRole({
      accountId: '222222222222',
      roleName: 'app-users',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: cognito.arn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': cognito.audiences[0] ?? '' },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            },
          },
        ],
      },
    });
    const tokenFor = (amr: string[]) =>
      mint({
        issuer: cognito.issuer,
        subject: 'eu-west-1:user-1',
        audience: cognito.audiences[0] ?? '',
        claims: { amr },
      });
    const ok = await assume(tokenFor(['authenticated', 'cognito-idp.eu-west-1.amazonaws.com']), role.arn);
    expect(ok.SubjectFromWebIdentityToken).toBe('eu-west-1:user-1');
    expect(await refusal(assume(tokenFor(['unauthenticated']), role.arn))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    });
  });
});

describe('refused tokens', () => {
  test('a subject the trust policy does not name is AccessDenied', async () => {
    expect(await refusal(assume(mint({ subject: 'repo:acme/infra:ref:refs/heads/feature' })))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    });
  });

  test('an expired token is ExpiredTokenException with the times STS reports', async () => {
    const token = mint({ expiresInSeconds: 600 });
    const exp = Math.floor(clock.getTime() / 1000) + 600;
    clock = new Date(clock.getTime() + 600_000);
    expect(await refusal(assume(token))).toEqual({
      name: 'ExpiredTokenException',
      status: 400,
      message: `Token expired: current date/time ${exp} must be before the expiration date/time ${exp}`,
    });
  });

  test('a token for an audience the provider does not list is InvalidIdentityToken', async () => {
    expect(await refusal(assume(mint({ audience: 'api://something-else' })))).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400,
      message: 'Incorrect token audience',
    });
  });

  test("an issuer registered only in another account is not found in the role's account", async () => {
    const gitlab = 'https://gitlab.example.com';
    sts.createOidcProvider({ accountId: '333333333333', issuer: gitlab, audiences: ['sts.amazonaws.com'] });
    expect(await refusal(assume(mint({ issuer: gitlab })))).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400,
      message: `No OpenIDConnect provider found in your account for ${gitlab}`,
    });
  });

  test('a token whose claims were edited after signing is InvalidIdentityToken', async () => {
    const [header, payload, signature] = mint({ subject: 'repo:acme/website:environment:production' }).split(
      '.',
    );
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const edited = Buffer.from(
      JSON.stringify({ ...claims, sub: 'repo:acme/infra:environment:production' }),
    ).toString('base64url');
    const forged = `${header ?? ''}.${edited}.${signature ?? ''}`;
    expect(await refusal(assume(forged))).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400,
      message:
        'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
    });
    expect(JSON.stringify(sts.calls)).not.toContain(edited);
  });
});
