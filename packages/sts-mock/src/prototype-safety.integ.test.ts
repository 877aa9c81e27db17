// One unauthenticated request must not change what the mock decides afterwards: parameter names such as
// `__proto__.ExternalId` or `constructor.prototype.ExternalId` are data, never paths into the process's
// objects. Checked in-process (msw) and over real HTTP (`listen()`).
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { http, passthrough } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ListeningServer } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts, server } = useStsMock();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const partner = sts.createRole({
  accountId: '222222222222',
  roleName: 'partner',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' } },
      },
    ],
  },
});

/** Hostile parameter names that reach `Object.prototype` through a path-following decoder. */
const hostileNames = [
  '__proto__.ExternalId',
  'constructor.prototype.ExternalId',
  'Tags.member.1.__proto__.ExternalId',
  'Tags.member.1.constructor.prototype.ExternalId',
  'PolicyArns.member.__proto__.ExternalId',
  '__proto__.member.1',
];

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
let listening: ListeningServer;

beforeAll(async () => {
  listening = await sts.listen({ host: '127.0.0.1' });
});
beforeEach(() => {
  server.use(
    http.all(
      ({ request }) => new URL(request.url).origin === listening.url,
      () => passthrough(),
    ),
  );
});
afterEach(() => {
  // Should a test fail, the pollution must not leak into the next one.
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    if (!prototypeBefore.includes(name)) Reflect.deleteProperty(Object.prototype, name);
  }
});
afterAll(async () => {
  await listening.close();
});

function hostileBody(): string {
  const form = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15' });
  for (const name of hostileNames) form.append(name, 'xyz-123');
  return form.toString();
}

function assumeWithoutExternalId(endpoint?: string) {
  return new STSClient({
    region: 'us-east-1',
    credentials: alice.credentials,
    maxAttempts: 1,
    ...(endpoint === undefined ? {} : { endpoint }),
  }).send(new AssumeRoleCommand({ RoleArn: partner.arn, RoleSessionName: 'no-external-id' }));
}

describe('hostile parameter names are data, not paths into Object.prototype', () => {
  test('in-process (msw): after an unsigned __proto__ request, AssumeRole without ExternalId is still refused', async () => {
    const response = await fetch('https://sts.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: hostileBody(),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>)['ExternalId']).toBeUndefined();

    const denied = await failure(assumeWithoutExternalId());
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(sts.calls.at(-1)?.params).not.toHaveProperty('ExternalId');
  });

  test('the same names in a GET query string change nothing either', async () => {
    const response = await fetch(`https://sts.us-east-1.amazonaws.com/?${hostileBody()}`);
    expect(response.status).toBe(403);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    const denied = await failure(assumeWithoutExternalId());
    expect(denied.name).toBe('AccessDenied');
  });

  test('over listen(): after an unsigned __proto__ request, AssumeRole without ExternalId is still refused', async () => {
    const response = await fetch(`${listening.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: hostileBody(),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);

    const denied = await failure(assumeWithoutExternalId(listening.url));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
  });

  test('a signed request may carry such names too: they are ignored, and the right ExternalId still works', async () => {
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: string };
        if (typeof request.body === 'string') {
          request.body += '&__proto__.ExternalId=other&constructor.prototype.RoleSessionName=x';
        }
        return next(args);
      },
      { step: 'serialize', priority: 'low', name: 'hostileNames' },
    );
    const assumed = await client.send(
      new AssumeRoleCommand({ RoleArn: partner.arn, RoleSessionName: 'with-id', ExternalId: 'xyz-123' }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/partner/with-id');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(Object.getPrototypeOf(sts.calls.at(-1)?.params)).toBeNull();
  });

  test('a session tag keyed __proto__ is a tag like any other in the identity authenticate() reports', async () => {
    const tagged = sts.createRole({
      accountId: '222222222222',
      roleName: 'tagged',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        ],
      },
    });
    const assumed = await new STSClient({ region: 'us-east-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({
        RoleArn: tagged.arn,
        RoleSessionName: 'tags',
        Tags: [
          { Key: '__proto__', Value: 'p' },
          { Key: 'constructor', Value: 'c' },
        ],
      }),
    );
    const credentials = assumed.Credentials!;
    const client = new STSClient({
      region: 'us-east-1',
      credentials: {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      },
    });
    const signer = (await (client.config.signer as () => Promise<unknown>)()) as {
      sign(request: unknown): Promise<{ headers: Record<string, string> }>;
    };
    const host = 'reports.s3.us-east-1.amazonaws.com';
    const signed = await signer.sign({
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      headers: { host },
    });
    const result = await sts.authenticate(new Request(`https://${host}/`, { headers: signed.headers }));
    if (!result.ok) throw result.error;
    expect(Object.entries(result.identity.tags)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
  });
});
