// Requests a careless or hostile client sends, in-process through msw: every answer is what STS would send,
// an STS error document with its status, never a 500 or a 200 where STS refuses.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';

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
  headers: Record<string, string>;
}
interface Signer {
  sign(request: unknown): Promise<SignedRequest>;
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
