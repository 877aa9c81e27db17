// vitest helpers for `@rolechain/sts-mock/vitest`: a mock wired into msw for the test file, and matchers
// over `sts.calls`:
//   import { stsMatchers, useStsMock } from '@rolechain/sts-mock/vitest';
//   const { sts } = useStsMock();
//   expect.extend(stsMatchers);
//   expect(sts).toHaveAssumedRole(role.arn, { by: alice.arn, times: 1 });
//   await expect(sts).toAllow(request, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { MatcherState } from 'vitest';
import { createStsMock, stsMockOptionKeys } from './create-sts-mock';
import type { StsCall, StsMock, StsMockOptions } from './create-sts-mock';
import type { AuthorizeInput, AuthorizeResult } from './authorize';
import { StsMockInputError, shown } from './errors';
import { failOnUnhandledRequests } from './fail-on-unhandled';
import { checkKnownKeys } from './known-keys';

/** The msw server {@link useStsMock} starts (msw's `setupServer` result). */
export type StsMockServer = ReturnType<typeof setupServer>;

/** A request handler msw's `setupServer` takes (e.g. `http.get(…)`). */
export type MswHandler = Parameters<typeof setupServer>[number];

/** Options of {@link useStsMock}: the mock's own, and handlers to serve beside it. */
export interface UseStsMockOptions extends StsMockOptions {
  /**
   * More handlers for the whole file, built once the mock exists: e.g. an S3 stand-in that checks who
   * signed with `sts.authenticate(request)`. They are served after the STS handlers and, unlike
   * `server.use(…)` overrides, stay from test to test.
   */
  readonly handlers?: (sts: StsMock) => readonly MswHandler[];
}

/** What {@link useStsMock} returns: the mock, and the msw server that serves its handlers. */
export interface UsedStsMock {
  readonly sts: StsMock;
  /** For `server.use(…)` overrides in a test; they are removed before the next one. */
  readonly server: StsMockServer;
}

/**
 * Creates an STS mock and an msw server with its handlers and `options.handlers`, and registers vitest hooks
 * for the enclosing file or `describe`: the server starts before the first test with
 * {@link failOnUnhandledRequests} (anything no handler matches fails instead of reaching the network); before
 * each test `server.use` overrides are dropped and `sts.reset()` forgets calls and faults; the server closes
 * after the last test.
 */
export function useStsMock(options: UseStsMockOptions = {}): UsedStsMock {
  checkKnownKeys(options, [...stsMockOptionKeys, 'handlers'], {
    call: 'useStsMock()',
    param: 'options',
    prefix: '',
  });
  const { handlers, ...mockOptions } = options;
  if (handlers !== undefined && typeof handlers !== 'function') {
    throw new StsMockInputError('handlers', `expected a function (sts) => handlers, got ${shown(handlers)}`);
  }
  const sts = createStsMock(mockOptions);
  const extra: unknown = handlers === undefined ? [] : handlers(sts);
  if (!isHandlerList(extra)) {
    throw new StsMockInputError('handlers', `must return an array of msw handlers, got ${shown(extra)}`);
  }
  const server = setupServer(...sts.handlers, ...extra);
  beforeAll(() => {
    server.listen(failOnUnhandledRequests);
  });
  beforeEach(() => {
    server.resetHandlers();
    sts.reset();
  });
  afterAll(() => {
    server.close();
  });
  return { sts, server };
}

/** Whether `handlers(sts)` gave a list; msw itself rejects what is not a handler in it. */
function isHandlerList(value: unknown): value is readonly MswHandler[] {
  return Array.isArray(value);
}

/** What {@link StsMatchers.toHaveAssumedRole} checks besides the role. */
export interface AssumedRoleExpectation {
  /** The caller: a user or session ARN, or a role ARN (matching any session of that role). */
  by?: string;
  /** The `RoleSessionName` (a string or an asymmetric matcher such as `expect.stringMatching(…)`). */
  sessionName?: string;
  /** Exactly this many successful calls; without it, at least one. */
  times?: number;
}

/** What {@link StsMatchers.toHaveReceivedStsCall} checks besides the action. */
export interface StsCallExpectation {
  /** Parameters the call must have (others may be present); values may be asymmetric matchers. */
  params?: Readonly<Record<string, unknown>>;
  /** The caller: a user or session ARN, or a role ARN (matching any session of that role). */
  by?: string;
  /** HTTP status sent, e.g. `200` or `403`. */
  status?: number;
  /** The error code sent, e.g. `'AccessDenied'`. */
  errorCode?: string;
  /** Exactly this many matching calls; without it, at least one. */
  times?: number;
}

