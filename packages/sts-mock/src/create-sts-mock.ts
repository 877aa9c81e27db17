import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { ActionContext, ActionHandler, MfaCheck } from './action-context';
import { assumeRole } from './assume-role';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity';
import { identityOf, verifyRequest } from './authenticate';
import type { AuthenticateResult } from './authenticate';
import { awsStsEndpoint, customEndpointPattern, regionOfStsHost } from './endpoints';
import { StsMockInputError, StsServiceError, shown } from './errors';
import { FaultList } from './faults';
import type { StsFault } from './faults';
import { getAccessKeyInfo } from './get-access-key-info';
import { getCallerIdentity } from './get-caller-identity';
import { getSessionToken } from './get-session-token';
import { newId, newRequestId } from './ids';
import { isLoopback, listenOn } from './listen';
import type { ListenOptions, ListeningServer } from './listen';
import { createVirtualMfaDevice } from './mfa';
import type { VirtualMfaDevice } from './mfa';
import { decodeQuery } from './query';
import type { QueryParams, QueryValue } from './query';
import { PrincipalStore } from './store';
import type { RoleRecord, SessionTag, UserRecord } from './store';
import { parsePolicyDocument, trustPolicyFor } from './trust-policy';
import type { PolicyDocument } from './trust-policy';
import { secretParams } from './validation';
import { createWebIdentityRegistry } from './web-identity';
import type { CreateOidcProviderInput, MintWebIdentityTokenInput, OidcProvider } from './web-identity';
import { errorDocument, resultDocument } from './xml';

/** AWS partitions the mock can build ARNs for. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

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
}

/** Input of `createUser()`. */
export interface CreateUserInput {
  readonly accountId: string;
  readonly userName: string;
  /** IAM path, `/` by default, e.g. `/team/`. */
  readonly path?: string;
  /** Principal tags, visible to trust conditions as `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Give the user a virtual MFA device (serial `arn:…:iam::<acct>:mfa/<userName>`); read its current code
   * with `sts.mfaCode(serialNumber)`. An object sets the device's Base32 seed.
   */
  readonly mfa?: boolean | { readonly base32Seed: string };
}

