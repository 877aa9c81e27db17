// SAML responses the mock's IdP key signs, and their verification for AssumeRoleWithSAML.
//
// The mock's own signing profile (not full XML-DSig): the <Assertion> carries an enveloped <ds:Signature>
// whose SignatureValue is RSA-SHA256 over the exact UTF-8 text of the assertion element with the
// <ds:Signature> element cut out: no canonicalization, so the verifier checks exactly the bytes that were
// signed. Every value STS reads (issuer, subject, conditions, attributes) is read from inside that one
// signed assertion; anything outside it is ignored.
import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { StsMockInputError, shown } from './errors';
import { checkKnownKeys } from './known-keys';
import { childrenNamed, onlyChild, parseXml, SamlXmlError } from './saml-xml';
import type { XmlElement } from './saml-xml';
import { isoSeconds } from './session-credentials';
import { escapeXml } from './xml';

/** Input of `mintSamlAssertion()`. */
export interface MintSamlAssertionInput {
  /** The `Issuer`: the SAML provider's `issuer` (its entity id). */
  readonly issuer: string;
  /** The `NameID` (STS returns it as `Subject`). */
  readonly subject: string;
  /** The `NameID` `Format`; `urn:oasis:names:tc:SAML:2.0:nameid-format:persistent` by default. */
  readonly subjectFormat?: string;
  /** Values of the `https://aws.amazon.com/SAML/Attributes/Role` attribute: a role and its provider. */
  readonly roles: readonly { readonly roleArn: string; readonly providerArn: string }[];
  /** The `https://aws.amazon.com/SAML/Attributes/RoleSessionName` attribute. */
  readonly roleSessionName: string;
  /** The `Audience` of the conditions; `https://signin.aws.amazon.com/saml` (for the partition) by default. */
  readonly audience?: string;
  /** `SubjectConfirmationData`'s `Recipient`; the sign-in URL by default (STS returns it as `Audience`). */
  readonly recipient?: string;
  /** Seconds from the mock's `now()` to `NotOnOrAfter`; 300 by default. */
  readonly expiresInSeconds?: number;
  /** The `https://aws.amazon.com/SAML/Attributes/SessionDuration` attribute, in seconds. */
  readonly sessionDurationSeconds?: number;
  /** The `https://aws.amazon.com/SAML/Attributes/SourceIdentity` attribute. */
  readonly sourceIdentity?: string;
  /** Session tags: `https://aws.amazon.com/SAML/Attributes/PrincipalTag:<key>` attributes. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The `https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys` attribute values. */
  readonly transitiveTagKeys?: readonly string[];
}

/** What a verified assertion says, as AssumeRoleWithSAML uses it. */
export interface SamlClaims {
  readonly issuer: string;
  readonly subject: string;
  readonly subjectFormat: string | undefined;
  readonly recipient: string | undefined;
  readonly audiences: readonly string[];
  /** The earliest `NotOnOrAfter` of the subject confirmation and the conditions. */
  readonly notOnOrAfter: Date | undefined;
  readonly notBefore: Date | undefined;
  /** Attribute values by attribute `Name`. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

/** Why an assertion was not accepted: the signature (`Response signature invalid`) or its form. */
export type SamlVerification =
  | { readonly ok: true; readonly claims: SamlClaims }
  | { readonly ok: false; readonly reason: 'signature' | 'malformed'; readonly detail: string };

export const samlAttribute = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
  principalTag: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:',
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
} as const;

/** The AWS sign-in endpoint that receives SAML responses, per partition. */
export function signInUrl(partition: string): string {
  if (partition === 'aws-cn') return 'https://signin.amazonaws.cn/saml';
  if (partition === 'aws-us-gov') return 'https://signin.amazonaws-us-gov.com/saml';
  return 'https://signin.aws.amazon.com/saml';
}

let sharedKey: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

function signingKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  if (sharedKey === undefined) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sharedKey = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  return sharedKey;
}

const mintKeys = Object.keys({
  issuer: 0,
  subject: 0,
  subjectFormat: 0,
  roles: 0,
  roleSessionName: 0,
  audience: 0,
  recipient: 0,
  expiresInSeconds: 0,
  sessionDurationSeconds: 0,
  sourceIdentity: 0,
  tags: 0,
  transitiveTagKeys: 0,
} satisfies Record<keyof MintSamlAssertionInput, 0>);
const maxText = 2048;
const maxItems = 50;
/** Whether `value` holds a character XML 1.0 cannot carry (one could also forge the signature's place). */
function hasNonXmlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff
    ) {
      return true;
    }
  }
  return false;
}

