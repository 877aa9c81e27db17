// Encoded authorization messages: what a denial from `sts.authorize` carries, and what the
// DecodeAuthorizationMessage action turns back into the JSON document STS returns (allowed, explicitDeny,
// matchedStatements, failures, context). The encoding is the mock's own: the document deflated, in
// base64url, with an HMAC under a key of this mock, so a message from elsewhere or altered is refused.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Evaluation } from './authorization';
import type { CompiledStatement } from './policy-evaluation';
import type { PrincipalStore } from './store';

/** What a decoded message says about one request. */
export interface AuthorizationMessageInput {
  readonly evaluation: Evaluation;
  readonly principal: { readonly id: string; readonly arn: string };
  readonly action: string;
  readonly resource: string;
  /** The request's condition keys and their values. */
  readonly context: ReadonlyMap<string, readonly string[]>;
}

/** The longest `EncodedMessage` STS takes (botocore's `encodedMessageType`: 1 to 10240 characters). */
export const maxEncodedMessageLength = 10240;
/** Deflate's best ratio is about 1032:1: a message of at most 10240 characters always inflates within this. */
const maxDecodedBytes = maxEncodedMessageLength * 1032;

type Items<T> = { items: T[] };
const items = <T>(list: readonly T[]): Items<T> => ({ items: [...list] });
const values = (list: readonly unknown[]): Items<{ value: string }> =>
  items(list.map((value) => ({ value: String(value) })));
const asList = (value: unknown): readonly unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function statementItem(statement: CompiledStatement, principalId: string): Record<string, unknown> {
  const source = statement.source;
  const conditions: { key: string; values: Items<{ value: string }> }[] = [];
  const condition = source.Condition;
  if (typeof condition === 'object' && condition !== null) {
    for (const [operator, block] of Object.entries(condition)) {
      if (typeof block !== 'object' || block === null) continue;
      for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
        conditions.push({ key: `${operator}:${key}`, values: values(asList(value)) });
      }
    }
  }
  const negatedAction = source.Action === undefined;
  const negatedResource = source.Resource === undefined;
  return {
    statementId: statement.sid ?? '',
    effect: statement.deny ? 'DENY' : 'ALLOW',
    principals: values([principalId]),
    principalGroups: items([]),
    actions: values(asList(negatedAction ? source.NotAction : source.Action)),
    ...(negatedAction ? { notActions: true } : {}),
    resources: values(asList(negatedResource ? source.NotResource : source.Resource)),
    ...(negatedResource ? { notResources: true } : {}),
    conditions: items(conditions),
  };
}

/**
 * The decoded document, as JSON text: fewer matched statements, then without the request's condition keys,
 * when all would not fit a message.
 */
function documentFor(
  input: AuthorizationMessageInput,
  statementCount: number,
  withConditions: boolean,
): string {
  const { evaluation, principal } = input;
  const matched = evaluation.matched.slice(0, statementCount);
  return JSON.stringify({
    allowed: evaluation.decision === 'allow',
    explicitDeny: evaluation.decision === 'explicitDeny',
    matchedStatements: items(matched.map((statement) => statementItem(statement, principal.id))),
    failures: items([]),
    context: {
      principal: { id: principal.id, arn: principal.arn },
      action: input.action,
      resource: input.resource,
      conditions: items(
        withConditions
          ? [...input.context].map(([key, keyValues]) => ({ key, values: values(keyValues) }))
          : [],
      ),
    },
  });
}

/** Encodes and decodes the messages of one mock. */
export interface AuthorizationMessages {
  encode(input: AuthorizationMessageInput): string;
  /** The decoded JSON document, or `undefined` when `encoded` is not a message of this mock. */
  decode(encoded: string): string | undefined;
}

/** One key per mock (its store): messages of another mock do not decode. */
const byStore = new WeakMap<PrincipalStore, AuthorizationMessages>();

/** The messages of the mock that owns `store`. */
export function authorizationMessagesOf(store: PrincipalStore): AuthorizationMessages {
  let messages = byStore.get(store);
  if (messages === undefined) {
    messages = createAuthorizationMessages();
    byStore.set(store, messages);
  }
  return messages;
}

function createAuthorizationMessages(): AuthorizationMessages {
  const key = randomBytes(32);
  const mac = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();

  function seal(json: string): string {
    const payload = deflateRawSync(json).toString('base64url');
    return `${payload}.${mac(payload).toString('base64url')}`;
  }

  return {
    encode(input) {
      // Drop matched statements, then the condition keys, until the message fits what
      // DecodeAuthorizationMessage takes.
      let count = input.evaluation.matched.length;
      let sealed = seal(documentFor(input, count, true));
      while (sealed.length > maxEncodedMessageLength && count > 0) {
        count = Math.floor(count / 2);
        sealed = seal(documentFor(input, count, true));
      }
      return sealed.length > maxEncodedMessageLength ? seal(documentFor(input, 0, false)) : sealed;
    },
    decode(encoded) {
      if (encoded.length > maxEncodedMessageLength) return undefined;
      const dot = encoded.indexOf('.');
      if (dot < 0) return undefined;
      const payload = encoded.slice(0, dot);
      const given = Buffer.from(encoded.slice(dot + 1), 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return inflateRawSync(Buffer.from(payload, 'base64url'), {
        maxOutputLength: maxDecodedBytes,
      }).toString();
    },
  };
}