/** The matchers `stsMatchers` adds to vitest's `expect`, used on an `StsMock` (anything with `calls`). */
export interface StsMatchers<R = unknown> {
  /** Successful `AssumeRole`/`AssumeRoleWithWebIdentity` calls for `roleArn` (optionally by, named, counted). */
  toHaveAssumedRole(roleArn: string, expected?: AssumedRoleExpectation): R;
  /** At least one STS call signed by `arn` (a role ARN matches that role's sessions). */
  toHaveBeenCalledBy(arn: string): R;
  /** STS calls of `action` (e.g. `'GetCallerIdentity'`) matching the expectation, successful or not. */
  toHaveReceivedStsCall(action: string, expected?: StsCallExpectation): R;
  /** `sts.authorize(request, input)` allows the signed request (await it: it reads the request). */
  toAllow(request: Request, input: AuthorizeInput): Promise<R>;
  /** `sts.authorize(request, input)` denies it, explicitly or implicitly, or it does not authenticate. */
  toDeny(request: Request, input: AuthorizeInput): Promise<R>;
}

declare module 'vitest' {
  // The type parameter must repeat vitest's own declaration (`T = any`) for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends StsMatchers<T> {}
}

/** What each matcher returns to vitest. */
export interface StsMatcherResult {
  pass: boolean;
  message: () => string;
}

const assumeActions = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity']);
/** Calls listed in a failure message; older ones are summarised as a count. */
const listedCalls = 20;

/** The matchers; register them once with `expect.extend(stsMatchers)` (e.g. in a vitest setup file). */
export const stsMatchers = {
  toHaveAssumedRole(
    this: MatcherState,
    received: unknown,
    roleArn: string,
    expected: AssumedRoleExpectation = {},
  ): StsMatcherResult {
    const calls = callsOf(received, 'toHaveAssumedRole');
    requireString(roleArn, 'roleArn');
    const { by, sessionName, times } = expected;
    if (by !== undefined) requireString(by, 'by');
    requireTimes(times);
    const matching = calls.filter(
      (call) =>
        assumeActions.has(call.action) &&
        call.status === 200 &&
        call.params.RoleArn === roleArn &&
        (by === undefined || callerMatches(call, by)) &&
        (sessionName === undefined || this.equals(call.params.RoleSessionName, sessionName)),
    );
    const what =
      `assumed role ${roleArn}` +
      (by === undefined ? '' : ` by ${by}`) +
      (sessionName === undefined ? '' : ` with session name ${show(sessionName)}`);
    return result(this, matching.length, times, what, calls);
  },

  toHaveBeenCalledBy(this: MatcherState, received: unknown, arn: string): StsMatcherResult {
    const calls = callsOf(received, 'toHaveBeenCalledBy');
    requireString(arn, 'arn');
    const matching = calls.filter((call) => callerMatches(call, arn));
    return result(this, matching.length, undefined, `been called by ${arn}`, calls);
  },

  toHaveReceivedStsCall(
    this: MatcherState,
    received: unknown,
    action: string,
    expected: StsCallExpectation = {},
  ): StsMatcherResult {
    const calls = callsOf(received, 'toHaveReceivedStsCall');
    requireString(action, 'action');
    const { params, by, status, errorCode, times } = expected;
    if (by !== undefined) requireString(by, 'by');
    requireTimes(times);
    const matching = calls.filter(
      (call) =>
        call.action === action &&
        (by === undefined || callerMatches(call, by)) &&
        (status === undefined || call.status === status) &&
        (errorCode === undefined || call.errorCode === errorCode) &&
        (params === undefined ||
          Object.entries(params).every(([key, value]) => this.equals(call.params[key], value))),
    );
    const details = [
      by === undefined ? '' : ` by ${by}`,
      status === undefined ? '' : ` with status ${status}`,
      errorCode === undefined ? '' : ` failing with ${errorCode}`,
      params === undefined ? '' : ` with params ${show(params)}`,
    ].join('');
    return result(this, matching.length, times, `received ${action}${details}`, calls);
  },

  async toAllow(
    this: MatcherState,
    received: unknown,
    request: Request,
    input: AuthorizeInput,
  ): Promise<StsMatcherResult> {
    const outcome = await authorizeWith(received, 'toAllow', request, input);
    return authorizationResult(this, outcome, input, true);
  },

  async toDeny(
    this: MatcherState,
    received: unknown,
    request: Request,
    input: AuthorizeInput,
  ): Promise<StsMatcherResult> {
    const outcome = await authorizeWith(received, 'toDeny', request, input);
    return authorizationResult(this, outcome, input, false);
  },
};

