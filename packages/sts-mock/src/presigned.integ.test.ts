import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';

const { sts } = useStsMock();
afterEach(() => {
  vi.useRealTimers();
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });

interface Signer {
  presign(request: unknown, options: { expiresIn: number }): Promise<SignedRequest>;
  sign(request: unknown): Promise<SignedRequest>;
}
interface SignedRequest {
  method: string;
  hostname: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

/** The SDK's own SigV4 signer, as the STS client builds it. */
async function sdkSigner(region = 'us-east-1'): Promise<Signer> {
  const client = new STSClient({ region, credentials: alice.credentials });
  return (await (client.config.signer as () => Promise<unknown>)()) as Signer;
}

function urlOf(request: SignedRequest): string {
  const query = new URLSearchParams(request.query ?? {}).toString().replaceAll('+', '%20');
  return `https://${request.hostname}${request.path}${query === '' ? '' : `?${query}`}`;
}

describe('presigned URLs (as EKS and Vault use GetCallerIdentity)', () => {
  async function presignedCallerIdentity(expiresIn: number): Promise<SignedRequest> {
    const signer = await sdkSigner();
    return signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'sts.us-east-1.amazonaws.com',
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: 'sts.us-east-1.amazonaws.com', 'x-k8s-aws-id': 'prod-cluster' },
      },
      { expiresIn },
    );
  }

  test("a URL presigned by the SDK's signer answers with the signer's identity", async () => {
    const presigned = await presignedCallerIdentity(60);
    const response = await fetch(urlOf(presigned), { headers: { 'x-k8s-aws-id': 'prod-cluster' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<Arn>${alice.arn}</Arn>`);
    expect(sts.calls[0]).toMatchObject({
      action: 'GetCallerIdentity',
      caller: { arn: alice.arn },
      params: {},
    });
  });

  test('without the signed x-k8s-aws-id header the signature does not match', async () => {
    const presigned = await presignedCallerIdentity(60);
    const response = await fetch(urlOf(presigned), { headers: { 'x-k8s-aws-id': 'other-cluster' } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  test('after X-Amz-Expires the URL is refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const presigned = await presignedCallerIdentity(60);
    vi.setSystemTime(Date.now() + 61_000);
    const response = await fetch(urlOf(presigned), { headers: { 'x-k8s-aws-id': 'prod-cluster' } });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/<Message>Signature expired: /);
  });
});

describe("authenticate() on other services' paths (encoded twice in the canonical request)", () => {
  /** `path` signed by the SDK's signer for execute-api, as a Request. */
  async function signedForExecuteApi(path: string): Promise<Request> {
    const client = new STSClient({ region: 'eu-west-1', credentials: alice.credentials });
    const config = client.config as unknown as {
      signingName?: string;
      signer: (scheme: unknown) => Promise<Signer>;
    };
    config.signingName = 'execute-api';
    const signer = await config.signer({
      name: 'sigv4',
      signingName: 'execute-api',
      signingRegion: 'eu-west-1',
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: 'abc123.execute-api.eu-west-1.amazonaws.com',
      path,
      query: { page: '2', filter: 'x y' },
      headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'content-type': 'application/json' },
      body: '{"n":1}',
    });
    return new Request(urlOf(signed), { method: 'POST', headers: signed.headers, body: signed.body ?? null });
  }

  test('a path with spaces and reserved characters, signed by the SDK for execute-api, verifies', async () => {
    const result = await sts.authenticate(await signedForExecuteApi('/prod/orders/a%20b%2Bc/%C3%BC'));
    expect(result).toMatchObject({ ok: true, identity: { arn: alice.arn } });
  });

  test('a path of unreserved characters only, which encoding leaves as it is, verifies too', async () => {
    const result = await sts.authenticate(await signedForExecuteApi('/prod/v1.2/items_A-Z~0-9/'));
    expect(result).toMatchObject({ ok: true, identity: { arn: alice.arn } });
  });
});
