import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createStsMock } from './create-sts-mock';

// Whatever form body, query and headers a request carries, the mock answers like STS: an ErrorResponse
// document with a 4xx/5xx status (none of these requests is validly signed), Object.prototype untouched, and
// a secret the request carries (a session token, a secret key, an MFA code, a web identity token) never in
// the answer.

const sts = createStsMock();
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const role = sts.createRole({
  accountId: '222222222222',
  roleName: 'target',
  trustedPrincipals: [alice.arn],
});
const plantedToken = 'IQoJb3JpZ2luX2VjEPLANTEDSESSIONTOKEN0123456789abcdef';
const secrets = [alice.secretAccessKey, plantedToken];
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

const action = fc.constantFrom(
  'AssumeRole',
  'GetCallerIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'GetAccessKeyInfo',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
  'Nope',
  '__proto__',
  '',
);
const name = fc.oneof(
  fc.constantFrom(
    'RoleArn',
    'RoleSessionName',
    'DurationSeconds',
    'ExternalId',
    'SerialNumber',
    'Policy',
    'Tags.member.1.Key',
    'Tags.member.1.Value',
    'TransitiveTagKeys.member.1',
    'PolicyArns.member.1.arn',
    'Name',
    'AccessKeyId',
    'ProviderId',
    'Version',
    '__proto__.ExternalId',
    'constructor.prototype.RoleArn',
    'Tags.member.1.__proto__.Key',
    'X-Amz-Expires',
    'X-Amz-Date',
  ),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(
  fc.constantFrom(role.arn, alice.arn, '900', '1e3', '0x384', '', 'a b', '{"Statement":[]}', '2011-06-15'),
  fc.string({ maxLength: 30 }),
);
const secretPlace = fc.constantFrom('TokenCode', 'WebIdentityToken', 'SAMLAssertion', 'X-Amz-Security-Token');
const header = fc.oneof(
  fc.constant<[string, string]>(['x-amz-security-token', plantedToken]),
  fc.tuple(
    fc.constantFrom('host', 'origin', 'content-type', 'x-amz-date', 'x-amz-content-sha256'),
    fc.string({ maxLength: 20 }),
  ),
  fc.tuple(
    fc.constant('authorization'),
    fc.constantFrom(
      `AWS4-HMAC-SHA256 Credential=${alice.accessKeyId}/20261202/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}`,
      'AWS4-HMAC-SHA256 Credential=x',
      'Basic abc',
    ),
  ),
);
const request = fc.record({
  method: fc.constantFrom('POST', 'GET'),
  action,
  pairs: fc.array(fc.tuple(name, value), { maxLength: 12 }),
  secret: fc.tuple(secretPlace, fc.constantFrom(...secrets)),
  headers: fc.array(header, { maxLength: 4 }),
  host: fc.constantFrom(
    'sts.amazonaws.com',
    'sts.eu-west-1.amazonaws.com',
    'sts.us-gov-west-1.amazonaws.com',
  ),
});

describe('the request handler (property)', () => {
  test('answers STS-shaped errors, keeps Object.prototype, and never echoes a planted secret', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ method, action: act, pairs, secret, headers, host }) => {
        const form = new URLSearchParams([['Action', act], ['Version', '2011-06-15'], ...pairs, secret]);
        const requestHeaders = new Headers();
        for (const [headerName, headerValue] of headers) {
          requestHeaders.set(headerName, headerValue.replace(/[\r\n\0]/g, ' '));
        }
        const url = method === 'GET' ? `https://${host}/?${form.toString()}` : `https://${host}/`;
        const response = await sts.handle(
          new Request(url, {
            method,
            headers: requestHeaders,
            ...(method === 'POST' ? { body: form.toString() } : {}),
          }),
        );
        const text = await response.text();
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(600);
        expect(response.headers.get('content-type')).toBe('text/xml');
        expect(text).toMatch(
          /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n {2}<Error>\n {4}<Type>(Sender|Receiver)<\/Type>\n {4}<Code>[A-Za-z]+<\/Code>\n {4}<Message>[^<]*<\/Message>\n {2}<\/Error>\n {2}<RequestId>[0-9a-f-]{36}<\/RequestId>\n<\/ErrorResponse>\n$/,
        );
        for (const planted of secrets) {
          expect(text).not.toContain(planted);
          // The calls log redacts secret parameters too (X-Amz-* are not parameters at all).
          expect(JSON.stringify(sts.calls.at(-1)?.params ?? {})).not.toContain(planted);
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
        sts.reset();
      }),
    );
  });
});
