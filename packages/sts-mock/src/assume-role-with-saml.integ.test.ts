import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleWithSAMLCommandInput } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test } from 'vitest';
import { StsMockInputError } from '@rolechain/sts-mock';
import type { MintSamlAssertionInput } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

let offsetMs = 0;
const { sts } = useStsMock({ now: () => new Date(Date.now() + offsetMs) });
afterEach(() => {
  offsetMs = 0;
});

const okta = sts.createSamlProvider({
  accountId: '111111111111',
  name: 'okta',
  issuer: 'http://www.okta.com/exk1',
});
const other = sts.createSamlProvider({ accountId: '999999999999', name: 'okta' });
const signInUrl = 'https://signin.aws.amazon.com/saml';
const engineers = sts.createRole({
  accountId: '111111111111',
  roleName: 'engineers',
  maxSessionDuration: 7200,
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: okta.arn },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: { StringEquals: { 'SAML:aud': signInUrl }, StringLike: { 'SAML:sub': '*@example.com' } },
      },
    ],
  },
});
const auditors = sts.createRole({
  accountId: '111111111111',
  roleName: 'auditors',
  trustedPrincipals: [okta.arn],
});

const client = new STSClient({ region: 'eu-west-1', maxAttempts: 1 });

function mint(input: Partial<MintSamlAssertionInput> = {}): string {
  return sts.mintSamlAssertion({
    issuer: okta.issuer,
    subject: 'alice@example.com',
    roles: [{ roleArn: engineers.arn, providerArn: okta.arn }],
    roleSessionName: 'alice@example.com',
    ...input,
  });
}

function assume(input: Partial<AssumeRoleWithSAMLCommandInput> = {}) {
  return client.send(
    new AssumeRoleWithSAMLCommand({
      RoleArn: engineers.arn,
      PrincipalArn: okta.arn,
      SAMLAssertion: mint(),
      ...input,
    }),
  );
}

