// Requests a careless or hostile client sends, in-process through msw: every answer is what STS would send,
// an STS error document with its status, never a 500 or a 200 where STS refuses.
import {
  AssumeRoleCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

let drift = 0;
// A clock that moves on by 0.7 s on every read, as a busy machine's does between two reads.
const { sts } = useStsMock({ now: () => new Date(Date.now() + (drift += 700)) });

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const role = sts.createRole({
  accountId: '222222222222',
  roleName: 'target',
  trustedPrincipals: [alice.arn],
});
const endpoint = 'https://sts.us-east-1.amazonaws.com/';

interface SignedRequest {
  hostname: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
}
interface Signer {
  sign(request: unknown): Promise<SignedRequest>;
  presign(request: unknown, options: { expiresIn: number; signingDate?: Date }): Promise<SignedRequest>;
}

/** The SDK's own SigV4 signer, as the STS client builds it. */
async function sdkSigner(): Promise<Signer> {
  const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials });
  return (await (client.config.signer as () => Promise<unknown>)()) as Signer;
}

function expectStsError(text: string, code: string): void {
  expect(text).toMatch(
    new RegExp(
      `^<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\\n  <Error>\\n    <Type>Sender</Type>\\n    <Code>${code}</Code>`,
    ),
  );
}

describe('the wire', () => {
  test('a correctly signed body with bytes that are not UTF-8 verifies: the hash is over the bytes', async () => {
    const body = Buffer.concat([
      Buffer.from('Action=GetCallerIdentity&Version=2011-06-15&Note='),
      Buffer.from([0xff, 0xfe, 0xc3]),
    ]);
    const signed = await (
      await sdkSigner()
    ).sign({
      method: 'POST',
      protocol: 'https:',
      hostname: 'sts.us-east-1.amazonaws.com',
      path: '/',
      headers: {
        host: 'sts.us-east-1.amazonaws.com',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    // fetch sets Host from the URL itself.
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
    const response = await fetch(endpoint, { method: 'POST', headers, body });
    const text = await response.text();
    expect([response.status, text]).toEqual([200, expect.stringContaining(`<Arn>${alice.arn}</Arn>`)]);
  });

  test('a body over 1 MiB is an STS-shaped 413', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'x'.repeat(1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expectStsError(await response.text(), 'RequestEntityTooLarge');
    expect(sts.calls.at(-1)).toMatchObject({ status: 413, errorCode: 'RequestEntityTooLarge' });
  });

  test.each(['a b', '[::1', 'x:99999', 'a/b'])(
    "a malformed Host header ('%s') is an STS-shaped 400, not a 500",
    async (host) => {
      const response = await sts.handle(
        new Request(endpoint, {
          method: 'POST',
          headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'Action=GetCallerIdentity&Version=2011-06-15',
        }),
      );
      expect(response.status).toBe(400);
      expectStsError(await response.text(), 'InvalidParameterValue');
    },
  );
});

describe('the clock', () => {
  test('is read once per request: Expiration is the logged arrival time plus DurationSeconds', async () => {
    const assumed = await new STSClient({ region: 'us-east-1', credentials: alice.credentials }).send(
      new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'clock', DurationSeconds: 900 }),
    );
    const call = sts.calls.at(-1)!;
    expect(call.status).toBe(200);
    expect(assumed.Credentials?.Expiration?.getTime()).toBe(
      Math.floor(call.at.getTime() / 1000) * 1000 + 900_000,
    );
  });
});

describe('integers are integers', () => {
  const notIntegers = [
    '1e3',
    '0x384',
    '900.0',
    ' 900',
    '+900',
    '900 ',
    '9_00',
    'Infinity',
    '',
    '1'.repeat(40),
  ];

  /** An STS client whose request body has `DurationSeconds=<value>` (as sent, then signed by the SDK). */
  function clientSending(value: string): STSClient {
    const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string };
        request.body = request.body.replace(
          /DurationSeconds=\d+/,
          new URLSearchParams({ DurationSeconds: value }).toString(),
        );
        return next(args);
      },
      { step: 'serialize', priority: 'low', name: 'durationAsSent' },
    );
    return client;
  }

  test.each(notIntegers)(
    "DurationSeconds '%s' is a ValidationError in every action that takes it",
    async (value) => {
      const commands = [
        new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'integers', DurationSeconds: 900 }),
        new GetSessionTokenCommand({ DurationSeconds: 900 }),
        new GetFederationTokenCommand({ Name: 'fed', DurationSeconds: 900 }),
      ];
      for (const command of commands) {
        const error = await failure(clientSending(value).send(command as AssumeRoleCommand));
        expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual([
          'ValidationError',
          400,
          `1 validation error detected: Value '${value}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`,
        ]);
      }
    },
  );

  test('decimal digits are an integer: 900 and 0900 are accepted', async () => {
    for (const value of ['900', '0900']) {
      const assumed = await clientSending(value).send(
        new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'integers', DurationSeconds: 900 }),
      );
      expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    }
  });
});

describe('presigned URLs: X-Amz-Expires and X-Amz-Date', () => {
  const request = {
    method: 'GET',
    protocol: 'https:',
    hostname: 'sts.us-east-1.amazonaws.com',
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: 'sts.us-east-1.amazonaws.com' },
  };

  function urlOf(presigned: SignedRequest, expires?: string): string {
    const query = new URLSearchParams(presigned.query ?? {});
    if (expires !== undefined) query.set('X-Amz-Expires', expires);
    return `https://${presigned.hostname}${presigned.path}?${query.toString().replaceAll('+', '%20')}`;
  }

  test.each([
    ['-5', 'X-Amz-Expires must be non-negative'],
    ['1e3', 'X-Amz-Expires should be a number'],
    ['0x3c', 'X-Amz-Expires should be a number'],
    ['60.0', 'X-Amz-Expires should be a number'],
    ['', 'X-Amz-Expires should be a number'],
    ['0', 'X-Amz-Expires must be at least 1 second'],
    ['604801', 'X-Amz-Expires must be less than a week (in seconds) that is 604800'],
    ['99999999999999999999', 'X-Amz-Expires must be less than a week (in seconds) that is 604800'],
  ])(
    "X-Amz-Expires '%s' is a parameter error, 400, in handle() and authenticate()",
    async (expires, message) => {
      const presigned = await (await sdkSigner()).presign(request, { expiresIn: 60 });
      const response = await fetch(urlOf(presigned, expires));
      const text = await response.text();
      expect(response.status).toBe(400);
      expectStsError(text, 'AuthorizationQueryParametersError');
      expect(text).toContain(`<Message>${message}</Message>`);
      const result = await sts.authenticate(new Request(urlOf(presigned, expires)));
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'AuthorizationQueryParametersError', status: 400, message },
      });
    },
  );

  test('a URL signed for an hour from now is refused until then, in handle() and authenticate()', async () => {
    const later = new Date(sts.now().getTime() + 3600_000);
    const presigned = await (await sdkSigner()).presign(request, { expiresIn: 900, signingDate: later });
    const response = await fetch(urlOf(presigned));
    const text = await response.text();
    expect(response.status).toBe(403);
    expectStsError(text, 'SignatureDoesNotMatch');
    expect(text).toContain('<Message>Signature not yet current: ');
    const result = await sts.authenticate(new Request(urlOf(presigned)));
    expect(result).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch', status: 403 } });
  });

  test('a URL signed now with the longest X-Amz-Expires, a week, is answered', async () => {
    const presigned = await (await sdkSigner()).presign(request, { expiresIn: 604800 });
    const response = await fetch(urlOf(presigned));
    expect(response.status).toBe(200);
  });
});
