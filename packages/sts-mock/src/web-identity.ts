// Web identity federation: OIDC providers registered with the mock, RS256 ID tokens it mints with a key
// pair it holds, and the checks STS runs on AssumeRoleWithWebIdentity tokens (signature, registered issuer,
// audience, expiry), with STS's error codes and messages.
import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { StsMockInputError } from './errors';
import { checkKnownKeys } from './known-keys';

/** An IAM OIDC identity provider. */
export interface OidcProvider {
  /** `arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>`: the `Principal.Federated` value. */
  readonly arn: string;
  readonly accountId: string;
  /** The issuer URL, `https://…`, as tokens carry it in `iss`. */
  readonly issuer: string;
  /** Client ids (the `aud` values) the provider accepts. */
  readonly audiences: readonly string[];
  /** Server certificate thumbprints, as IAM stores them (the mock fetches no certificates). */
  readonly thumbprints: readonly string[];
  /** Prefix of the provider's condition keys, e.g. `token.actions.githubusercontent.com` for `…:sub`. */
  readonly conditionKeyPrefix: string;
}

/** Input to {@link WebIdentityRegistry.createOidcProvider}. */
export interface CreateOidcProviderInput {
  /** Account the provider lives in; a role can only trust providers of its own account. */
  accountId: string;
  /** `https://` URL of the issuer, with an optional path (no query or fragment). */
  issuer: string;
  /** Client ids accepted as `aud` (1 to 100). */
  audiences: readonly string[];
  /** Up to 5 SHA-1 thumbprints (40 hex digits) of the issuer's certificates. */
  thumbprints?: readonly string[];
}

/** Input to {@link WebIdentityRegistry.mintWebIdentityToken}. */
export interface MintWebIdentityTokenInput {
  /** Issuer URL for `iss`; need not be registered (to test unregistered issuers). */
  issuer: string;
  /** `sub` claim. */
  subject: string;
  /** `aud` claim: one client id or several. */
  audience: string | readonly string[];
  /** Lifetime from `now` for `exp`; default 3600. */
  expiresInSeconds?: number;
  /** More claims, added after the standard ones (so they may override `iat`, `exp`, `nbf`, …). */
  claims?: Readonly<Record<string, unknown>>;
}

/** Claims of a verified token. */
export type WebIdentityClaims = Readonly<Record<string, unknown>> & {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
};

/** Error codes STS answers AssumeRoleWithWebIdentity with when the token does not pass. */
export type WebIdentityErrorCode = 'InvalidIdentityToken' | 'ExpiredTokenException';

/** The outcome of {@link WebIdentityRegistry.verifyWebIdentityToken}. */
export type WebIdentityVerification =
  | {
      ok: true;
      provider: OidcProvider;
      claims: WebIdentityClaims;
      subject: string;
      /** The token audience the provider accepted (STS returns it as `Audience`). */
      audience: string;
      /** Condition keys for the trust policy: `<prefix>:aud`, `<prefix>:sub`, `aws:FederatedProvider`, … */
      context: Readonly<Record<string, string | readonly string[]>>;
    }
  | { ok: false; code: WebIdentityErrorCode; message: string };

/** OIDC providers and the key pair that signs and verifies their tokens. */
export interface WebIdentityRegistry {
  /** Registers an OIDC provider; throws {@link StsMockInputError} for bad input or a duplicate. */
  createOidcProvider(input: CreateOidcProviderInput): OidcProvider;
  /** The registered providers, oldest first. */
  readonly providers: readonly OidcProvider[];
  /** A signed RS256 ID token, issued at `now`. */
  mintWebIdentityToken(input: MintWebIdentityTokenInput, now: Date): string;
  /**
   * Checks a token as STS does at `now`: a JWT signed by this registry's key, `iss` registered (in
   * `accountId` when given: the role's account), an `aud` the provider accepts, not expired, not before
   * `nbf`/`iat`. Error messages never contain the token.
   */
  verifyWebIdentityToken(token: string, now: Date, accountId?: string): WebIdentityVerification;
  /** The public signing key as a JWK Set, for code under test that verifies tokens itself. */
  jwks(): { keys: JsonWebKey[] };
}

/** Options for {@link createWebIdentityRegistry}. */
export interface WebIdentityRegistryOptions {
  partition?: 'aws' | 'aws-cn' | 'aws-us-gov';
}

const messages = {
  notJwt: 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
  notValidated:
    'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
  noKey:
    "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  audience: 'Incorrect token audience',
} as const;

