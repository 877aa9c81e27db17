import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import { failure } from './test-support/sts-failure';

const sts = createStsMock();
const server = setupServer(...sts.handlers);
beforeAll(() => {
  server.listen(failOnUnhandledRequests);
});
afterAll(() => {
  server.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const issuer = 'https://token.actions.githubusercontent.com';
const github = sts.createOidcProvider({
  accountId: '222222222222',
  issuer,
  audiences: ['sts.amazonaws.com'],
});
const ci = sts.createRole({
  accountId: '222222222222',
  roleName: 'github-ci',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: github.arn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
      },
    ],
  },
});

// No credentials at all: the call is sent unsigned, as the SDK does for this operation.
const anonymous = new STSClient({
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: () => Promise.reject(new Error('AssumeRoleWithWebIdentity must not need credentials')),
});

describe('AssumeRoleWithWebIdentity', () => {
  test('a token the mock minted for a trusted subject gives a role session usable for signed calls', async () => {
    const token = sts.mintWebIdentityToken({
      issuer,
      subject: 'repo:acme/app:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
    });
    const out = await anonymous.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ci.arn,
        RoleSessionName: 'gha-42',
        WebIdentityToken: token,
      }),
    );
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: 'repo:acme/app:ref:refs/heads/main',
      Audience: 'sts.amazonaws.com',
      Provider: issuer,
      AssumedRoleUser: { Arn: 'arn:aws:sts::222222222222:assumed-role/github-ci/gha-42' },
    });
    const credentials = out.Credentials!;
    const identity = await new STSClient({
      region: 'us-east-1',
      credentials: {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      },
    }).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(out.AssumedRoleUser!.Arn);
    expect(JSON.stringify(sts.calls)).not.toContain(token);
  });

  test('a subject outside the trust condition is AccessDenied', async () => {
    const token = sts.mintWebIdentityToken({
      issuer,
      subject: 'repo:evil/app:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
    });
    const error = await failure(
      anonymous.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ci.arn,
          RoleSessionName: 'gha-43',
          WebIdentityToken: token,
        }),
      ),
    );
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      403,
    ]);
  });

  test('a token used after its exp is ExpiredTokenException', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = sts.mintWebIdentityToken({
      issuer,
      subject: 'repo:acme/app:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
      expiresInSeconds: 300,
    });
    vi.setSystemTime(Date.now() + 301_000);
    const error = await failure(
      anonymous.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ci.arn,
          RoleSessionName: 'gha-44',
          WebIdentityToken: token,
        }),
      ),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['ExpiredTokenException', 400]);
    expect(error.message).not.toContain(token);
  });

  test('a token that is not a JWT is InvalidIdentityToken', async () => {
    const error = await failure(
      anonymous.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ci.arn,
          RoleSessionName: 'gha-45',
          WebIdentityToken: 'not-a-jwt',
        }),
      ),
    );
    // The SDK names the exception class after the model shape for the wire code InvalidIdentityToken.
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidIdentityTokenException', 400]);
  });
});
