import type { ActionContext, ActionHandler, MfaCheck } from './action-context';
import { assumeRole } from './assume-role';
import { assumeRoleWithSaml } from './assume-role-with-saml';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity';
import { assumeRoot } from './assume-root';
import { decodeAuthorizationMessage } from './decode-authorization-message';
import { verifyRequest } from './authenticate';
import { regionOfStsHost } from './endpoints';
import { StsServiceError } from './errors';
import type { FaultList } from './faults';
import type { FederationState } from './federation-state';
import { getAccessKeyInfo } from './get-access-key-info';
import { getCallerIdentity } from './get-caller-identity';
import { getDelegatedAccessToken } from './get-delegated-access-token';
import { getFederationToken } from './get-federation-token';
import { getScopedCredentials } from './get-scoped-credentials';
import { getWebIdentityToken } from './get-web-identity-token';
import { getSessionToken } from './get-session-token';
import { newRequestId } from './ids';
import { malformedHost, parseHost } from './host';
import { decodeQuery, stringParam } from './query';
import type { QueryParams, QueryValue } from './query';
import type { PrincipalStore } from './store';
import { bodyTooLarge, readCapped } from './request-body';
import { findRole } from './role-session';
import { rateExceeded } from './throttle';
import type { TokenBuckets } from './throttle';
import { secretParams } from './validation';
import type { WebIdentityVerification } from './web-identity';
import { errorDocument, resultDocument } from './xml';

/** One STS call the mock answered, secrets redacted. */
export interface StsCall {
  readonly action: string;
  /**
   * Decoded parameters, without `Action`, `Version` and a presigned URL's `X-Amz-*`; `TokenCode`,
   * `WebIdentityToken`, `SAMLAssertion` and `TradeInToken` read `'***'`.
   */
  readonly params: QueryParams;
  /** Who signed it, when the signature verified. */
  readonly caller?: { readonly arn: string; readonly accessKeyId: string };
  /** HTTP status sent; `0` for an injected network error. */
  readonly status: number;
  readonly errorCode?: string;
  readonly requestId: string;
  /** The mock's clock when the call arrived. */
  readonly at: Date;
}

interface ActionSpec {
  readonly handler: ActionHandler;
  readonly signed: boolean;
  /** Not served by the global endpoint `sts.amazonaws.com` (the client-sts model says so per action). */
  readonly regionalOnly?: boolean;
}

const actions: ReadonlyMap<string, ActionSpec> = new Map([
  ['AssumeRole', { handler: assumeRole, signed: true }],
  ['GetCallerIdentity', { handler: getCallerIdentity, signed: true }],
  ['GetSessionToken', { handler: getSessionToken, signed: true }],
  ['GetFederationToken', { handler: getFederationToken, signed: true }],
  ['GetAccessKeyInfo', { handler: getAccessKeyInfo, signed: true }],
  ['AssumeRoleWithWebIdentity', { handler: assumeRoleWithWebIdentity, signed: false }],
  ['GetScopedCredentials', { handler: getScopedCredentials, signed: true, regionalOnly: true }],
  ['AssumeRoot', { handler: assumeRoot, signed: true, regionalOnly: true }],
  ['AssumeRoleWithSAML', { handler: assumeRoleWithSaml, signed: false }],
  ['GetDelegatedAccessToken', { handler: getDelegatedAccessToken, signed: true }],
  ['GetWebIdentityToken', { handler: getWebIdentityToken, signed: true, regionalOnly: true }],
  ['DecodeAuthorizationMessage', { handler: decodeAuthorizationMessage, signed: true }],
]);

/**
 * Action and Version are the call itself; X-Amz-* are a presigned URL's signature (with its session token):
 * none of them are parameters, and the token must not reach the calls log.
 */
function isParameter(name: string): boolean {
  return name !== 'Action' && name !== 'Version' && !name.startsWith('X-Amz-');
}

/** The parameters for the calls log: a copy with secret values replaced by `'***'`, or them as they are. */
function redact(params: QueryParams): QueryParams {
  let copy: Record<string, QueryValue> | undefined;
  for (const name of secretParams) {
    if (!Object.hasOwn(params, name)) continue;
    copy ??= Object.assign(Object.create(null) as Record<string, QueryValue>, params);
    copy[name] = '***';
  }
  return copy ?? params;
}

function xmlResponse(status: number, xml: string, requestId: string, date: Date): Response {
  return new Response(xml, {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId, date: date.toUTCString() },
  });
}

/** What the request handler works with: the mock's clock, state and checks. */
export interface RequestHandlerContext {
  readonly clock: () => Date;
  readonly store: PrincipalStore;
  readonly faults: FaultList;
  /** The account buckets of the `throttle` option; `undefined` when calls are not throttled. */
  readonly buckets: TokenBuckets | undefined;
  /** Appends to the calls log. */
  readonly record: (call: StsCall) => void;
  readonly verifyMfa: (serialNumber: string, code: string, userArn: string | undefined) => MfaCheck;
  readonly verifyWebIdentity: (token: string, accountId: string) => WebIdentityVerification;
  /** The signing region for hosts that do not imply one (custom endpoints, `listen()`). */
  readonly customRegion: string | undefined;
  readonly federation: FederationState;
}

/** The mock's answers: to a request, and to one refused before it is read (see `listen()`). */
export interface RequestHandler {
  readonly handle: (request: Request) => Promise<Response>;
  /** The STS error document for `error`, recorded in the calls log like any answer. */
  readonly refuse: (error: StsServiceError) => Response;
}

const noParams: QueryParams = Object.freeze(Object.create(null) as Record<string, QueryValue>);

