import type { JsonWebKey } from 'node:crypto';
import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { MfaCheck } from './action-context';
import { identityOf, verifyRequest } from './authenticate';
import type { AuthenticateResult } from './authenticate';
import { authorizeSigned, checkAuthorizeInput } from './authorize';
import type { AuthorizeInput, AuthorizeResult, SignedRequest } from './authorize';
import { awsStsEndpoint, customEndpointPattern } from './endpoints';
import { StsMockInputError, StsServiceError, shown } from './errors';
import { FaultList } from './faults';
import { createFederationState } from './federation-state';
import type { StsFault } from './faults';
import { createRequestHandler } from './handle-request';
import type { StsCall } from './handle-request';
import { checkKnownKeys } from './known-keys';
import { isLoopback, listenOn } from './listen';
import type { CreateOrganizationInput, StsOrganization } from './organization';
import { signingJwks } from './jwt-signer';
import { discoveryHandlers } from './outbound-discovery';
import { mintSamlAssertion } from './saml-assertion';
import type { MintSamlAssertionInput } from './saml-assertion';
import type { CreateSamlProviderInput, SamlProvider } from './saml-providers';
import type { MintTradeInTokenInput } from './trade-in-tokens';
import type {
  EnableOutboundWebIdentityFederationInput,
  OutboundWebIdentityFederation,
} from './outbound-federation';
import type { ListenHandlers, ListenOptions, ListeningServer } from './listen';
import { addManagedPolicy } from './managed-policies';
import type { CreateManagedPolicyInput, ManagedPolicy } from './managed-policies';
import { addRole, addUser, checkString, partitions } from './principals';
import type { CreateRoleInput, CreateUserInput, MfaDevices, Partition, StsRole, StsUser } from './principals';
import { PrincipalStore } from './store';
import { TokenBuckets, checkThrottle } from './throttle';
import type { StsThrottle } from './throttle';
import { createWebIdentityRegistry } from './web-identity';
import type { CreateOidcProviderInput, MintWebIdentityTokenInput, OidcProvider } from './web-identity';

export type { StsCall } from './handle-request';
export type { CreateRoleInput, CreateUserInput, Partition, StsRole, StsUser } from './principals';
export type { StsThrottle } from './throttle';

/** Options of `createStsMock()`. */
export interface StsMockOptions {
  /** The mock's clock: drives expiry, the SigV4 15-minute window and the `Date` header. Default: `new Date()`. */
  readonly now?: () => Date;
  /**
   * The signing region requests to custom endpoints and `listen()` must use. AWS endpoints always require
   * the region of their host name (us-east-1 for `sts.amazonaws.com`). Default: any region.
   */
  readonly region?: string;
  /** Partition of the ARNs the mock issues. Default `aws`. */
  readonly partition?: Partition;
  /** More endpoint URLs to answer on (e.g. `http://localhost:4566`), beside every AWS STS host name. */
  readonly endpoints?: readonly string[];
  /**
   * STS's request quota: a token bucket per account and region, shared by every caller, refilled on the
   * mock's clock. A call that finds it empty gets `Throttling` (400) `Rate exceeded`. Default: no limit.
   */
  readonly throttle?: StsThrottle;
}

/** The mock STS: register principals, hand `handlers` to msw, read `calls`. */
export interface StsMock {
  /** msw request handlers for every STS endpoint form (and the custom `endpoints`). */
  readonly handlers: readonly HttpHandler[];
  /** Every STS call so far, oldest first. */
  readonly calls: readonly StsCall[];
  /** The mock's current time. */
  now(): Date;
  createUser(input: CreateUserInput): StsUser;
  createRole(input: CreateRoleInput): StsRole;
  /** Registers a managed policy (`accountId: 'aws'` for an AWS managed one) for principals and `PolicyArns`. */
  createManagedPolicy(input: CreateManagedPolicyInput): ManagedPolicy;
  /** Answers one STS request (what the msw handlers and `listen()` call). */
  handle(request: Request): Promise<Response>;
  /** Verifies any SigV4-signed request (S3, DynamoDB, …) and returns the identity that signed it. */
  authenticate(request: Request): Promise<AuthenticateResult>;
  /**
   * Authenticates a signed request as `authenticate` does, then evaluates whether the signer may perform
   * `action` on `resource`: identity-based policies, permissions boundary and session policies.
   */
  authorize(request: Request, input: AuthorizeInput): Promise<AuthorizeResult>;
  /** The code a user's virtual MFA device shows now (each code is accepted once). */
  mfaCode(serialNumber: string): string;
  /** Registers an IAM OIDC identity provider for AssumeRoleWithWebIdentity. */
  createOidcProvider(input: CreateOidcProviderInput): OidcProvider;
  /** An RS256 ID token signed by the mock's key, issued at the mock's `now()`. */
  mintWebIdentityToken(input: MintWebIdentityTokenInput): string;
  /** Registers an IAM SAML provider for AssumeRoleWithSAML. */
  createSamlProvider(input: CreateSamlProviderInput): SamlProvider;
  /** A base64 SAML response signed by the mock's IdP key, issued at the mock's `now()`. */
  mintSamlAssertion(input: MintSamlAssertionInput): string;
  /** A trade-in token for GetDelegatedAccessToken, as the AWS service that hands them out would issue it. */
  mintTradeInToken(input: MintTradeInTokenInput): string;
  /** Declares an organization with centralized root access, for AssumeRoot. */
  createOrganization(input: CreateOrganizationInput): StsOrganization;
  /** Enables IAM outbound identity federation for an account, so it may call GetWebIdentityToken. */
  enableOutboundWebIdentityFederation(
    input: EnableOutboundWebIdentityFederationInput,
  ): OutboundWebIdentityFederation;
  /** The public keys (RS256 and ES384) that verify GetWebIdentityToken's JWTs, as a JWK Set. */
  jwks(): { keys: JsonWebKey[] };
  /** Arms a fault for matching calls. */
  inject(fault: StsFault): void;
  /** Forgets calls and faults and refills the throttle's buckets; users, roles and issued credentials stay. */
  reset(): void;
  /** Serves the mock over real HTTP on a loopback address. */
  listen(options: ListenOptions): Promise<ListeningServer>;
}