/**
 * Creates an empty registry. Tokens are signed with one RSA key pair per process, generated on first use
 * (key generation takes a noticeable fraction of a second): the key stands for the identity providers'
 * keys, which do not belong to any one account or mock.
 */
const providerKeys = Object.keys({
  accountId: 0,
  issuer: 0,
  audiences: 0,
  thumbprints: 0,
} satisfies Record<keyof CreateOidcProviderInput, 0>);
const tokenKeys = Object.keys({
  issuer: 0,
  subject: 0,
  audience: 0,
  expiresInSeconds: 0,
  claims: 0,
} satisfies Record<keyof MintWebIdentityTokenInput, 0>);

export function createWebIdentityRegistry(options: WebIdentityRegistryOptions = {}): WebIdentityRegistry {
  return new Registry(options.partition ?? 'aws');
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

let sharedKey: SigningKey | undefined;

function signingKey(): SigningKey {
  if (sharedKey === undefined) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sharedKey = { kid: randomUUID(), privateKey, publicKey: createPublicKey(privateKey) };
  }
  return sharedKey;
}

class Registry implements WebIdentityRegistry {
  readonly #partition: string;
  readonly #providers: OidcProvider[] = [];

  constructor(partition: string) {
    this.#partition = partition;
  }

  get providers(): readonly OidcProvider[] {
    return [...this.#providers];
  }

  createOidcProvider(input: CreateOidcProviderInput): OidcProvider {
    checkKnownKeys(input, providerKeys, { call: 'createOidcProvider()', param: 'input', prefix: '' });
    const { accountId, issuer, audiences, thumbprints = [] } = input;
    if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
      throw new StsMockInputError('accountId', `${JSON.stringify(accountId)} is not a 12-digit account id`);
    }
    const url = issuerUrl(issuer, 'issuer');
    if (
      !isStringList(audiences) ||
      audiences.length === 0 ||
      audiences.length > 100 ||
      !audiences.every((a) => a.length >= 1 && a.length <= 255)
    ) {
      throw new StsMockInputError(
        'audiences',
        `${JSON.stringify(audiences)} is not a list of 1 to 100 client ids of 1 to 255 characters`,
      );
    }
    if (
      !isStringList(thumbprints) ||
      thumbprints.length > 5 ||
      !thumbprints.every((t) => /^[0-9a-fA-F]{40}$/.test(t))
    ) {
      throw new StsMockInputError(
        'thumbprints',
        `${JSON.stringify(thumbprints)} is not a list of at most 5 SHA-1 thumbprints (40 hex digits)`,
      );
    }
    const conditionKeyPrefix = url.host + url.pathname.replace(/\/$/, '');
    const arn = `arn:${this.#partition}:iam::${accountId}:oidc-provider/${conditionKeyPrefix}`;
    if (this.#providers.some((p) => p.arn === arn)) {
      throw new StsMockInputError('issuer', `an OIDC provider for '${issuer}' already exists: ${arn}`);
    }
    const provider: OidcProvider = Object.freeze({
      arn,
      accountId,
      issuer: `https://${conditionKeyPrefix}`,
      audiences: Object.freeze([...audiences]),
      thumbprints: Object.freeze(thumbprints.map((t) => t.toLowerCase())),
      conditionKeyPrefix,
    });
    this.#providers.push(provider);
    return provider;
  }

