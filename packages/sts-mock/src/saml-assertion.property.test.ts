import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mintSamlAssertion, verifySamlAssertion } from './saml-assertion';

// verifySamlAssertion answers every input with a verdict and never throws; an assertion the mock signed
// verifies, and any change to the text of its signed assertion makes it fail.

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const now = new Date('2026-12-02T08:00:00Z');
const minted = mintSamlAssertion(
  {
    issuer: 'urn:idp',
    subject: 'alice@example.com',
    roles: [
      {
        roleArn: 'arn:aws:iam::111111111111:role/r',
        providerArn: 'arn:aws:iam::111111111111:saml-provider/p',
      },
    ],
    roleSessionName: 'alice',
    tags: { team: 'web' },
  },
  now,
  'aws',
);
const xml = Buffer.from(minted, 'base64').toString();
const assertionStart = xml.indexOf('<saml:Assertion');
const assertionEnd = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
const signatureStart = xml.indexOf('<ds:Signature');
const signatureEnd = xml.indexOf('</ds:Signature>') + '</ds:Signature>'.length;

describe('verifySamlAssertion on hostile input', () => {
  test('arbitrary strings and base64 of arbitrary text get a verdict, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 300 }).map((text) => Buffer.from(text).toString('base64')),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64')),
        ),
        (input) => {
          const verdict = verifySamlAssertion(input);
          expect(verdict.ok).toBe(false);
          expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
        },
      ),
    );
  });

  test('the minted assertion verifies', () => {
    const verdict = verifySamlAssertion(minted);
    expect(verdict).toMatchObject({
      ok: true,
      claims: {
        issuer: 'urn:idp',
        subject: 'alice@example.com',
        audiences: ['https://signin.aws.amazon.com/saml'],
      },
    });
  });

  test('changing any character of the signed assertion (outside the signature) breaks it', () => {
    const positions = fc
      .integer({ min: assertionStart, max: assertionEnd - 1 })
      .filter((at) => at < signatureStart || at >= signatureEnd);
    fc.assert(
      fc.property(positions, fc.constantFrom('x', 'Z', '0', ' '), (at, char) => {
        fc.pre(xml[at] !== char);
        const changed = xml.slice(0, at) + char + xml.slice(at + 1);
        const verdict = verifySamlAssertion(Buffer.from(changed).toString('base64'));
        expect(verdict.ok).toBe(false);
      }),
    );
  });

  test('the verdict on a failure carries no input text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }), (secret) => {
        const planted = xml.replace('alice@example.com', secret.replaceAll('<', '').replaceAll('&', ''));
        const verdict = verifySamlAssertion(Buffer.from(planted).toString('base64'));
        if (!verdict.ok) expect(verdict.detail).not.toContain(secret);
      }),
    );
  });
});