/** A user created by the mock; its secret is not enumerable, so logging the object never shows it. */
export interface StsUser {
  readonly arn: string;
  readonly accountId: string;
  readonly userName: string;
  /** `AIDA…`. */
  readonly userId: string;
  /** `AKIA…`. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Serial number of the user's virtual MFA device, when created with `mfa`. */
  readonly mfaSerialNumber?: string;
  /** `{ accessKeyId, secretAccessKey }`, ready for an SDK client's `credentials`. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Input of `createRole()`: give `trustPolicy` or the `trustedPrincipals` shorthand. */
export type CreateRoleInput = {
  readonly accountId: string;
  readonly roleName: string;
  /** IAM path, `/` by default, e.g. `/team/`. */
  readonly path?: string;
  /** 3600 to 43200 seconds; 3600 by default. */
  readonly maxSessionDuration?: number;
  /** Role tags, visible to trust conditions of chained sessions as `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
} & (
  | { readonly trustPolicy: PolicyDocument | string; readonly trustedPrincipals?: never }
  | { readonly trustedPrincipals: readonly string[]; readonly trustPolicy?: never }
);

/** A role created by the mock. */
export interface StsRole {
  readonly arn: string;
  /** `AROA…`. */
  readonly roleId: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly path: string;
  readonly maxSessionDuration: number;
}

/** One STS call the mock answered, secrets redacted. */
export interface StsCall {
  readonly action: string;
  /** Decoded parameters, without `Action` and `Version`; `TokenCode` and `WebIdentityToken` read `'***'`. */
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
  /** Answers one STS request (what the msw handlers and `listen()` call). */
  handle(request: Request): Promise<Response>;
  /** Verifies any SigV4-signed request (S3, DynamoDB, …) and returns the identity that signed it. */
  authenticate(request: Request): Promise<AuthenticateResult>;
  /** The code a user's virtual MFA device shows now (each code is accepted once). */
  mfaCode(serialNumber: string): string;
  /** Registers an IAM OIDC identity provider for AssumeRoleWithWebIdentity. */
  createOidcProvider(input: CreateOidcProviderInput): OidcProvider;
  /** An RS256 ID token signed by the mock's key, issued at the mock's `now()`. */
  mintWebIdentityToken(input: MintWebIdentityTokenInput): string;
  /** Arms a fault for matching calls. */
  inject(fault: StsFault): void;
  /** Forgets calls and faults; users, roles and issued credentials stay. */
  reset(): void;
  /** Serves the mock over real HTTP on a loopback address. */
  listen(options: ListenOptions): Promise<ListeningServer>;
}

interface ActionSpec {
  readonly handler: ActionHandler;
  readonly signed: boolean;
}

const actions: ReadonlyMap<string, ActionSpec> = new Map([
  ['AssumeRole', { handler: assumeRole, signed: true }],
  ['GetCallerIdentity', { handler: getCallerIdentity, signed: true }],
  ['GetSessionToken', { handler: getSessionToken, signed: true }],
  ['GetAccessKeyInfo', { handler: getAccessKeyInfo, signed: true }],
  ['AssumeRoleWithWebIdentity', { handler: assumeRoleWithWebIdentity, signed: false }],
]);

/** Real STS actions the mock does not implement: answered with InvalidAction that says so. */
const unimplemented: ReadonlySet<string> = new Set([
  'AssumeRoleWithSAML',
  'AssumeRoot',
  'DecodeAuthorizationMessage',
  'GetDelegatedAccessToken',
  'GetFederationToken',
  'GetWebIdentityToken',
]);

const accountIdPattern = /^\d{12}$/;
const namePattern = /^[\w+=,.@-]{1,64}$/;
const pathPattern = /^\/(?:[\u0021-\u007E]+\/)?$/;
const partitions: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

function checkString(field: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new StsMockInputError(field, `'${shown(value)}' is not ${expected}`);
  }
  return value;
}

function checkTags(
  field: string,
  tags: Readonly<Record<string, string>> | undefined,
): Map<string, SessionTag> {
  const out = new Map<string, SessionTag>();
  if (tags === undefined) return out;
  if (typeof tags !== 'object' || (tags as unknown) === null) {
    throw new StsMockInputError(field, 'expected an object of tag keys to values');
  }
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string')
      throw new StsMockInputError(`${field}.${key}`, 'tag values must be strings');
    const lower = key.toLowerCase();
    if (out.has(lower))
      throw new StsMockInputError(`${field}.${key}`, 'duplicate tag key (keys are case-insensitive)');
    out.set(lower, { key, value });
  }
  return out;
}

/** A copy of the parameters for the calls log, with secret values replaced by `'***'`. */
function redact(params: QueryParams): QueryParams {
  const copy: Record<string, QueryValue> = { ...params };
  for (const name of secretParams) if (name in copy) copy[name] = '***';
  return copy;
}

function xmlResponse(status: number, xml: string, requestId: string, date: Date): Response {
  return new Response(xml, {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId, date: date.toUTCString() },
  });
}