/** Form text from body bytes; bytes that are not UTF-8 become U+FFFD here, but the signature sees the bytes. */
const utf8 = new TextDecoder();

/**
 * The one request → response function behind the msw handlers and `listen()`: awsQuery parsing, faults,
 * SigV4, the throttle, the action, the calls log and the XML answer. The clock is read once per request: the
 * calls log, the signature window, the throttle, the credentials' expiry and the `Date` header all see the
 * same time.
 */
export function createRequestHandler(context: RequestHandlerContext): RequestHandler {
  const { clock, store, faults, buckets, verifyMfa, verifyWebIdentity, customRegion } = context;

  function expectedRegion(url: URL): string | undefined {
    return regionOfStsHost(url.hostname) ?? customRegion;
  }

  /**
   * Whether the account's bucket for the region had a token for this call (always, without a throttle). An
   * unsigned call counts against the account of the role it names, and is not counted when the mock has no
   * such role (it is refused next). Unsigned calls to a custom endpoint without `region` have no region:
   * they share one bucket per account.
   */
  function admitted(account: string | undefined, region: string | undefined, at: Date): boolean {
    if (buckets === undefined || account === undefined) return true;
    return buckets.take(`${account} ${region ?? ''}`, at.getTime());
  }

  function answer(
    at: Date,
    requestId: string,
    call: Omit<StsCall, 'status' | 'errorCode' | 'requestId' | 'at'>,
    outcome: StsServiceError | { readonly xml: string },
  ): Response {
    const failed = outcome instanceof StsServiceError;
    context.record({
      ...call,
      status: failed ? outcome.status : 200,
      ...(failed ? { errorCode: outcome.code } : {}),
      requestId,
      at,
    });
    const xml = failed ? errorDocument(outcome, requestId) : outcome.xml;
    return xmlResponse(failed ? outcome.status : 200, xml, requestId, at);
  }

  function refuse(error: StsServiceError): Response {
    return answer(clock(), newRequestId(), { action: '', params: noParams }, error);
  }

  /** The body's bytes, or the error for a Host or a size the mock does not read. */
  async function readRequest(request: Request): Promise<Uint8Array | StsServiceError> {
    const host = request.headers.get('host');
    if (host !== null && parseHost(host) === undefined) return malformedHost(host);
    if (request.method !== 'POST') return new Uint8Array();
    return (await readCapped(request.body, true)) ?? bodyTooLarge();
  }

  async function handle(request: Request): Promise<Response> {
    const at = clock();
    const requestId = newRequestId();
    const url = new URL(request.url);
    const body = await readRequest(request);
    if (body instanceof StsServiceError) {
      return answer(at, requestId, { action: '', params: noParams }, body);
    }
    const form = request.method === 'POST' ? new URLSearchParams(utf8.decode(body)) : url.searchParams;
    const action = form.get('Action') ?? '';
    const params: QueryParams = decodeQuery(form, isParameter);
    let caller: StsCall['caller'];

    const fail = (error: StsServiceError): Response =>
      answer(
        at,
        requestId,
        { action, params: redact(params), ...(caller === undefined ? {} : { caller }) },
        error,
      );

    const fault = faults.take(action, form.get('RoleArn') ?? undefined);
    if (fault !== undefined) {
      if (fault.delayMs > 0) await delay(fault.delayMs);
      if (fault.networkError) {
        context.record({ action, params: redact(params), status: 0, requestId, at });
        return Response.error();
      }
      if (fault.error !== undefined) return fail(fault.error);
    }

    const spec = actions.get(action);
    if (spec === undefined || form.get('Version') !== '2011-06-15') {
      const version = form.get('Version') ?? 'NO_VERSION_SPECIFIED';
      return fail(
        new StsServiceError(
          'InvalidAction',
          400,
          `Could not find operation ${action} for version ${version}`,
        ),
      );
    }
    if (spec.regionalOnly === true && url.hostname === 'sts.amazonaws.com') {
      return fail(
        new StsServiceError(
          'InvalidAction',
          400,
          `${action} is not available on the STS global endpoint; send it to a Regional endpoint`,
        ),
      );
    }
    let key;
    let region = expectedRegion(url);
    if (spec.signed) {
      const verified = verifyRequest(
        store,
        { method: request.method, url, headers: request.headers, body: () => body },
        at.getTime(),
        { service: 'sts', ...withRegion(region) },
      );
      if (verified instanceof StsServiceError) return fail(verified);
      ({ key, region } = verified);
      caller = { arn: key.principal.arn, accessKeyId: key.accessKeyId };
    }
    const account = key?.principal.accountId ?? roleAccount(store, params);
    if (!admitted(account, region, at)) return fail(rateExceeded());
    const actionContext: ActionContext = {
      store,
      now: at,
      params,
      caller: key,
      verifyMfa,
      verifyWebIdentity,
      federation: context.federation,
      region,
    };
    let result;
    try {
      result = spec.handler(actionContext);
    } catch (error) {
      if (error instanceof StsServiceError) return fail(error);
      throw error;
    }
    return answer(
      at,
      requestId,
      { action, params: redact(params), ...(caller === undefined ? {} : { caller }) },
      { xml: resultDocument(action, result, requestId) },
    );
  }

  return { handle, refuse };
}

/** Waits on the global `setTimeout`, so fake timers (`vi.useFakeTimers()`) control injected latency. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The account of the role an unsigned call names, if the mock has that role. */
function roleAccount(store: PrincipalStore, params: QueryParams): string | undefined {
  const roleArn = stringParam(params, 'RoleArn');
  return roleArn === undefined ? undefined : findRole(store, roleArn)?.accountId;
}

function withRegion(region: string | undefined): { region?: string } {
  return region === undefined ? {} : { region };
}