/** The keys of {@link StsMockOptions}, for callers that check options before passing them on. */
export const stsMockOptionKeys = Object.keys({
  now: 0,
  region: 0,
  partition: 0,
  endpoints: 0,
  throttle: 0,
} satisfies Record<keyof StsMockOptions, 0>);
const listenKeys = Object.keys({ port: 0, host: 0 } satisfies Record<keyof ListenOptions, 0>);

/** Creates an in-process STS with its own users, roles, sessions, clock, call log and faults. */
export function createStsMock(options: StsMockOptions = {}): StsMock {
  return createServableStsMock(options).sts;
}

/** A mock, and its `listen()` with more routes beside STS (the `rolechain-sts-mock` server's control API). */
export interface ServableStsMock {
  readonly sts: StsMock;
  listen(options: ListenOptions, routes: ListenHandlers['routes']): Promise<ListeningServer>;
}

/** {@link createStsMock}, for the server that puts its control API on the mock's own listener. */
export function createServableStsMock(options: StsMockOptions = {}): ServableStsMock {
  checkKnownKeys(options, stsMockOptionKeys, { call: 'createStsMock()', param: 'options', prefix: '' });
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new StsMockInputError('now', `expected a function returning a Date, got ${shown(options.now)}`);
  }
  const clock = options.now ?? (() => new Date());
  const partition = options.partition ?? 'aws';
  if (!partitions.includes(partition)) {
    throw new StsMockInputError('partition', `'${shown(partition)}' is not one of ${partitions.join(', ')}`);
  }
  const customRegion = options.region;
  if (customRegion !== undefined)
    checkString('region', customRegion, /^[a-z]{2,}(-[a-z]+)+-\d+$/, 'a region name');
  const endpoints: unknown = options.endpoints ?? [];
  if (!Array.isArray(endpoints)) {
    throw new StsMockInputError('endpoints', `expected an array of URLs, got ${shown(endpoints)}`);
  }
  const customPatterns = (endpoints as readonly unknown[]).map((endpoint, index) => {
    try {
      return customEndpointPattern(endpoint as string);
    } catch {
      throw new StsMockInputError(`endpoints[${index}]`, `'${shown(endpoint)}' is not a URL`);
    }
  });

  const buckets =
    options.throttle === undefined ? undefined : new TokenBuckets(checkThrottle(options.throttle));

  const store = new PrincipalStore();
  const federation = createFederationState(partition);
  const faults = new FaultList();
  let calls: StsCall[] = [];

  const webIdentity = createWebIdentityRegistry({ partition });
  const verifyWebIdentity = (token: string, accountId: string) =>
    webIdentity.verifyWebIdentityToken(token, clock(), accountId);
  const mfaDevices: MfaDevices = new Map();
  const verifyMfa = (serialNumber: string, code: string, userArn: string | undefined): MfaCheck => {
    const entry = mfaDevices.get(serialNumber);
    if (entry === undefined || entry.userArn !== userArn) return 'unknown-device';
    return entry.device.verify(code, clock());
  };

  const { handle, refuse } = createRequestHandler({
    clock,
    store,
    faults,
    buckets,
    record: (call) => calls.push(call),
    verifyMfa,
    verifyWebIdentity,
    customRegion,
    federation,
  });

  /** Verifies a signed request (any service) against the keys the mock issued. */
  async function verifySigned(call: string, request: Request): Promise<SignedRequest | StsServiceError> {
    checkRequest(call, request);
    if (request.bodyUsed) {
      throw new StsMockInputError('request', `its body was already read: call ${call} before reading it`);
    }
    const url = new URL(request.url);
    const needsBody = request.body !== null && !isMarkerPayload(request.headers);
    const body = needsBody ? new Uint8Array(await request.clone().arrayBuffer()) : new Uint8Array();
    const verified = verifyRequest(
      store,
      { method: request.method, url, headers: request.headers, body: () => body },
      clock().getTime(),
      {},
    );
    if (verified instanceof StsServiceError) return verified;
    return { key: verified.key, region: verified.region, secure: url.protocol === 'https:' };
  }

  async function authenticate(request: Request): Promise<AuthenticateResult> {
    const signed = await verifySigned('authenticate()', request);
    if (signed instanceof StsServiceError) return { ok: false, error: signed };
    return { ok: true, identity: identityOf(signed.key) };
  }

  async function authorize(request: Request, input: AuthorizeInput): Promise<AuthorizeResult> {
    const checked = checkAuthorizeInput(input);
    return authorizeSigned(store, await verifySigned('authorize()', request), checked, clock());
  }

  const resolver = ({ request }: { request: Request }): Promise<Response> => handle(request);
  const handlers: HttpHandler[] = [http.post(awsStsEndpoint, resolver), http.get(awsStsEndpoint, resolver)];
  for (const pattern of customPatterns)
    handlers.push(http.post(pattern, resolver), http.get(pattern, resolver));
  handlers.push(...discoveryHandlers(federation.outbound));

  async function listen(listenOptions: ListenOptions, routes?: ListenHandlers['routes']) {
    checkKnownKeys(listenOptions, listenKeys, { call: 'listen()', param: 'options', prefix: '' });
    if (!isLoopback(listenOptions.host)) {
      throw new StsMockInputError(
        'host',
        `'${shown(listenOptions.host)}' is not a loopback address (use 127.0.0.1 or ::1)`,
      );
    }
    const { port } = listenOptions;
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new StsMockInputError('port', `${shown(port)} is not a port number (0-65535)`);
    }
    return listenOn({ handle, refuse, ...(routes === undefined ? {} : { routes }) }, listenOptions);
  }

  const sts: StsMock = {
    handlers,
    get calls() {
      return calls;
    },
    now: clock,
    createUser(input) {
      return addUser(store, partition, mfaDevices, input);
    },
    createRole(input) {
      return addRole(store, partition, input);
    },
    createManagedPolicy(input) {
      return addManagedPolicy(store, partition, input);
    },
    handle(request) {
      checkRequest('handle()', request);
      return handle(request);
    },
    authenticate,
    authorize,
    mfaCode(serialNumber) {
      const entry = mfaDevices.get(serialNumber);
      if (entry === undefined) {
        throw new StsMockInputError(
          'serialNumber',
          `'${shown(serialNumber)}' is not an MFA device of a user of this mock`,
        );
      }
      return entry.device.code(clock());
    },
    createOidcProvider(input) {
      return webIdentity.createOidcProvider(input);
    },
    mintWebIdentityToken(input) {
      return webIdentity.mintWebIdentityToken(input, clock());
    },
    createSamlProvider(input) {
      return federation.saml.create(input);
    },
    mintSamlAssertion(input) {
      return mintSamlAssertion(input, clock(), partition);
    },
    mintTradeInToken(input) {
      return federation.tradeIn.mint(store, input, clock());
    },
    createOrganization(input) {
      return federation.organizations.create(input);
    },
    enableOutboundWebIdentityFederation(input) {
      return federation.outbound.enable(input);
    },
    jwks: signingJwks,
    inject(fault) {
      faults.add(fault);
    },
    reset() {
      calls = [];
      faults.clear();
      buckets?.clear();
    },
    listen: (listenOptions) => listen(listenOptions),
  };
  return { sts, listen };
}

/**
 * A fetch `Request` (what msw hands its handlers; any realm's, so read by shape), else the input error instead
 * of a crash deep in the handler.
 */
function checkRequest(call: string, request: unknown): asserts request is Request {
  const shaped =
    typeof request === 'object' &&
    request !== null &&
    typeof (request as Partial<Request>).url === 'string' &&
    typeof (request as Partial<Request>).method === 'string' &&
    typeof (request as Partial<Request>).headers?.get === 'function';
  if (!shaped) {
    const got = typeof request === 'object' && request !== null ? 'another object' : shown(request);
    throw new StsMockInputError('request', `${call} expects a fetch Request, got ${got}`);
  }
}

function isMarkerPayload(headers: Headers): boolean {
  const declared = headers.get('x-amz-content-sha256');
  return declared !== null && !/^[0-9a-f]{64}$/.test(declared);
}
