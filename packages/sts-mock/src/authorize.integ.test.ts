// `sts.authorize` end to end: real SDK clients get credentials from the mock STS and sign real S3 requests;
// a stand-in S3 served by msw hands each intercepted request to `authorize`, which decides as IAM would.
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetFederationTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type {
  AssumeRoleCommandInput,
  Credentials,
  GetFederationTokenCommandInput,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { PolicyDocumentError, StsMockInputError } from '@rolechain/sts-mock';
import type { AuthorizationResult, AuthorizeResult, PermissionPolicyDocument } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const seen: AuthorizeResult[] = [];
/** Condition keys the next S3 request is authorized with. */
let nextContext: Record<string, string> = {};
const s3Host = /^https:\/\/([a-z0-9.-]+)\.s3\.([a-z0-9-]+)\.amazonaws\.com\/(.*)$/;

const { sts } = useStsMock({
  handlers: (sts) => [
    http.all(s3Host, async ({ request }) => {
      const [, bucket, , key] = s3Host.exec(request.url.split('?')[0]!)!;
      const action = request.method === 'PUT' ? 's3:PutObject' : 's3:GetObject';
      const result = await sts.authorize(request, {
        action,
        resource: `arn:aws:s3:::${bucket}/${decodeURIComponent(key!)}`,
        context: nextContext,
      });
      seen.push(result);
      return result.allowed
        ? HttpResponse.text('ok')
        : HttpResponse.text(`<Error><Code>AccessDenied</Code><Message>${result.message}</Message></Error>`, {
            status: 403,
            headers: { 'content-type': 'application/xml' },
          });
    }),
  ],
});

const doc = (...Statement: PermissionPolicyDocument['Statement'][]): PermissionPolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat(),
});
const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const s3All = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
const readOnly = sts.createManagedPolicy({
  accountId: 'aws',
  name: 'AmazonS3ReadOnlyAccess',
  document: doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }),
});
const getOnly = sts.createManagedPolicy({
  accountId: '222222222222',
  name: 'get-only',
  path: '/boundaries/',
  document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
});