async function assumeFails(input: Partial<AssumeRoleWithSAMLCommandInput>) {
  const error = await failure(assume(input));
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

/** The decoded response with `from` replaced by `to`, re-encoded. */
function edited(assertion: string, from: string, to: string): string {
  const xml = Buffer.from(assertion, 'base64').toString();
  expect(xml).toContain(from);
  return Buffer.from(xml.replace(from, to)).toString('base64');
}

describe('AssumeRoleWithSAML', () => {
  test('a signed assertion for the role/provider pair gets a session, with STS response fields', async () => {
    const out = await assume({ SAMLAssertion: mint({ sourceIdentity: 'alice', tags: { team: 'web' } }) });
    const at = sts.calls.at(-1)!.at.getTime();
    expect(out).toMatchObject({
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::111111111111:assumed-role/engineers/alice@example.com',
        AssumedRoleId: `${engineers.roleId}:alice@example.com`,
      },
      Subject: 'alice@example.com',
      SubjectType: 'persistent',
      Issuer: 'http://www.okta.com/exk1',
      Audience: signInUrl,
      NameQualifier: createHash('sha1').update('http://www.okta.com/exk1111111111111/okta').digest('base64'),
      SourceIdentity: 'alice',
    });
    expect(out.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 3600_000);
    expect(out.SessionTokenUtilization).toBeGreaterThan(0);
    const identity = await new STSClient({
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    }).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::111111111111:assumed-role/engineers/alice@example.com');
    expect(sts.calls.at(-2)).toMatchObject({
      action: 'AssumeRoleWithSAML',
      status: 200,
      params: { SAMLAssertion: '***' },
    });
    expect(sts.calls.at(-2)).not.toHaveProperty('caller');
  });

  test('the SessionDuration attribute sets the duration; DurationSeconds wins; the role maximum holds', async () => {
    const fromAttribute = await assume({ SAMLAssertion: mint({ sessionDurationSeconds: 1800 }) });
    let at = sts.calls.at(-1)!.at.getTime();
    expect(fromAttribute.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 1800_000);
    const fromParameter = await assume({
      SAMLAssertion: mint({ sessionDurationSeconds: 1800 }),
      DurationSeconds: 900,
    });
    at = sts.calls.at(-1)!.at.getTime();
    expect(fromParameter.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 900_000);
    expect(await assumeFails({ DurationSeconds: 7201 })).toEqual({
      name: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  test('a signature over other content is "Response signature invalid"', async () => {
    const tampered = edited(mint(), '>alice@example.com</saml:NameID>', '>mallory@example.com</saml:NameID>');
    expect(await assumeFails({ SAMLAssertion: tampered })).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400,
      message: 'Response signature invalid',
    });
  });

  test('an assertion past NotOnOrAfter on the mock clock is expired', async () => {
    const assertion = mint({ expiresInSeconds: 60 });
    offsetMs = 60_000;
    const error = await assumeFails({ SAMLAssertion: assertion });
    expect(error).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
    expect(error.message).toMatch(
      /^The SAML assertion expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/,
    );
  });

  test.each([
    [{ issuer: 'http://evil.example/idp' }, 'Issuer not present in specified provider'],
    [
      { audience: 'https://example.com/app' },
      "The SAML assertion's Audience is not https://signin.aws.amazon.com/saml",
    ],
    [
      { recipient: 'https://example.com/acs' },
      "The SAML assertion's Recipient is not https://signin.aws.amazon.com/saml",
    ],
    [
      { roleSessionName: 'a' },
      'The SAML assertion needs one RoleSessionName attribute of 2 to 64 characters of [\\w+=,.@-]',
    ],
  ])('%o is InvalidIdentityToken', async (input, message) => {
    expect(await assumeFails({ SAMLAssertion: mint(input) })).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400,
      message,
    });
  });

  test('regional sign-in endpoints and urn:amazon:webservices are accepted', async () => {
    // engineers' trust policy pins SAML:aud to the global URL; auditors trusts the provider without conditions.
    const out = await assume({
      RoleArn: auditors.arn,
      SAMLAssertion: mint({
        roles: [{ roleArn: auditors.arn, providerArn: okta.arn }],
        audience: 'urn:amazon:webservices',
        recipient: 'https://eu-west-1.signin.aws.amazon.com/saml',
      }),
    });
    expect(out.Audience).toBe('https://eu-west-1.signin.aws.amazon.com/saml');
  });

  test('a provider that is not registered in the role account does not exist', async () => {
    expect(await assumeFails({ PrincipalArn: 'arn:aws:iam::111111111111:saml-provider/none' })).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400,
      message: "Specified provider doesn't exist",
    });
    expect(await assumeFails({ PrincipalArn: other.arn })).toMatchObject({
      message: "Specified provider doesn't exist",
    });
  });

  test.each([
    ['the Role attribute does not name this role', () => ({ RoleArn: auditors.arn })],
    [
      'the trust policy condition on SAML:sub fails',
      () => ({ SAMLAssertion: mint({ subject: 'eve@elsewhere.org' }) }),
    ],
    [
      'the pair names another provider',
      () => ({ SAMLAssertion: mint({ roles: [{ roleArn: engineers.arn, providerArn: other.arn }] }) }),
    ],
  ])('%s: AccessDenied', async (_, input) => {
    expect(await assumeFails(input())).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: 'Not authorized to perform sts:AssumeRoleWithSAML',
    });
  });

  test('the pair may be written provider first, and several pairs may be offered', async () => {
    const assertion = edited(
      mint({
        roles: [
          { roleArn: auditors.arn, providerArn: okta.arn },
          { roleArn: engineers.arn, providerArn: okta.arn },
        ],
      }),
      `${engineers.arn},${okta.arn}`,
      `${okta.arn},${engineers.arn}`,
    );
    // The edit breaks the signature: mint the reordered pair instead, through the input.
    await expect(assume({ SAMLAssertion: assertion })).rejects.toMatchObject({
      message: 'Response signature invalid',
    });
    const out = await assume({
      SAMLAssertion: mint({
        roles: [
          { roleArn: auditors.arn, providerArn: okta.arn },
          { roleArn: engineers.arn, providerArn: okta.arn },
        ],
      }),
    });
    expect(out.AssumedRoleUser?.Arn).toContain('assumed-role/engineers/');
  });

  test.each([
    [
      { SAMLAssertion: 'abc' },
      "1 validation error detected: Value '***' at 'sAMLAssertion' failed to satisfy constraint: Member must have length greater than or equal to 4",
    ],
    [
      { DurationSeconds: 899 },
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    [{ PrincipalArn: 'arn:aws:iam::111111111111:oidc-provider/x' }, 'Request ARN is invalid'],
    [{ RoleArn: 'arn:aws:iam::111111111111:user/engineers' }, 'Request ARN is invalid'],
  ])('%o is a ValidationError', async (input, message) => {
    expect(await assumeFails(input)).toEqual({ name: 'ValidationError', status: 400, message });
  });

  test.each([
    ['not base64', '%%%%', 'Invalid SAML response: it is not base64'],
    [
      'a DOCTYPE (entity expansion)',
      Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><Response/>').toString('base64'),
      'Invalid SAML response: it is not XML the mock reads (a DOCTYPE, comment, CDATA section or processing instruction)',
    ],
    [
      'an unsigned response',
      Buffer.from('<Response><Assertion/></Response>').toString('base64'),
      'Response signature invalid',
    ],
    [
      'two assertions (signature wrapping)',
      Buffer.from('<Response><Assertion/><Assertion/></Response>').toString('base64'),
      'Invalid SAML response: it does not hold exactly one Assertion',
    ],
  ])('%s is InvalidIdentityToken, the assertion never echoed', async (_, assertion, message) => {
    const error = await assumeFails({ SAMLAssertion: assertion });
    expect(error).toEqual({ name: 'InvalidIdentityTokenException', status: 400, message });
  });

  test('no error or calls log entry holds the assertion', async () => {
    const assertion = mint({ issuer: 'http://evil.example/idp' });
    const error = await failure(assume({ SAMLAssertion: assertion }));
    expect(inspect(error, { depth: 10 })).not.toContain(assertion);
    expect(inspect(sts.calls, { depth: 10 })).not.toContain(assertion.slice(0, 40));
  });
});

