/** Whether the caller (`Sender`) or the service (`Receiver`) is at fault, as STS reports it. */
export type StsErrorType = 'Sender' | 'Receiver';

/**
 * An error STS answers with: the awsQuery `Code`, its HTTP status and the real message. `authenticate()`
 * returns it for requests that fail authentication; the handlers turn it into an `ErrorResponse` document.
 */
export class StsServiceError extends Error {
  override readonly name = 'StsServiceError';
  readonly code: string;
  readonly status: number;
  readonly type: StsErrorType;

  constructor(code: string, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
    this.type = status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Bad input to the mock's own API (createUser, createRole, inject, …): names the field and the value. */
export class StsMockInputError extends TypeError {
  override readonly name = 'StsMockInputError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** A value as shown in an input error message (whatever type the caller actually passed). */
export function shown(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    // An object JSON cannot hold (circular, a BigInt inside, a toJSON that throws) is named by kind.
    // JSON.stringify's type says string, but a toJSON returning undefined gives undefined.
    const json = JSON.stringify(value) as string | undefined;
    return json ?? 'an object';
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object';
  }
}

/**
 * `AccessDenied` for an action the caller may not perform, on `resource` when the action has one, worded
 * as STS words it.
 */
export function notAuthorized(callerArn: string, action: string, resource?: string): StsServiceError {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  return new StsServiceError(
    'AccessDenied',
    403,
    `User: ${callerArn} is not authorized to perform: ${action}${on}`,
  );
}

/** HTTP status STS uses for each error code the mock can send (injected faults use it too). */
const statusByCode: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  AuthorizationQueryParametersError: 400,
  ExpiredToken: 403,
  ExpiredTokenException: 400,
  ExpiredTradeInTokenException: 400,
  IDPCommunicationError: 400,
  IDPRejectedClaim: 403,
  IncompleteSignature: 400,
  InsufficientSessionLifetime: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidAuthorizationMessageException: 400,
  InvalidClientTokenId: 403,
  InvalidIdentityToken: 400,
  InvalidParameterValue: 400,
  InvalidSubjectCredentials: 400,
  JWTPayloadSizeExceededException: 400,
  MalformedPolicyDocument: 400,
  MissingAuthenticationToken: 403,
  OutboundWebIdentityFederationDisabledException: 403,
  PackedPolicyTooLarge: 400,
  RegionDisabledException: 403,
  RequestExpired: 400,
  ServiceUnavailable: 503,
  SessionDurationEscalationException: 403,
  SignatureDoesNotMatch: 403,
  Throttling: 400,
  ValidationError: 400,
};

/** Default messages for injected faults, as STS words them. */
const messageByCode: Readonly<Record<string, string>> = {
  Throttling: 'Rate exceeded',
  InternalFailure: 'An internal error occurred.',
  ServiceUnavailable: 'Service is unavailable. Please try again later.',
  RegionDisabledException:
    'STS is not activated in this region for account. Your account administrator can activate STS in this region using the IAM Console.',
};

/** The HTTP status for a known code; `undefined` for codes the mock does not know. */
export function statusForCode(code: string): number | undefined {
  return Object.hasOwn(statusByCode, code) ? statusByCode[code] : undefined;
}

/** A fault as STS would send it: the code's real status and a default message unless one is given. */
export function faultError(code: string, message?: string, status?: number): StsServiceError {
  return new StsServiceError(
    code,
    status ?? statusForCode(code) ?? 400,
    message ?? (Object.hasOwn(messageByCode, code) ? messageByCode[code] : undefined) ?? `Injected ${code}`,
  );
}

export const messages = {
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  missingAuth: 'Request is missing Authentication Token',
} as const;