/** Creates an in-process STS with its own users, roles, sessions, clock, call log and faults. */
export function createStsMock(options: StsMockOptions = {}): StsMock {
  const clock = options.now ?? (() => new Date());
  const partition = options.partition ?? 'aws';
  if (!partitions.includes(partition)) {
    throw new StsMockInputError('partition', `'${shown(partition)}' is not one of ${partitions.join(', ')}`);
  }
  const customRegion = options.region;
  if (customRegion !== undefined)
    checkString('region', customRegion, /^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region name');
  const customPatterns = (options.endpoints ?? []).map((endpoint, index) => {
    try {
      return customEndpointPattern(endpoint);
    } catch {
      throw new StsMockInputError(`endpoints[${index}]`, `'${shown(endpoint)}' is not a URL`);
    }
  });

  const store = new PrincipalStore();
  const faults = new FaultList();
  let calls: StsCall[] = [];

  const webIdentity = createWebIdentityRegistry({ partition });
  const verifyWebIdentity = (token: string, accountId: string) =>
    webIdentity.verifyWebIdentityToken(token, clock(), accountId);
  const mfaDevices = new Map<string, { device: VirtualMfaDevice; userArn: string }>();
  const verifyMfa = (serialNumber: string, code: string, userArn: string | undefined): MfaCheck => {
    const entry = mfaDevices.get(serialNumber);
    if (entry === undefined || entry.userArn !== userArn) return 'unknown-device';
    return entry.device.verify(code, clock());
  };

  function expectedRegion(url: URL): string | undefined {
    return regionOfStsHost(url.hostname) ?? customRegion;
  }

  async function handle(request: Request): Promise<Response> {
    const at = clock();
    const requestId = newRequestId();
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.text() : '';
    const form = request.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
    const action = form.get('Action') ?? '';
    // Action and Version are the call itself; X-Amz-* are a presigned URL's signature (with its session
    // token): none of them are parameters, and the token must not reach the calls log.
    const params: QueryParams = Object.fromEntries(
      Object.entries(decodeQuery(form)).filter(
        ([name]) => name !== 'Action' && name !== 'Version' && !name.startsWith('X-Amz-'),
      ),
    );
    let caller: StsCall['caller'];

    const record = (status: number, errorCode?: string): void => {
      calls.push({
        action,
        params: redact(params),
        ...(caller === undefined ? {} : { caller }),
        status,
        ...(errorCode === undefined ? {} : { errorCode }),
        requestId,
        at,
      });
    };
    const fail = (error: StsServiceError): Response => {
      record(error.status, error.code);
      return xmlResponse(error.status, errorDocument(error, requestId), requestId, clock());
    };

    const fault = faults.take(action);
    if (fault !== undefined) {
      if (fault.delayMs > 0) await delay(fault.delayMs);
      if (fault.networkError) {
        record(0);
        return Response.error();
      }
      if (fault.error !== undefined) return fail(fault.error);
    }

    const spec = actions.get(action);
    if (spec === undefined || form.get('Version') !== '2011-06-15') {
      const version = form.get('Version') ?? 'NO_VERSION_SPECIFIED';
      const note = unimplemented.has(action) ? ` (@rolechain/sts-mock does not implement ${action})` : '';
      return fail(
        new StsServiceError(
          'InvalidAction',
          400,
          `Could not find operation ${action} for version ${version}${note}`,
        ),
      );
    }
    const now = clock();
    let key;
    if (spec.signed) {
      const verified = verifyRequest(
        store,
        { method: request.method, url, headers: request.headers, body: () => body },
        now.getTime(),
        { service: 'sts', ...withRegion(expectedRegion(url)) },
      );
      if (verified instanceof StsServiceError) return fail(verified);
      key = verified;
      caller = { arn: verified.principal.arn, accessKeyId: verified.accessKeyId };
    }
    const context: ActionContext = { store, now, params, caller: key, verifyMfa, verifyWebIdentity };
    try {
      const result = spec.handler(context);
      record(200);
      return xmlResponse(200, resultDocument(action, result, requestId), requestId, clock());
    } catch (error) {
      if (error instanceof StsServiceError) return fail(error);
      throw error;
    }
  }

  async function authenticate(request: Request): Promise<AuthenticateResult> {
    if (request.bodyUsed) {
      throw new StsMockInputError(
        'request',
        'its body was already read: call authenticate() before reading it',
      );
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
    if (verified instanceof StsServiceError) return { ok: false, error: verified };
    return { ok: true, identity: identityOf(verified) };
  }

  const resolver = ({ request }: { request: Request }): Promise<Response> => handle(request);
  const handlers: HttpHandler[] = [http.post(awsStsEndpoint, resolver), http.get(awsStsEndpoint, resolver)];
  for (const pattern of customPatterns)
    handlers.push(http.post(pattern, resolver), http.get(pattern, resolver));

  return {
    handlers,
    get calls() {
      return calls;
    },
    now: clock,
    createUser(input) {
      const accountId = checkString('accountId', input.accountId, accountIdPattern, 'a 12-digit account id');
      const userName = checkString(
        'userName',
        input.userName,
        namePattern,
        'a user name ([\\w+=,.@-]{1,64})',
      );
      const path = checkString('path', input.path ?? '/', pathPattern, "an IAM path like '/' or '/team/'");
      const arn = `arn:${partition}:iam::${accountId}:user${path}${userName}`;
      if (store.users.has(arn))
        throw new StsMockInputError('userName', `user '${userName}' already exists in ${accountId}`);
      const user: UserRecord = {
        kind: 'user',
        arn,
        accountId,
        userName,
        path,
        userId: newId('AIDA'),
        tags: checkTags('tags', input.tags),
      };
      const device = mfaDeviceFor(input.mfa, `arn:${partition}:iam::${accountId}:mfa${path}${userName}`);
      store.users.set(arn, user);
      if (device !== undefined) mfaDevices.set(device.serialNumber, { device, userArn: arn });
      const key = store.addLongTermKey(user);
      const created = {
        arn,
        accountId,
        userName,
        userId: user.userId,
        accessKeyId: key.accessKeyId,
        ...(device === undefined ? {} : { mfaSerialNumber: device.serialNumber }),
      };
      Object.defineProperties(created, {
        secretAccessKey: { value: key.secretAccessKey, enumerable: false },
        credentials: {
          get: () => ({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }),
          enumerable: false,
        },
      });
      return created as StsUser;
    },
    createRole(input) {
      const accountId = checkString('accountId', input.accountId, accountIdPattern, 'a 12-digit account id');
      const roleName = checkString(
        'roleName',
        input.roleName,
        namePattern,
        'a role name ([\\w+=,.@-]{1,64})',
      );
      const path = checkString('path', input.path ?? '/', pathPattern, "an IAM path like '/' or '/team/'");
      const maxSessionDuration = input.maxSessionDuration ?? 3600;
      if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43200) {
        throw new StsMockInputError(
          'maxSessionDuration',
          `${shown(maxSessionDuration)} is not an integer from 3600 to 43200 seconds`,
        );
      }
      const { trustPolicy, trustedPrincipals } = input as {
        trustPolicy?: unknown;
        trustedPrincipals?: readonly string[];
      };
      if ((trustPolicy === undefined) === (trustedPrincipals === undefined)) {
        throw new StsMockInputError('trustPolicy', 'give exactly one of trustPolicy or trustedPrincipals');
      }
      const policy =
        trustedPrincipals === undefined
          ? parsePolicyDocument(trustPolicy, 'trustPolicy')
          : trustPolicyFor(trustedPrincipals);
      const arn = `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
      if (store.roles.has(arn))
        throw new StsMockInputError('roleName', `role '${roleName}' already exists in ${accountId}`);
      const role: RoleRecord = {
        arn,
        roleId: newId('AROA'),
        roleName,
        path,
        accountId,
        trustPolicy: policy,
        maxSessionDuration,
        tags: checkTags('tags', input.tags),
      };
      store.roles.set(arn, role);
      return { arn, roleId: role.roleId, roleName, accountId, path, maxSessionDuration };
    },
    handle,
    authenticate,
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
    inject(fault) {
      faults.add(fault);
    },
    reset() {
      calls = [];
      faults.clear();
    },
    listen(listenOptions) {
      if (typeof listenOptions !== 'object' || !isLoopback(listenOptions.host)) {
        return Promise.reject(
          new StsMockInputError(
            'host',
            `'${shown(listenOptions.host)}' is not a loopback address (use 127.0.0.1 or ::1)`,
          ),
        );
      }
      return listenOn(handle, listenOptions);
    },
  };
}

function mfaDeviceFor(mfa: CreateUserInput['mfa'], serialNumber: string): VirtualMfaDevice | undefined {
  if (mfa === undefined || mfa === false) return undefined;
  if (mfa === true) return createVirtualMfaDevice({ serialNumber });
  if (typeof mfa !== 'object')
    throw new StsMockInputError('mfa', `expected true or { base32Seed }, got ${shown(mfa)}`);
  return createVirtualMfaDevice({ serialNumber, base32Seed: mfa.base32Seed });
}

/** Waits on the global `setTimeout`, so fake timers (`vi.useFakeTimers()`) control injected latency. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withRegion(region: string | undefined): { region?: string } {
  return region === undefined ? {} : { region };
}

function isMarkerPayload(headers: Headers): boolean {
  const declared = headers.get('x-amz-content-sha256');
  return declared !== null && !/^[0-9a-f]{64}$/.test(declared);
}
