import { messages, StsServiceError } from './errors';
import type { KeyRecord, PrincipalStore } from './store';
import { checkSigV4Clock, computeSignature, parseSigV4, payloadHashFor, signatureMismatch } from './sigv4';

/** The identity that signed a request, as `GetCallerIdentity` and `authenticate()` report it. */
export interface CallerIdentity {
  /**
   * `arn:aws:iam::<acct>:user/<name>`, `arn:aws:sts::<acct>:assumed-role/<role>/<session>` or
   * `arn:aws:sts::<acct>:federated-user/<name>`.
   */
  readonly arn: string;
  readonly accountId: string;
  /** `AIDA…` for users, `AROA…:<session>` for role sessions, `<acct>:<name>` for federated users. */
  readonly userId: string;
  readonly accessKeyId: string;
  /** `root` for a member account's root session from AssumeRoot. */
  readonly type: 'user' | 'assumed-role' | 'federated-user' | 'root';
  /** The role's ARN, for role sessions. */
  readonly roleArn?: string;
  readonly sessionName?: string;
  readonly sourceIdentity?: string;
  /**
   * Who created a session: the caller of AssumeRole, the OIDC provider for web identity, or the IAM user
   * that called GetFederationToken.
   */
  readonly issuedTo?: string;
  /** Session tags (role sessions, federated users) or principal tags (users), by key. */
  readonly tags: Readonly<Record<string, string>>;
  /** Keys of the session tags that pass on to chained sessions. */
  readonly transitiveTagKeys?: readonly string[];
  /** The inline session policy JSON the session was created with. */
  readonly sessionPolicy?: string;
  /** Managed session policy ARNs the session was created with. */
  readonly policyArns?: readonly string[];
  /** Scope-down policies `GetScopedCredentials` layered on these credentials, oldest first. */
  readonly scopedPolicies?: readonly string[];
  /** Temporary credentials obtained with an MFA code. */
  readonly mfaAuthenticated: boolean;
  /** When temporary credentials stop working. */
  readonly expiration?: Date;
}

/** The outcome of `authenticate()`: the signer's identity, or the error STS would answer with. */
export type AuthenticateResult =
  | { readonly ok: true; readonly identity: CallerIdentity }
  | { readonly ok: false; readonly error: StsServiceError };

/** The parts of a request authentication reads. */
export interface RequestForAuth {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: () => string | Uint8Array;
}

/** What the caller must have signed for: the service (and region, when the endpoint implies one). */
export interface ExpectedScope {
  readonly service?: string;
  readonly region?: string;
}

/** A request whose signature verified: the key that signed it and the region it was signed for. */
export interface VerifiedRequest {
  readonly key: KeyRecord;
  readonly region: string;
}

/** Verifies a SigV4-signed request against the keys the mock issued. */
export function verifyRequest(
  store: PrincipalStore,
  request: RequestForAuth,
  now: number,
  expected: ExpectedScope,
): VerifiedRequest | StsServiceError {
  const claim = parseSigV4(request.url, request.headers);
  if (claim === undefined)
    return new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  if (claim instanceof StsServiceError) return claim;
  const clockError = checkSigV4Clock(claim, now);
  if (clockError !== undefined) return clockError;
  if (expected.service !== undefined && claim.scope.service !== expected.service) {
    return new StsServiceError(
      'SignatureDoesNotMatch',
      403,
      `Credential should be scoped to correct service: '${expected.service}'. `,
    );
  }
  if (expected.region !== undefined && claim.scope.region !== expected.region) {
    return new StsServiceError(
      'SignatureDoesNotMatch',
      403,
      'Credential should be scoped to a valid region. ',
    );
  }
  const key = store.keys.get(claim.scope.accessKeyId);
  if (key === undefined || key.sessionToken !== claim.securityToken) {
    return new StsServiceError('InvalidClientTokenId', 403, messages.invalidToken);
  }
  let bodyCache: string | Uint8Array | undefined;
  const body = (): string | Uint8Array => (bodyCache ??= request.body());
  const payloadHash = payloadHashFor(claim, request.headers, body);
  if (payloadHash instanceof StsServiceError) return payloadHash;
  const signature = computeSignature(
    claim,
    {
      method: request.method,
      url: request.url,
      headers: request.headers,
      payloadHash,
      bodyLength: () => {
        const value = body();
        return typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
      },
    },
    key.secretAccessKey,
  );
  if (signature !== claim.signature) return signatureMismatch();
  if (key.expiration !== undefined && key.expiration.getTime() <= now) {
    return new StsServiceError('ExpiredToken', 403, messages.expiredToken);
  }
  return { key, region: claim.scope.region };
}

function tagsRecord(tags: ReadonlyMap<string, { key: string; value: string }>): Record<string, string> {
  // No prototype: a tag keyed `__proto__` is a tag like any other.
  const out = Object.create(null) as Record<string, string>;
  for (const tag of tags.values()) out[tag.key] = tag.value;
  return out;
}

/** The public identity of a verified key. */
export function identityOf(key: KeyRecord): CallerIdentity {
  const principal = key.principal;
  const base = {
    arn: principal.arn,
    accountId: principal.accountId,
    userId: principal.userId,
    accessKeyId: key.accessKeyId,
    mfaAuthenticated: key.mfaAuthenticated,
    ...(key.expiration === undefined ? {} : { expiration: key.expiration }),
    ...(principal.scopedPolicies === undefined ? {} : { scopedPolicies: principal.scopedPolicies }),
  };
  if (principal.kind === 'user') return { ...base, type: 'user', tags: tagsRecord(principal.tags) };
  const session = {
    ...base,
    issuedTo: principal.issuedTo,
    tags: tagsRecord(principal.tags),
    ...(principal.policy === undefined ? {} : { sessionPolicy: principal.policy }),
    policyArns: principal.policyArns,
  };
  if (principal.kind === 'federated-user') return { ...session, type: 'federated-user' };
  if (principal.kind === 'root') return { ...session, type: 'root' };
  return {
    ...session,
    type: 'assumed-role',
    roleArn: principal.role.arn,
    sessionName: principal.sessionName,
    ...(principal.sourceIdentity === undefined ? {} : { sourceIdentity: principal.sourceIdentity }),
    transitiveTagKeys: [...principal.transitiveTagKeys].map((key) => principal.tags.get(key)?.key ?? key),
  };
}