  mintWebIdentityToken(input: MintWebIdentityTokenInput, now: Date): string {
    checkKnownKeys(input, tokenKeys, { call: 'mintWebIdentityToken()', param: 'input', prefix: '' });
    const { issuer, subject, audience, expiresInSeconds = 3600, claims = {} } = input;
    issuerUrl(issuer, 'issuer');
    if (typeof subject !== 'string' || subject === '') {
      throw new StsMockInputError('subject', `${JSON.stringify(subject)} is not a non-empty string`);
    }
    const audiences: unknown = typeof audience === 'string' ? [audience] : audience;
    if (!isStringList(audiences) || audiences.length === 0 || audiences.includes('')) {
      throw new StsMockInputError(
        'audience',
        `${JSON.stringify(audience)} is not a client id or a list of them`,
      );
    }
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
      throw new StsMockInputError(
        'expiresInSeconds',
        `${String(expiresInSeconds)} is not a positive integer`,
      );
    }
    const issuedAt = epochSeconds(now);
    const payload = {
      iss: issuer,
      sub: subject,
      aud: audience,
      iat: issuedAt,
      exp: issuedAt + expiresInSeconds,
      jti: randomUUID(),
      ...claims,
    };
    const key = signingKey();
    const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64url(payload)}`;
    const signature = sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  verifyWebIdentityToken(token: string, now: Date, accountId?: string): WebIdentityVerification {
    const fail = (code: WebIdentityErrorCode, message: string): WebIdentityVerification => ({
      ok: false,
      code,
      message,
    });
    const parts = typeof token === 'string' ? token.split('.') : [];
    const [headerPart, payloadPart, signaturePart] = parts;
    if (
      parts.length !== 3 ||
      headerPart === undefined ||
      payloadPart === undefined ||
      signaturePart === undefined
    ) {
      return fail('InvalidIdentityToken', messages.notJwt);
    }
    const header = decodeJson(headerPart);
    const claims = decodeJson(payloadPart);
    if (header === undefined || claims === undefined) return fail('InvalidIdentityToken', messages.notJwt);

    for (const name of ['iss', 'sub', 'aud', 'exp'] as const) {
      if (claims[name] === undefined)
        return fail('InvalidIdentityToken', `Missing a required claim: ${name}`);
    }
    const { iss, sub, aud, exp } = claims;
    if (typeof iss !== 'string' || typeof sub !== 'string' || typeof exp !== 'number' || !isAudience(aud)) {
      return fail('InvalidIdentityToken', messages.notValidated);
    }
    const candidates = this.#providers.filter(
      (p) => p.issuer === iss.replace(/\/$/, '') && (accountId === undefined || p.accountId === accountId),
    );
    const provider = candidates[0];
    if (provider === undefined) {
      return fail('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${iss}`);
    }

    const key = sharedKey;
    if (header.alg !== 'RS256' || key === undefined || header.kid !== key.kid) {
      return fail('InvalidIdentityToken', messages.noKey);
    }
    const signed = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      key.publicKey,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!signed) return fail('InvalidIdentityToken', messages.notValidated);

    const current = epochSeconds(now);
    if (current >= exp) {
      return fail(
        'ExpiredTokenException',
        `Token expired: current date/time ${current} must be before the expiration date/time ${exp}`,
      );
    }
    for (const name of ['nbf', 'iat'] as const) {
      const value = claims[name];
      if (value !== undefined && (typeof value !== 'number' || value > current)) {
        return fail(
          'InvalidIdentityToken',
          `Token is not valid yet: ${name} ${JSON.stringify(value)} is after ${current}`,
        );
      }
    }
    const audience = (typeof aud === 'string' ? [aud] : aud).find((a) => provider.audiences.includes(a));
    if (audience === undefined) return fail('InvalidIdentityToken', messages.audience);

    const context: Record<string, string | readonly string[]> = {
      [`${provider.conditionKeyPrefix}:aud`]: audience,
      [`${provider.conditionKeyPrefix}:sub`]: sub,
      'aws:FederatedProvider': provider.arn,
    };
    const amr = claims.amr;
    if (Array.isArray(amr) && amr.every((v) => typeof v === 'string')) {
      context[`${provider.conditionKeyPrefix}:amr`] = amr;
    }
    return { ok: true, provider, claims: claims as WebIdentityClaims, subject: sub, audience, context };
  }

  jwks(): { keys: JsonWebKey[] } {
    const key = signingKey();
    return { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }] };
  }

  [inspect.custom](): string {
    return `WebIdentityRegistry { providers: ${inspect(this.#providers.map((p) => p.arn))} }`;
  }
}

function issuerUrl(issuer: unknown, field: string): URL {
  const invalid = (): never => {
    throw new StsMockInputError(
      field,
      `${JSON.stringify(issuer)} is not an https:// issuer URL (host and optional path, no query or fragment)`,
    );
  };
  if (typeof issuer !== 'string' || issuer.length > 255) return invalid();
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return invalid();
  }
  if (
    url.protocol !== 'https:' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    issuer.includes('?')
  ) {
    invalid();
  }
  return url;
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isAudience(value: unknown): value is string | readonly string[] {
  return typeof value === 'string' || (isStringList(value) && value.length > 0);
}

function epochSeconds(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new StsMockInputError('now', 'is an invalid Date');
  return Math.floor(ms / 1000);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    // Claims are copied into an object without a prototype, so a claim is read only when the token holds it.
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (Object.assign(Object.create(null), value) as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
