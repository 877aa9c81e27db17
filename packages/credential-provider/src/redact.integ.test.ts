// A service that echoes the signing session token back, URL-encoded or JSON-escaped, in an error message:
// the token must not reach the RoleChainError, its cause, or provider.status().lastError in any form.
import { http, HttpResponse } from 'msw';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainError } from './errors';
import { fromRoleChain } from './from-role-chain';

const { sts, server } = useStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });

const encodings: Record<string, (token: string) => string> = {
  'URL-encoded': (token) => encodeURIComponent(token),
  'form-encoded': (token) => new URLSearchParams({ t: token }).toString().slice(2),
  'lower-case percent-encoded': (token) =>
    encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
  'JSON-escaped': (token) => JSON.stringify(token).slice(1, -1).replaceAll('/', '\\/'),
};

/** Answers hop 2 (signed with hop 1's session) with an AccessDenied that echoes the token; hop 1 goes on to the mock. */
function echoingSts(encode: (token: string) => string, seen: string[]) {
  return http.post(/^https:\/\/sts\.[a-z0-9-]+\.amazonaws\.com\/$/, ({ request }) => {
    const token = request.headers.get('x-amz-security-token');
    if (token === null) return undefined;
    seen.push(token);
    const message = `Token ${encode(token)} is not valid for this call`;
    return HttpResponse.xml(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>r-echo</RequestId></ErrorResponse>`,
      { status: 403 },
    );
  });
}

describe('a session token echoed by a service', () => {
  it.each(Object.entries(encodings))('is scrubbed when %s', async (_, encode) => {
    const seen: string[] = [];
    server.use(echoingSts(encode, seen));
    const provider = fromRoleChain({
      source: { accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey },
      region: 'us-east-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
    });
    const error: unknown = await provider().then(
      () => {
        throw new Error('expected AccessDenied');
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({ hop: 2, code: 'AccessDenied' });
    const token = seen[0] ?? '';
    expect(token).toMatch(/[+/=]/); // so each encoding really differs from the token
    const lastError = provider.status()[1]?.lastError;
    expect(lastError).toBeDefined();
    const outputs = [
      inspect(error, { depth: Infinity, showHidden: true }),
      JSON.stringify(error),
      (error as Error).message,
      inspect((error as Error).cause, { depth: Infinity, showHidden: true }),
      ((error as Error).cause as Error).stack ?? '',
      inspect(provider.status(), { depth: Infinity, showHidden: true }),
    ];
    for (const output of outputs) {
      for (const form of [token, ...Object.values(encodings).map((e) => e(token))]) {
        expect(output).not.toContain(form);
      }
    }
    expect((error as Error).message).toContain('Token [REDACTED] is not valid for this call');
  });
});