const alice = sts.createUser({
  accountId: '111111111111',
  userName: 'alice',
  tags: { team: 'web' },
  policies: [allowAll],
});
const nobody = sts.createUser({ accountId: '111111111111', userName: 'nobody' });
const careful = sts.createUser({
  accountId: '111111111111',
  userName: 'careful',
  policies: [
    s3All,
    JSON.stringify(doc({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secrets/*' })),
  ],
});
const broker = sts.createUser({
  accountId: '111111111111',
  userName: 'broker',
  policies: [doc({ Effect: 'Allow', Action: ['s3:GetObject', 'sts:GetFederationToken'], Resource: '*' })],
});
const writer = sts.createRole({
  accountId: '222222222222',
  roleName: 'writer',
  trustedPrincipals: [alice.arn],
  tags: { team: 'finance' },
  policies: [s3All],
});
const bounded = sts.createRole({
  accountId: '222222222222',
  roleName: 'bounded',
  trustedPrincipals: [alice.arn],
  policies: [s3All],
  permissionsBoundary: getOnly.arn,
});
const reader = sts.createRole({
  accountId: '222222222222',
  roleName: 'reader',
  trustedPrincipals: [alice.arn],
  managedPolicyArns: [readOnly.arn],
});
const tagged = sts.createRole({
  accountId: '222222222222',
  roleName: 'tagged',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: { AWS: alice.arn },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
    },
  },
  policies: [
    doc(
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::teams/${aws:PrincipalTag/team}/*',
      },
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceIdentity': 'alice@example.com', 'aws:RequestedRegion': 'eu-west-1' },
        },
      },
    ),
  ],
});

const region = 'eu-west-1';
const stsClient = (credentials: AwsCredentialIdentity) => new STSClient({ region, credentials });
const session = (credentials: Credentials): AwsCredentialIdentity => ({
  accessKeyId: credentials.AccessKeyId!,
  secretAccessKey: credentials.SecretAccessKey!,
  sessionToken: credentials.SessionToken!,
});

async function assume(
  input: Partial<AssumeRoleCommandInput> & { RoleArn: string },
): Promise<AwsCredentialIdentity> {
  const out = await stsClient(alice.credentials).send(
    new AssumeRoleCommand({ RoleSessionName: 'ci', ...input }),
  );
  return session(out.Credentials!);
}

async function federate(input: Partial<GetFederationTokenCommandInput>): Promise<AwsCredentialIdentity> {
  const out = await stsClient(broker.credentials).send(
    new GetFederationTokenCommand({ Name: 'fed', ...input }),
  );
  return session(out.Credentials!);
}

/** Sends one S3 request signed with `credentials`; resolves what `authorize` answered for it. */
async function s3(
  credentials: AwsCredentialIdentity,
  what: 'get' | 'put',
  bucket: string,
  key: string,
  options: { region?: string; context?: Record<string, string> } = {},
): Promise<AuthorizeResult> {
  seen.length = 0;
  nextContext = options.context ?? {};
  const client = new S3Client({ region: options.region ?? region, credentials, maxAttempts: 1 });
  const sent =
    what === 'get'
      ? client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      : client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
  await sent.catch(() => undefined);
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

/** A result for a request that authenticated (the ones with an encoded message when denied). */
function signed(result: AuthorizeResult): AuthorizationResult {
  if (result.identity === undefined) throw new Error(`expected an authenticated request: ${result.message}`);
  return result;
}

describe('identity-based policies', () => {
  test('an inline policy of a user allows, and the answer names the signer and the policy type', async () => {
    const result = await s3(alice.credentials, 'get', 'reports', 'q1.csv');
    expect(result).toMatchObject({
      allowed: true,
      decision: 'allow',
      reason: 'identity-based policy',
      identity: { arn: alice.arn, type: 'user' },
    });
    expect(result).not.toHaveProperty('message');
  });

  test('a user without policies may do nothing, in the words AWS uses', async () => {
    const result = await s3(nobody.credentials, 'get', 'reports', 'q1.csv');
    expect(result).toMatchObject({
      allowed: false,
      decision: 'implicitDeny',
      reason: 'identity-based policy',
    });
    expect(result.message).toBe(
      `User: ${nobody.arn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports/q1.csv because no identity-based policy allows the s3:GetObject action`,
    );
  });

  test('an explicit deny in an inline policy wins over an allow in another', async () => {
    expect((await s3(careful.credentials, 'get', 'reports', 'k')).allowed).toBe(true);
    const result = await s3(careful.credentials, 'get', 'secrets', 'k');
    expect(result.decision).toBe('explicitDeny');
    expect(result.message).toBe(
      `User: ${careful.arn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::secrets/k with an explicit deny in an identity-based policy`,
    );
  });

  test("a role's attached AWS managed policy allows its sessions what it lists, nothing more", async () => {
    const credentials = await assume({ RoleArn: reader.arn });
    expect((await s3(credentials, 'get', 'reports', 'k')).allowed).toBe(true);
    const put = await s3(credentials, 'put', 'reports', 'k');
    expect(put).toMatchObject({ decision: 'implicitDeny', reason: 'identity-based policy' });
    expect(put.message).toContain('arn:aws:sts::222222222222:assumed-role/reader/ci is not authorized');
  });
});

describe('permissions boundary', () => {
  test('the boundary caps what the role policy allows', async () => {
    const credentials = await assume({ RoleArn: bounded.arn });
    expect((await s3(credentials, 'get', 'reports', 'k')).allowed).toBe(true);
    const put = await s3(credentials, 'put', 'reports', 'k');
    expect(put).toMatchObject({ decision: 'implicitDeny', reason: 'permissions boundary' });
    expect(put.message).toMatch(/because no permissions boundary allows the s3:PutObject action$/);
  });
});

describe('session policies', () => {
  test('an inline session policy narrows the session: the role allows, the session policy does not', async () => {
    const credentials = await assume({
      RoleArn: writer.arn,
      Policy: JSON.stringify(doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' })),
    });
    expect((await s3(credentials, 'put', 'data', 'k')).allowed).toBe(true);
    const result = await s3(credentials, 'get', 'data', 'k');
    expect(result.message).toBe(
      'User: arn:aws:sts::222222222222:assumed-role/writer/ci is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::data/k because no session policy allows the s3:GetObject action',
    );
  });

  test('a session policy never widens: what the role does not allow stays denied', async () => {
    const credentials = await assume({ RoleArn: reader.arn, Policy: JSON.stringify(allowAll) });
    expect(await s3(credentials, 'put', 'data', 'k')).toMatchObject({
      decision: 'implicitDeny',
      reason: 'identity-based policy',
    });
  });

  test('managed session policies (PolicyArns) narrow like the inline one', async () => {
    const credentials = await assume({ RoleArn: writer.arn, PolicyArns: [{ arn: readOnly.arn }] });
    expect((await s3(credentials, 'get', 'data', 'k')).allowed).toBe(true);
    expect(await s3(credentials, 'put', 'data', 'k')).toMatchObject({ reason: 'session policy' });
  });

  test('an explicit deny in a session policy wins', async () => {
    const credentials = await assume({
      RoleArn: writer.arn,
      Policy: JSON.stringify(
        doc(
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:Put*', Resource: '*' },
        ),
      ),
    });
    expect((await s3(credentials, 'put', 'data', 'k')).message).toMatch(
      /with an explicit deny in a session policy$/,
    );
  });

  test('PolicyArns must name a policy the mock has', async () => {
    const error = await failure(
      stsClient(alice.credentials).send(
        new AssumeRoleCommand({
          RoleArn: writer.arn,
          RoleSessionName: 'ci',
          PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }],
        }),
      ),
    );
    expect(error).toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('GetFederationToken sessions', () => {
  test("a federated user may do what both the federation policy and the user's policies allow", async () => {
    const credentials = await federate({
      Policy: JSON.stringify(
        doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }),
      ),
    });
    const get = await s3(credentials, 'get', 'data', 'k');
    expect(get).toMatchObject({ allowed: true, identity: { type: 'federated-user' } });
    expect(await s3(credentials, 'put', 'data', 'k')).toMatchObject({ reason: 'identity-based policy' });
  });

  test('without a federation policy the federated user may do nothing', async () => {
    const credentials = await federate({});
    const result = await s3(credentials, 'get', 'data', 'k');
    expect(result.message).toBe(
      'User: arn:aws:sts::111111111111:federated-user/fed is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::data/k because no session policy allows the s3:GetObject action',
    );
  });
});

describe('request context and policy variables', () => {
  test('${aws:PrincipalTag/team} takes the session tag over the role tag', async () => {
    const plain = await assume({ RoleArn: tagged.arn });
    expect((await s3(plain, 'get', 'teams', 'finance/x')).allowed).toBe(false);
    const withTag = await assume({ RoleArn: tagged.arn, Tags: [{ Key: 'team', Value: 'finance' }] });
    expect((await s3(withTag, 'get', 'teams', 'finance/x')).allowed).toBe(true);
    expect((await s3(withTag, 'get', 'teams', 'web/x')).allowed).toBe(false);
  });

  test('aws:SourceIdentity and aws:RequestedRegion (the signing region) are condition keys', async () => {
    const credentials = await assume({ RoleArn: tagged.arn, SourceIdentity: 'alice@example.com' });
    expect((await s3(credentials, 'put', 'data', 'k')).allowed).toBe(true);
    expect((await s3(credentials, 'put', 'data', 'k', { region: 'us-east-1' })).allowed).toBe(false);
    const anonymous = await assume({ RoleArn: tagged.arn });
    expect((await s3(anonymous, 'put', 'data', 'k')).allowed).toBe(false);
  });
});

describe('requests that do not authenticate', () => {
  test('a wrong secret is denied for authentication, with the error STS would give', async () => {
    const result = await s3({ accessKeyId: alice.accessKeyId, secretAccessKey: 'wrong' }, 'get', 'data', 'k');
    expect(result).toMatchObject({
      allowed: false,
      identity: undefined,
      reason: 'authentication',
      error: { code: 'SignatureDoesNotMatch' },
    });
  });
});

describe('DecodeAuthorizationMessage', () => {
  const decoder = sts.createUser({
    accountId: '111111111111',
    userName: 'decoder',
    policies: [doc({ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' })],
  });

  test('decodes a denial of this mock into the document STS returns', async () => {
    const credentials = await assume({
      RoleArn: writer.arn,
      Policy: JSON.stringify(
        doc(
          { Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', Action: '*', Resource: '*' },
        ),
      ),
    });
    const denied = await s3(credentials, 'get', 'data', 'k');
    const out = await stsClient(decoder.credentials).send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: signed(denied).encodedMessage }),
    );
    const decoded = JSON.parse(out.DecodedMessage!) as Record<string, unknown>;
    expect(decoded).toMatchObject({
      allowed: false,
      explicitDeny: true,
      matchedStatements: {
        items: [
          {
            statementId: 'NoGet',
            effect: 'DENY',
            actions: { items: [{ value: 's3:GetObject' }] },
            resources: { items: [{ value: '*' }] },
          },
        ],
      },
      failures: { items: [] },
      context: {
        principal: { arn: 'arn:aws:sts::222222222222:assumed-role/writer/ci' },
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::data/k',
      },
    });
    const conditions = (decoded.context as { conditions: { items: { key: string }[] } }).conditions.items;
    expect(conditions.map((item) => item.key)).toContain('aws:PrincipalTag/team');
  });

  test('the caller needs sts:DecodeAuthorizationMessage from its own policies', async () => {
    const denied = await s3(nobody.credentials, 'get', 'data', 'k');
    const error = await failure(
      stsClient(nobody.credentials).send(
        new DecodeAuthorizationMessageCommand({ EncodedMessage: signed(denied).encodedMessage }),
      ),
    );
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message: `User: ${nobody.arn} is not authorized to perform: sts:DecodeAuthorizationMessage because no identity-based policy allows the sts:DecodeAuthorizationMessage action`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  test.each([
    ['a foreign message', 'AAAA.BBBB'],
    ['line breaks', 'abc\ndef'],
  ])('%s is InvalidAuthorizationMessageException', async (_, message) => {
    const error = await failure(
      stsClient(decoder.credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: message })),
    );
    expect(error).toMatchObject({
      name: 'InvalidAuthorizationMessageException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('an altered message is refused', async () => {
    const denied = await s3(nobody.credentials, 'get', 'data', 'k');
    const altered = `A${signed(denied).encodedMessage!.slice(1)}`;
    const error = await failure(
      stsClient(decoder.credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: altered })),
    );
    expect(error.name).toBe('InvalidAuthorizationMessageException');
  });

  test('a denial with a large request context still carries a message DecodeAuthorizationMessage takes', async () => {
    const context = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`s3:key${index}`, randomBytes(1024).toString('hex')]),
    );
    const denied = signed(await s3(nobody.credentials, 'get', 'data', 'k', { context }));
    expect(denied.encodedMessage!.length).toBeLessThanOrEqual(10240);
    const out = await stsClient(decoder.credentials).send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: denied.encodedMessage }),
    );
    expect(JSON.parse(out.DecodedMessage!)).toMatchObject({
      allowed: false,
      context: { action: 's3:GetObject' },
    });
  });

  test('a message longer than 10240 characters is a ValidationError naming the member', async () => {
    const error = await failure(
      stsClient(decoder.credentials).send(
        new DecodeAuthorizationMessageCommand({ EncodedMessage: 'x'.repeat(10241) }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(
      "at 'encodedMessage' failed to satisfy constraint: Member must have length less than or equal to 10240",
    );
  });
});

describe('bad input to the new options', () => {
  test.each([
    [
      () =>
        sts.createRole({
          accountId: '222222222222',
          roleName: 'x1',
          trustedPrincipals: [alice.arn],
          managedPolicyArns: ['arn:aws:iam::aws:policy/Nope'],
        }),
      'managedPolicyArns[0]',
      "'arn:aws:iam::aws:policy/Nope' is not a managed policy of this mock",
    ],
    [
      () => sts.createUser({ accountId: '333333333333', userName: 'x2', permissionsBoundary: getOnly.arn }),
      'permissionsBoundary',
      'belongs to account 222222222222, not 333333333333',
    ],
    [
      () => sts.createUser({ accountId: '111111111111', userName: 'x3', policies: 'not a list' as never }),
      'policies',
      'expected an array',
    ],
    [
      () =>
        sts.createManagedPolicy({
          accountId: '222222222222',
          name: 'get-only',
          path: '/boundaries/',
          document: allowAll,
        }),
      'name',
      "policy 'get-only' already exists",
    ],
    [
      () => sts.createManagedPolicy({ accountId: 'amazon', name: 'p', document: allowAll }),
      'accountId',
      "'amazon' is not a 12-digit account id or 'aws'",
    ],
    [
      () => sts.createManagedPolicy({ accountId: 'aws', name: 'p', document: allowAll, tags: {} } as never),
      'tags',
      'is not a known option of createManagedPolicy()',
    ],
  ])('%#: an StsMockInputError naming the field', (call, field, message) => {
    expect(call).toThrow(StsMockInputError);
    expect(call).toThrow(`${field}: `);
    expect(call).toThrow(message);
  });

  test('a policy IAM would refuse is a PolicyDocumentError naming the option and the place', () => {
    const call = () =>
      sts.createUser({
        accountId: '111111111111',
        userName: 'x4',
        policies: [allowAll, doc({ Effect: 'Allow', Action: '*', Resource: 'bucket' })],
      });
    expect(call).toThrow(PolicyDocumentError);
    expect(call).toThrow('policies[1].Statement[0].Resource');
  });

  test.each([
    [{ action: 's3:*', resource: '*' }, 'action'],
    [{ action: 's3:GetObject', resource: 'bucket/key' }, 'resource'],
    [{ action: 's3:GetObject', resource: '*', context: ['a'] }, 'context'],
    [{ action: 's3:GetObject', resource: '*', context: { k: 1 } }, 'context.k'],
    [{ action: 's3:GetObject', resource: '*', ation: 'x' }, 'ation'],
    [
      { action: 's3:GetObject', resource: '*', context: { 'aws:sourceidentity': 'x' } },
      'context.aws:sourceidentity',
    ],
    [
      { action: 's3:GetObject', resource: '*', context: { 'aws:PrincipalTag/team': 'x' } },
      'context.aws:PrincipalTag/team',
    ],
  ])('authorize(%j) is an input error naming %s', async (input, field) => {
    const request = new Request('https://b.s3.eu-west-1.amazonaws.com/k');
    await expect(sts.authorize(request, input as never)).rejects.toThrow(StsMockInputError);
    await expect(sts.authorize(request, input as never)).rejects.toThrow(`${field}: `);
  });
});