function text(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > maxText || hasNonXmlCharacter(value)) {
    throw new StsMockInputError(
      field,
      `'${shown(value)}' is not a string of 1 to ${maxText} characters XML can carry`,
    );
  }
  return value;
}

function seconds(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 129600) {
    throw new StsMockInputError(field, `${shown(value)} is not a whole number of seconds from 1 to 129600`);
  }
  return value;
}

function attributeXml(name: string, values: readonly string[]): string {
  const body = values
    .map((value) => `<saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue>`)
    .join('');
  return `<saml:Attribute Name="${escapeXml(name)}">${body}</saml:Attribute>`;
}

/**
 * A base64 SAML response with one assertion signed by the mock's IdP key (see the profile above), issued at
 * `now` and valid for `expiresInSeconds`. Throws {@link StsMockInputError} for bad input.
 */
export function mintSamlAssertion(input: MintSamlAssertionInput, now: Date, partition: string): string {
  checkKnownKeys(input, mintKeys, { call: 'mintSamlAssertion()', param: 'input', prefix: '' });
  const issuer = text('issuer', input.issuer, true) ?? '';
  const subject = text('subject', input.subject, true) ?? '';
  const format =
    text('subjectFormat', input.subjectFormat, false) ??
    'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
  const sessionName = text('roleSessionName', input.roleSessionName, true) ?? '';
  const audience = text('audience', input.audience, false) ?? signInUrl(partition);
  const recipient = text('recipient', input.recipient, false) ?? signInUrl(partition);
  const lifetime = seconds('expiresInSeconds', input.expiresInSeconds) ?? 300;
  const sessionDuration = seconds('sessionDurationSeconds', input.sessionDurationSeconds);
  const sourceIdentity = text('sourceIdentity', input.sourceIdentity, false);
  const roles: unknown = input.roles;
  if (!Array.isArray(roles) || roles.length === 0 || roles.length > maxItems) {
    throw new StsMockInputError(
      'roles',
      `expected 1 to ${maxItems} { roleArn, providerArn } pairs, got ${shown(roles)}`,
    );
  }
  const roleValues = (roles as readonly unknown[]).map((pair, index) => {
    checkKnownKeys(pair, ['roleArn', 'providerArn'], {
      call: 'mintSamlAssertion()',
      param: `roles[${index}]`,
      prefix: `roles[${index}].`,
    });
    const { roleArn, providerArn } = pair as { roleArn?: unknown; providerArn?: unknown };
    return `${text(`roles[${index}].roleArn`, roleArn, true) ?? ''},${text(`roles[${index}].providerArn`, providerArn, true) ?? ''}`;
  });
  const attributes = [
    attributeXml(samlAttribute.role, roleValues),
    attributeXml(samlAttribute.roleSessionName, [sessionName]),
  ];
  if (sessionDuration !== undefined) {
    attributes.push(attributeXml(samlAttribute.sessionDuration, [String(sessionDuration)]));
  }
  if (sourceIdentity !== undefined)
    attributes.push(attributeXml(samlAttribute.sourceIdentity, [sourceIdentity]));
  const tags: unknown = input.tags ?? {};
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || tags instanceof Map) {
    throw new StsMockInputError('tags', 'expected an object of tag keys to values');
  }
  const tagEntries = Object.entries(tags);
  if (tagEntries.length > maxItems) throw new StsMockInputError('tags', `has more than ${maxItems} tags`);
  for (const [key, value] of tagEntries) {
    attributes.push(
      attributeXml(`${samlAttribute.principalTag}${key}`, [text(`tags.${key}`, value, true) ?? '']),
    );
  }
  const transitive: unknown = input.transitiveTagKeys ?? [];
  if (!Array.isArray(transitive) || transitive.length > maxItems) {
    throw new StsMockInputError(
      'transitiveTagKeys',
      `expected at most ${maxItems} tag keys, got ${shown(transitive)}`,
    );
  }
  if (transitive.length > 0) {
    attributes.push(
      attributeXml(
        samlAttribute.transitiveTagKeys,
        (transitive as readonly unknown[]).map(
          (key, index) => text(`transitiveTagKeys[${index}]`, key, true) ?? '',
        ),
      ),
    );
  }

  const issued = isoSeconds(now);
  const expires = isoSeconds(new Date(now.getTime() + lifetime * 1000));
  const assertionId = `_${randomUUID()}`;
  const signatureAt = '\u0000signature\u0000';
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${issued}">` +
    `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>` +
    signatureAt +
    `<saml:Subject><saml:NameID Format="${escapeXml(format)}">${escapeXml(subject)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${expires}" Recipient="${escapeXml(recipient)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${issued}" NotOnOrAfter="${expires}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(audience)}</saml:Audience></saml:AudienceRestriction>` +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes.join('')}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  const signed = assertion.replace(signatureAt, '');
  const signatureValue = sign('sha256', Buffer.from(signed), signingKey().privateKey).toString('base64');
  const signature =
    `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="urn:rolechain:sts-mock:saml:exact-text"/>` +
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
    `<ds:Reference URI="#${assertionId}"/></ds:SignedInfo>` +
    `<ds:SignatureValue>${signatureValue}</ds:SignatureValue></ds:Signature>`;
  const response =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${randomUUID()}" Version="2.0" IssueInstant="${issued}" Destination="${escapeXml(recipient)}">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${escapeXml(issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion.replace(signatureAt, signature) +
    `</samlp:Response>`;
  return Buffer.from(response).toString('base64');
}

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