describe('createSamlProvider() and mintSamlAssertion()', () => {
  test('the provider is named as IAM names it', () => {
    expect(okta).toEqual({
      arn: 'arn:aws:iam::111111111111:saml-provider/okta',
      accountId: '111111111111',
      name: 'okta',
      issuer: 'http://www.okta.com/exk1',
    });
    expect(other.issuer).toBe('urn:rolechain:sts-mock:idp:okta');
  });

  test.each([
    [
      () => sts.createSamlProvider({ accountId: '1', name: 'x' }),
      'accountId',
      "'1' is not a 12-digit account id",
    ],
    [
      () => sts.createSamlProvider({ accountId: '111111111111', name: 'a b' }),
      'name',
      "'a b' is not a SAML provider name ([\\w._-]{1,128})",
    ],
    [
      () => sts.createSamlProvider({ accountId: '111111111111', name: 'okta' }),
      'name',
      "SAML provider 'okta' already exists in 111111111111",
    ],
    [() => mint({ roles: [] }), 'roles', 'expected 1 to 50 { roleArn, providerArn } pairs, got []'],
    [
      () => mint({ subject: 'a\u0000b' }),
      'subject',
      "'a\u0000b' is not a string of 1 to 2048 characters XML can carry",
    ],
    [
      () => mint({ expiresInSeconds: 0 }),
      'expiresInSeconds',
      '0 is not a whole number of seconds from 1 to 129600',
    ],
  ])('bad input is an StsMockInputError naming the field', (call, field, message) => {
    expect(call).toThrow(new StsMockInputError(field, message));
  });

  test('markup in values is escaped, never interpreted', async () => {
    const out = await assume({
      SAMLAssertion: mint({ subject: '<x>&"\'@example.com', sourceIdentity: 'a&b' }),
    }).catch((error: unknown) => error);
    // The subject matches SAML:sub's *@example.com and reaches STS intact; the source identity is refused.
    expect(out).toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'The SAML assertion needs one SourceIdentity attribute of 2 to 64 characters of [\\w+=,.@-]',
    });
    const ok = await assume({ SAMLAssertion: mint({ subject: '<x>&"\'@example.com' }) });
    expect(ok.Subject).toBe('<x>&"\'@example.com');
  });
});
