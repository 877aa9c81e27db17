// The control API of `rolechain-sts-mock serve`: what a test in another language does with the mock's
// methods in Node (read the calls, reset, inject faults, move the clock, mint tokens, SAML assertions, trade-in
// tokens and MFA codes, read the JWKS), as JSON over HTTP under /_rolechain/ on the server's own port, for
// holders of the token the server printed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { StsMock } from './create-sts-mock';
import { StsMockInputError } from './errors';
import { decodeJson } from './json-input';
import type { JsonInput } from './json-input';
import { checkKnownKeys } from './known-keys';
import { parseClockStep, parseInstant } from './serve-clock';
import type { ServeClock } from './serve-clock';
import type { MintSamlAssertionInput } from './saml-assertion';
import type { MintTradeInTokenInput } from './trade-in-tokens';
import type { MintWebIdentityTokenInput } from './web-identity';

/** The path every control route starts with. */
export const controlPrefix = '/_rolechain/';

/** The largest control request body read, in bytes. */
export const maxControlBodyBytes = 64 * 1024;

/** What the control API drives. */
export interface ControlContext {
  readonly sts: StsMock;
  readonly clock: ServeClock;
  /** The bearer token a request must carry (`Authorization: Bearer <token>`). */
  readonly token: string;
}

/** The codes of the control API's errors, with their HTTP status. */
const errorStatus = {
  InvalidInput: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  RequestEntityTooLarge: 413,
} as const;
type ControlErrorCode = keyof typeof errorStatus;

type JsonObject = { readonly [key: string]: JsonInput };
/** A route's work: the request's JSON body in, the answer's JSON out. */
type Route = (body: JsonObject) => unknown;

/** A route's answer to a request: its result as JSON, or a control error. */
class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The control routes, for `listen()`'s `routes`: a response for a request under {@link controlPrefix},
 * `undefined` for any other (STS answers it).
 */
export function createControlApi(
  context: ControlContext,
): (request: Request) => Promise<Response> | undefined {
  const { sts, clock } = context;
  const expected = digest(context.token);
  // Keyed by `<method> <name>`: one entry per route, as the README lists them.
  const routes = new Map<string, Route>([
    ['GET calls', () => ({ calls: sts.calls })],
    [
      'POST reset',
      (body) => {
        checkKnownKeys(body, [], { call: 'POST reset', param: 'body', prefix: '' });
        sts.reset();
        return {};
      },
    ],
    [
      'POST faults',
      (body) => {
        sts.inject(body);
        return {};
      },
    ],
    ['GET clock', () => ({ now: clock.now().toISOString() })],
    [
      'POST clock',
      (body) => {
        checkKnownKeys(body, ['now', 'advanceSeconds'], { call: 'POST clock', param: 'body', prefix: '' });
        const setTo = Object.hasOwn(body, 'now');
        if (setTo === Object.hasOwn(body, 'advanceSeconds')) {
          throw new StsMockInputError(
            'body',
            'give exactly one of now (an ISO 8601 instant) or advanceSeconds',
          );
        }
        if (setTo) clock.set(parseInstant(body['now'], 'now'));
        else clock.advance(parseClockStep(body['advanceSeconds'], 'advanceSeconds') * 1000);
        return { now: clock.now().toISOString() };
      },
    ],
    [
      'POST web-identity-token',
      (body) => ({ token: sts.mintWebIdentityToken(body as unknown as MintWebIdentityTokenInput) }),
    ],
    [
      'POST saml-assertion',
      (body) => ({ samlAssertion: sts.mintSamlAssertion(body as unknown as MintSamlAssertionInput) }),
    ],
    [
      'POST trade-in-token',
      (body) => ({ tradeInToken: sts.mintTradeInToken(body as unknown as MintTradeInTokenInput) }),
    ],
    ['GET jwks', () => sts.jwks()],
    [
      'POST mfa-code',
      (body) => {
        checkKnownKeys(body, ['serialNumber'], { call: 'POST mfa-code', param: 'body', prefix: '' });
        return { code: sts.mfaCode(body['serialNumber'] as string) };
      },
    ],
  ]);

  async function answer(request: Request, name: string): Promise<Response> {
    try {
      if (!authorized(request.headers.get('authorization'), expected)) {
        throw new ControlError(
          'Unauthorized',
          'send the token the server printed as Authorization: Bearer <token>',
          {
            'www-authenticate': 'Bearer realm="rolechain-sts-mock"',
          },
        );
      }
      const route = routes.get(`${request.method} ${name}`);
      if (route === undefined) {
        const allowed = ['GET', 'POST'].filter((method) => routes.has(`${method} ${name}`));
        if (allowed.length === 0) {
          throw new ControlError('NotFound', `${controlPrefix}${name.slice(0, 64)} is not a control route`);
        }
        throw new ControlError('MethodNotAllowed', `${controlPrefix}${name} takes ${allowed.join(' or ')}`, {
          allow: allowed.join(', '),
        });
      }
      return json(200, route(await bodyOf(request)));
    } catch (error) {
      if (error instanceof ControlError) {
        return json(
          errorStatus[error.code],
          { error: { code: error.code, message: error.message } },
          error.headers,
        );
      }
      if (error instanceof StsMockInputError) {
        return json(400, { error: { code: 'InvalidInput', field: error.field, message: error.message } });
      }
      throw error;
    }
  }

  return (request) => {
    const path = new URL(request.url).pathname;
    return path.startsWith(controlPrefix) ? answer(request, path.slice(controlPrefix.length)) : undefined;
  };
}

/** The request's JSON object (an empty body is `{}`). */
async function bodyOf(request: Request): Promise<JsonObject> {
  if (request.method !== 'POST') return Object.create(null) as JsonObject;
  const text = await request.text();
  if (Buffer.byteLength(text) > maxControlBodyBytes) {
    throw new ControlError('RequestEntityTooLarge', `the body is larger than ${maxControlBodyBytes} bytes`);
  }
  if (text.trim() === '') return Object.create(null) as JsonObject;
  const body = decodeJson(text, 'body', maxControlBodyBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StsMockInputError('body', 'expected a JSON object');
  }
  return body as JsonObject;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Whether the header carries the token; compared in constant time (digests of equal length). */
function authorized(header: string | null, expected: Buffer): boolean {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