async function authorizeWith(
  received: unknown,
  matcher: string,
  request: Request,
  input: AuthorizeInput,
): Promise<AuthorizeResult> {
  const authorize = (received as { authorize?: unknown } | null | undefined)?.authorize;
  if (typeof authorize !== 'function') {
    throw new TypeError(
      `${matcher}: expect() must be given the STS mock from createStsMock() (an object with authorize), not ${describe(received)}`,
    );
  }
  return (received as Pick<StsMock, 'authorize'>).authorize(request, input);
}

/** Passes when the request was allowed (`wantAllow`) or denied; the message says the decision and why. */
function authorizationResult(
  state: MatcherState,
  outcome: AuthorizeResult,
  input: AuthorizeInput,
  wantAllow: boolean,
): StsMatcherResult {
  const who = outcome.identity?.arn ?? 'the request';
  const asked = `${input.action} on ${input.resource}`;
  const actual = outcome.allowed
    ? `it was allowed (${outcome.reason})`
    : `it was denied: ${outcome.decision} (${outcome.reason})${outcome.message === undefined ? '' : `\n  ${outcome.message}`}`;
  const verb = wantAllow ? 'to be allowed' : 'to be denied';
  const message = `expected ${who} ${state.isNot ? `not ${verb}` : verb} ${asked}, but ${actual}`;
  return { pass: outcome.allowed === wantAllow, message: () => message };
}

function callsOf(received: unknown, matcher: string): readonly StsCall[] {
  const calls = (received as { calls?: unknown } | null | undefined)?.calls;
  if (!Array.isArray(calls)) {
    throw new TypeError(
      `${matcher}: expect() must be given the STS mock from createStsMock() (an object with calls), not ${describe(received)}`,
    );
  }
  return calls as readonly StsCall[];
}

function requireString(value: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${field}: ${describe(value)} is not a non-empty string`);
  }
}

function requireTimes(times: unknown): void {
  if (times !== undefined && (!Number.isInteger(times) || (times as number) < 0)) {
    throw new TypeError(`times: ${describe(times)} is not a whole number of calls`);
  }
}

/** Whether the call was signed by `arn`; a role ARN also matches that role's sessions. */
function callerMatches(call: StsCall, arn: string): boolean {
  const caller = call.caller?.arn;
  if (caller === undefined) return false;
  if (caller === arn) return true;
  const role = /^arn:([\w-]+):iam::(\d{12}):role\/(?:[^:]*\/)?([\w+=,.@-]+)$/.exec(arn);
  const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/.exec(caller);
  return (
    role !== null &&
    session !== null &&
    role[1] === session[1] &&
    role[2] === session[2] &&
    role[3] === session[3]
  );
}

function result(
  state: MatcherState,
  count: number,
  times: number | undefined,
  what: string,
  calls: readonly StsCall[],
): StsMatcherResult {
  const pass = times === undefined ? count > 0 : count === times;
  const wanted = times === undefined ? '' : ` ${plural(times)}`;
  const message = state.isNot
    ? `expected the STS mock not to have ${what}${wanted}, but it did ${plural(count)}`
    : `expected the STS mock to have ${what}${times === undefined ? '' : ` exactly${wanted}`}, but it did ${plural(count)}`;
  return { pass, message: () => `${message}\n\n${listCalls(calls)}` };
}

function plural(count: number): string {
  return count === 1 ? '1 time' : `${count} times`;
}

function listCalls(calls: readonly StsCall[]): string {
  if (calls.length === 0) return 'The STS mock received no calls.';
  const shown = calls.slice(-listedCalls);
  const lines = shown.map((call, index) => {
    const outcome = call.errorCode === undefined ? `${call.status}` : `${call.status} ${call.errorCode}`;
    const caller = call.caller === undefined ? 'unsigned' : `by ${call.caller.arn}`;
    const number = calls.length - shown.length + index + 1;
    return `  ${number}. ${call.action} → ${outcome} ${caller} ${show(call.params)}`;
  });
  const skipped = calls.length - shown.length;
  return [
    `STS calls received (${calls.length}):`,
    ...(skipped > 0 ? [`  … ${skipped} earlier`] : []),
    ...lines,
  ].join('\n');
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object without calls';
  return show(value);
}
