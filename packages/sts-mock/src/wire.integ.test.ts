import { inspect } from 'node:util';
import {
  AssumeRoleCommand,
  AssumeRootCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';

const sts = createStsMock({ endpoints: ['http://localhost:4566'] });
const server = setupServer(...sts.handlers);
const seen: { url: string; status: number; headers: Headers; body: string }[] = [];
server.events.on('response:mocked', ({ request, response }) => {
  void response
    .clone()
    .text()
    .then((body) =>
      seen.push({ url: request.url, status: response.status, headers: response.headers, body }),
    );
});
beforeAll(() => {
  server.listen(failOnUnhandledRequests);
});
afterAll(() => {
  server.close();
});
afterEach(() => {
  seen.length = 0;
  sts.reset();
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', path: '/staff/' });
const role = sts.createRole({ accountId: '222222222222', roleName: 'app', trustedPrincipals: [alice.arn] });

async function whereDidItGo(config: STSClientConfig): Promise<string> {
  const out = await new STSClient({ credentials: alice.credentials, maxAttempts: 1, ...config }).send(
    new GetCallerIdentityCommand({}),
  );
  expect(out.Arn).toBe(alice.arn);
  await Promise.resolve();
  return new URL(seen.at(-1)!.url).origin;
}

describe('endpoint forms', () => {
  test.each<[string, STSClientConfig, string]>([
    ['regional', { region: 'eu-central-1' }, 'https://sts.eu-central-1.amazonaws.com'],
    ['us-east-1 (regional too)', { region: 'us-east-1' }, 'https://sts.us-east-1.amazonaws.com'],
    ['global (aws-global)', { region: 'aws-global' }, 'https://sts.amazonaws.com'],
    ['FIPS', { region: 'us-east-2', useFipsEndpoint: true }, 'https://sts-fips.us-east-2.amazonaws.com'],
    ['dual-stack', { region: 'eu-west-1', useDualstackEndpoint: true }, 'https://sts.eu-west-1.api.aws'],
    ['China', { region: 'cn-north-1' }, 'https://sts.cn-north-1.amazonaws.com.cn'],
    ['GovCloud', { region: 'us-gov-west-1' }, 'https://sts.us-gov-west-1.amazonaws.com'],
    [
      'a custom endpoint option',
      { region: 'us-east-1', endpoint: 'http://localhost:4566' },
      'http://localhost:4566',
    ],
  ])('%s', async (_, config, origin) => {
    expect(await whereDidItGo(config)).toBe(origin);
  });
});

describe('the region option', () => {
  test('requests to a custom endpoint must be signed for that region', async () => {
    const pinned = createStsMock({ endpoints: ['http://localhost:4577'], region: 'eu-west-1' });
    const bob = pinned.createUser({ accountId: '111111111111', userName: 'bob' });
    server.use(...pinned.handlers);
    const call = (region: string) =>
      new STSClient({
        region,
        endpoint: 'http://localhost:4577',
        credentials: bob.credentials,
        maxAttempts: 1,
      }).send(new GetCallerIdentityCommand({}));
    try {
      await expect(call('eu-west-1')).resolves.toMatchObject({ Arn: bob.arn });
      await expect(call('us-east-1')).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        message: 'Credential should be scoped to a valid region. ',
      });
    } finally {
      server.resetHandlers();
    }
  });
});

describe('wire format', () => {
  test('GetCallerIdentity answers the exact awsQuery document with text/xml, x-amzn-RequestId and Date', async () => {
    const out = await new STSClient({ region: 'us-east-1', credentials: alice.credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    await Promise.resolve();
    const response = seen[0]!;
    const requestId = response.headers.get('x-amzn-requestid')!;
    expect(out.$metadata.requestId).toBe(requestId);
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(Math.abs(Date.parse(response.headers.get('date')!) - Date.now())).toBeLessThan(2000);
    expect(response.body).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <GetCallerIdentityResult>\n' +
        '    <Arn>arn:aws:iam::111111111111:user/staff/alice</Arn>\n' +
        `    <UserId>${alice.userId}</UserId>\n` +
        '    <Account>111111111111</Account>\n' +
        '  </GetCallerIdentityResult>\n' +
        '  <ResponseMetadata>\n' +
        `    <RequestId>${requestId}</RequestId>\n` +
        '  </ResponseMetadata>\n' +
        '</GetCallerIdentityResponse>\n',
    );
  });

  test('AssumeRole answers the exact awsQuery document, optional fields in model order', async () => {
    const auditor = sts.createRole({
      accountId: '222222222222',
      roleName: 'auditor',
      path: '/audit/',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: alice.arn },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          },
        ],
      },
    });
    const out = await new STSClient({ region: 'us-east-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({
        RoleArn: auditor.arn,
        RoleSessionName: 'audit-1',
        SourceIdentity: 'alice',
        Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      }),
    );
    await Promise.resolve();
    const credentials = out.Credentials!;
    const requestId = seen[0]!.headers.get('x-amzn-requestid')!;
    expect(seen[0]!.body).toBe(
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <AssumeRoleResult>\n' +
        '    <Credentials>\n' +
        `      <AccessKeyId>${credentials.AccessKeyId!}</AccessKeyId>\n` +
        `      <SecretAccessKey>${credentials.SecretAccessKey!}</SecretAccessKey>\n` +
        `      <SessionToken>${credentials.SessionToken!}</SessionToken>\n` +
        `      <Expiration>${credentials.Expiration!.toISOString().replace('.000Z', 'Z')}</Expiration>\n` +
        '    </Credentials>\n' +
        '    <AssumedRoleUser>\n' +
        `      <AssumedRoleId>${auditor.roleId}:audit-1</AssumedRoleId>\n` +
        '      <Arn>arn:aws:sts::222222222222:assumed-role/auditor/audit-1</Arn>\n' +
        '    </AssumedRoleUser>\n' +
        `    <PackedPolicySize>${out.SessionTokenUtilization!}</PackedPolicySize>\n` +
        '    <SourceIdentity>alice</SourceIdentity>\n' +
        `    <SessionTokenUtilization>${out.SessionTokenUtilization!}</SessionTokenUtilization>\n` +
        `    <SessionTokenSize>${credentials.SessionToken!.length}</SessionTokenSize>\n` +
        '  </AssumeRoleResult>\n' +
        '  <ResponseMetadata>\n' +
        `    <RequestId>${requestId}</RequestId>\n` +
        '  </ResponseMetadata>\n' +
        '</AssumeRoleResponse>\n',
    );
  });

  test('errors are the exact ErrorResponse document', async () => {
    const response = await sts.handle(
      new Request('https://sts.us-east-1.amazonaws.com/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      }),
    );
    const requestId = response.headers.get('x-amzn-requestid')!;
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <Error>\n' +
        '    <Type>Sender</Type>\n' +
        '    <Code>MissingAuthenticationToken</Code>\n' +
        '    <Message>Request is missing Authentication Token</Message>\n' +
        '  </Error>\n' +
        `  <RequestId>${requestId}</RequestId>\n` +
        '</ErrorResponse>\n',
    );
  });

  test('an unknown action gets the real InvalidAction error, not a 404', async () => {
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
    client.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { body: string; headers: Record<string, string> };
        request.body = 'Action=AssumeRoleWithMagic&Version=2011-06-15';
        request.headers['content-length'] = String(request.body.length);
        return next(args);
      },
      { step: 'build', name: 'renameAction' },
    );
    const error: unknown = await client
      .send(new GetCallerIdentityCommand({}))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error).toMatchObject({
      name: 'InvalidAction',
      message: 'Could not find operation AssumeRoleWithMagic for version 2011-06-15',
      $metadata: { httpStatusCode: 400 },
    });
    expect(sts.calls[0]).toMatchObject({
      action: 'AssumeRoleWithMagic',
      status: 400,
      errorCode: 'InvalidAction',
    });
  });

  test('a real STS action the mock does not implement says so in the InvalidAction message', async () => {
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
    await expect(
      client.send(
        new AssumeRootCommand({
          TargetPrincipal: '333333333333',
          TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidAction',
      message:
        'Could not find operation AssumeRoot for version 2011-06-15 (@rolechain/sts-mock does not implement AssumeRoot)',
    });
  });

  test('GET with query parameters is served like POST (presigned GetCallerIdentity, as EKS tokens use)', async () => {
    const response = await sts.handle(
      new Request('https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15'),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  test("a presigned URL's signature and session token stay out of the calls log", async () => {
    const query = new URLSearchParams({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${alice.accessKeyId}/20260101/us-east-1/sts/aws4_request`,
      'X-Amz-Date': '20260101T000000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Security-Token': 'secret-session-token',
      'X-Amz-Signature': 'f'.repeat(64),
    });
    await sts.handle(new Request(`https://sts.us-east-1.amazonaws.com/?${query.toString()}`));
    expect(sts.calls[0]).toMatchObject({ action: 'GetCallerIdentity', params: {} });
    expect(JSON.stringify(sts.calls)).not.toContain('secret-session-token');
  });
});

describe('secrets stay out of what tests print', () => {
  test('a created user shows no secret in inspect or JSON, but hands it to the SDK', async () => {
    const printed = [inspect(alice, { depth: 5 }), JSON.stringify(alice), inspect(sts, { depth: 5 })];
    for (const text of printed) expect(text).not.toContain(alice.secretAccessKey);
    expect(alice.credentials.secretAccessKey).toBe(alice.secretAccessKey);
    await expect(
      new STSClient({ region: 'us-east-1', credentials: alice.credentials }).send(
        new GetCallerIdentityCommand({}),
      ),
    ).resolves.toMatchObject({ Arn: alice.arn });
  });

  test('issued credentials never appear in the calls log', async () => {
    const out = await new STSClient({ region: 'us-east-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'no-leak' }),
    );
    const log = JSON.stringify(sts.calls) + inspect(sts.calls, { depth: 10 });
    expect(log).not.toContain(out.Credentials!.SecretAccessKey!);
    expect(log).not.toContain(out.Credentials!.SessionToken!);
    expect(log).not.toContain(alice.secretAccessKey);
  });
});
