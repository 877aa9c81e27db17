// `sts.authorize(request, { action, resource, context? })`: who signed the request (the same SigV4 check as
// every STS action), then whether IAM would let them: the principal's identity-based policies, permissions
// boundary and session policies, combined by ./authorization, each evaluated by the one evaluator. A denial
// carries AWS's AccessDenied wording and an encoded authorization message for DecodeAuthorizationMessage.
import { identityOf } from './authenticate';
import type { CallerIdentity } from './authenticate';
import { authorizationMessagesOf } from './authorization-message';
import {
  derivedContextKeys,
  derivedContextPrefix,
  evaluatePolicySets,
  policySetsOf,
  requestContext,
} from './authorization';
import type { AuthorizationDecision, Evaluation, PolicyType } from './authorization';
import { StsMockInputError, StsServiceError, shown } from './errors';
import { checkKnownKeys } from './known-keys';
import type { KeyRecord, PrincipalStore } from './store';

export type { AuthorizationDecision, PolicyType } from './authorization';

/** What `authorize` checks the request for. */
export interface AuthorizeInput {
  /** The action, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, e.g. `arn:aws:s3:::bucket/key`, or `*` for actions without a resource. */
  readonly resource: string;
  /**
   * Request-specific condition keys, e.g. `{ 's3:prefix': '2026/' }`. Keys the mock derives from the signer
   * and the request (`aws:PrincipalTag/…`, `aws:username`, `aws:RequestedRegion`, …) are refused here.
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** The answer for a request whose signature verified. */
export interface AuthorizationResult {
  readonly allowed: boolean;
  /** Who signed the request. */
  readonly identity: CallerIdentity;
  readonly decision: AuthorizationDecision;
  /** The policy type that allowed (`identity-based policy`) or denied the request. */
  readonly reason: PolicyType;
  /** For a denial: AWS's AccessDenied message, e.g. `User: … because no session policy allows the s3:GetObject action`. */
  readonly message?: string;
  /** For a denial: the encoded authorization message, for DecodeAuthorizationMessage. */
  readonly encodedMessage?: string;
}

/** The answer for a request the mock could not authenticate: the error STS would answer with. */
export interface AuthenticationFailure {
  readonly allowed: false;
  readonly identity: undefined;
  readonly decision: 'implicitDeny';
  readonly reason: 'authentication';
  readonly error: StsServiceError;
  readonly message: string;
}

/** What `authorize` resolves. */
export type AuthorizeResult = AuthorizationResult | AuthenticationFailure;

/** A verified request: the key that signed it, the region it was signed for, and whether it came over TLS. */
export interface SignedRequest {
  readonly key: KeyRecord;
  readonly region: string | undefined;
  readonly secure: boolean;
}

const actionPattern = /^[A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128}$/;
const maxResourceLength = 2048;
const maxContextKeys = 100;
const maxContextValues = 100;
const maxValueLength = 2048;
const maxKeyLength = 256;

/** Checks `authorize()`'s second argument; returns the action, resource and context entries. */
export function checkAuthorizeInput(input: unknown): {
  action: string;
  resource: string;
  context: [string, readonly string[]][];
} {
  checkKnownKeys(input, ['action', 'resource', 'context'], {
    call: 'authorize()',
    param: 'options',
    prefix: '',
  });
  const { action, resource, context } = input as Partial<Record<keyof AuthorizeInput, unknown>>;
  if (typeof action !== 'string' || !actionPattern.test(action)) {
    throw new StsMockInputError('action', `'${shown(action)}' is not an action like 's3:GetObject'`);
  }
  if (
    typeof resource !== 'string' ||
    resource.length > maxResourceLength ||
    (resource !== '*' && !resource.startsWith('arn:'))
  ) {
    throw new StsMockInputError('resource', `'${shown(resource)}' is not an ARN or '*'`);
  }
  return { action, resource, context: contextEntries(context) };
}

function contextEntries(context: unknown): [string, readonly string[]][] {
  if (context === undefined) return [];
  if (typeof context !== 'object' || context === null || Array.isArray(context) || context instanceof Map) {
    throw new StsMockInputError(
      'context',
      `expected an object of condition keys to values, got ${shown(context)}`,
    );
  }
  const entries = Object.entries(context as Record<string, unknown>);
  if (entries.length > maxContextKeys) {
    throw new StsMockInputError('context', `holds ${entries.length} keys; at most ${maxContextKeys}`);
  }
  return entries.map(([key, value]) => {
    const field = `context.${key.slice(0, maxKeyLength)}`;
    if (key === '' || key.length > maxKeyLength) {
      throw new StsMockInputError(field, `a condition key has 1 to ${maxKeyLength} characters`);
    }
    const lower = key.toLowerCase();
    if (derivedContextKeys.has(lower) || lower.startsWith(derivedContextPrefix)) {
      throw new StsMockInputError(field, 'is derived from the signer and the request; it cannot be set');
    }
    const list: unknown[] = Array.isArray(value) ? value : [value];
    if (list.length > maxContextValues) {
      throw new StsMockInputError(field, `holds ${list.length} values; at most ${maxContextValues}`);
    }
    for (const item of list) {
      if (typeof item !== 'string' || item.length > maxValueLength) {
        throw new StsMockInputError(field, `values are strings of at most ${maxValueLength} characters`);
      }
    }
    return [key, list as string[]];
  });
}

/** What one evaluation needs besides the signer. */
export interface EvaluateInput {
  readonly action: string;
  readonly resource: string;
  readonly context: readonly (readonly [string, readonly string[]])[];
  readonly now: Date;
}

/** Evaluates what the signer of `signed` may do; also the check DecodeAuthorizationMessage makes. */
export function evaluateFor(
  store: PrincipalStore,
  signed: SignedRequest,
  input: EvaluateInput,
): { evaluation: Evaluation; context: Map<string, readonly string[]> } {
  // Names as given, for the decoded message; looked up lower-cased. The caller's keys are never derived ones.
  const context = new Map<string, readonly string[]>(input.context);
  const derived = requestContext(signed.key, signed.region, signed.secure, input.now);
  for (const [name, value] of Object.entries(derived)) {
    if (value !== undefined) context.set(name, typeof value === 'string' ? [value] : value);
  }
  const byLowerKey = new Map<string, readonly string[]>();
  for (const [name, value] of context) byLowerKey.set(name.toLowerCase(), value);
  const evaluation = evaluatePolicySets(policySetsOf(store, signed.key), {
    action: input.action,
    resource: input.resource,
    lookup: (key) => byLowerKey.get(key),
  });
  return { evaluation, context };
}

/** The AccessDenied message AWS gives for a denial, with the policy type that caused it. */
export function deniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  evaluation: Evaluation,
): string {
  const on = resource === '*' ? '' : ` on resource: ${resource}`;
  const article = evaluation.reason === 'identity-based policy' ? 'an' : 'a';
  const why =
    evaluation.decision === 'explicitDeny'
      ? `with an explicit deny in ${article} ${evaluation.reason}`
      : `because no ${evaluation.reason} allows the ${action} action`;
  return `User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`;
}

/** Authorizes a verified request (or passes its authentication error on). */
export function authorizeSigned(
  store: PrincipalStore,
  signed: SignedRequest | StsServiceError,
  checked: ReturnType<typeof checkAuthorizeInput>,
  now: Date,
): AuthorizeResult {
  if (signed instanceof StsServiceError) {
    return {
      allowed: false,
      identity: undefined,
      decision: 'implicitDeny',
      reason: 'authentication',
      error: signed,
      message: signed.message,
    };
  }
  const { action, resource } = checked;
  const { evaluation, context } = evaluateFor(store, signed, { ...checked, now });
  const identity = identityOf(signed.key);
  const base = { identity, decision: evaluation.decision, reason: evaluation.reason };
  if (evaluation.decision === 'allow') return { allowed: true, ...base };
  const principal = signed.key.principal;
  return {
    allowed: false,
    ...base,
    message: deniedMessage(principal.arn, action, resource, evaluation),
    encodedMessage: authorizationMessagesOf(store).encode({
      evaluation,
      principal: { id: principal.userId, arn: principal.arn },
      action,
      resource,
      context,
    }),
  };
}