function malformed(detail: string): SamlVerification {
  return { ok: false, reason: 'malformed', detail };
}

function instant(value: string | undefined): Date | undefined | null {
  if (value === undefined) return undefined;
  if (!isoInstant.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Decodes and verifies a base64 SAML response: one `Response` with one `Assertion`, signed by the mock's IdP
 * key under the profile above. Reports why not otherwise; the detail never quotes the input.
 */
export function verifySamlAssertion(encoded: string): SamlVerification {
  if (encoded.length % 4 !== 0 || !base64Pattern.test(encoded)) return malformed('it is not base64');
  let source: string;
  try {
    source = utf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    return malformed('it is not UTF-8 text');
  }
  let root: XmlElement;
  try {
    root = parseXml(source);
  } catch (error) {
    if (error instanceof SamlXmlError) return malformed(`it is not XML the mock reads (${error.message})`);
    throw error;
  }
  if (root.name !== 'Response') return malformed('its root element is not a SAML Response');
  const assertion = onlyChild(root, 'Assertion');
  if (assertion === undefined) return malformed('it does not hold exactly one Assertion');
  const signature = onlyChild(assertion, 'Signature');
  const value = onlyChild(signature, 'SignatureValue')?.text.trim();
  if (
    signature === undefined ||
    value === undefined ||
    value.length % 4 !== 0 ||
    !base64Pattern.test(value)
  ) {
    return { ok: false, reason: 'signature', detail: 'the assertion has no single enveloped signature' };
  }
  const signed = source.slice(assertion.start, signature.start) + source.slice(signature.end, assertion.end);
  if (!verify('sha256', Buffer.from(signed), signingKey().publicKey, Buffer.from(value, 'base64'))) {
    return { ok: false, reason: 'signature', detail: 'the signature does not verify' };
  }

  const issuer = onlyChild(assertion, 'Issuer')?.text.trim();
  const subjectElement = onlyChild(assertion, 'Subject');
  const nameId = onlyChild(subjectElement, 'NameID');
  if (issuer === undefined || issuer === '') return malformed('the assertion has no Issuer');
  if (nameId === undefined || nameId.text.trim() === '')
    return malformed('the assertion has no Subject NameID');
  const confirmation = onlyChild(onlyChild(subjectElement, 'SubjectConfirmation'), 'SubjectConfirmationData');
  const conditions = onlyChild(assertion, 'Conditions');
  const ends = [
    instant(confirmation?.attributes.get('NotOnOrAfter')),
    instant(conditions?.attributes.get('NotOnOrAfter')),
  ];
  const notBefore = instant(conditions?.attributes.get('NotBefore'));
  if (ends.includes(null) || notBefore === null)
    return malformed('a NotBefore or NotOnOrAfter is not a UTC instant');
  const endTimes = ends.filter((end): end is Date => end instanceof Date);
  const notOnOrAfter =
    endTimes.length === 0 ? undefined : new Date(Math.min(...endTimes.map((end) => end.getTime())));
  const audiences = (
    conditions === undefined ? [] : childrenNamed(conditions, 'AudienceRestriction')
  ).flatMap((restriction) => childrenNamed(restriction, 'Audience').map((audience) => audience.text.trim()));
  const attributes = new Map<string, string[]>();
  for (const statement of childrenNamed(assertion, 'AttributeStatement')) {
    for (const attribute of childrenNamed(statement, 'Attribute')) {
      const name = attribute.attributes.get('Name');
      if (name === undefined) continue;
      const values = attributes.get(name) ?? [];
      for (const item of childrenNamed(attribute, 'AttributeValue')) values.push(item.text.trim());
      attributes.set(name, values);
    }
  }
  return {
    ok: true,
    claims: {
      issuer,
      subject: nameId.text.trim(),
      subjectFormat: nameId.attributes.get('Format'),
      recipient: confirmation?.attributes.get('Recipient'),
      audiences,
      notOnOrAfter,
      notBefore,
      attributes,
    },
  };
}
