import type {
  AwsCredentialIdentity,
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  InitializeMiddleware,
  MetadataBearer,
  Pluggable,
  ResponseMetadata,
} from '@smithy/types';
import { isRegion } from '@rolechain/aws-rules';
import { getSmithyContext } from '@smithy/util-middleware';
import { credentialIndex, signingScope } from './authorization';
import { CallerIdentityResolver, type CallerIdentityLookup } from './caller-identity-resolver';
import { unresolvedIdentity, viaS3ExpressSession, type LoggedIdentity } from './identity';
import { IdentityCache } from './identity-cache';
import { resolveOptions, type IdentityLoggerOptions } from './options';
import { errorSummary, roundDuration, serviceFromClientName, type IdentityLogRecord } from './record';
import { createSink } from './sink';
import {
  activeSpan,
  annotate,
  identityAttributes,
  UNSIGNED_ATTRIBUTES,
  type IdentitySpan,
} from './span-attributes';
import { createStsLookup } from './sts-lookup';

/** Middleware names: adding the plugin again (to the client, or to a command) replaces, never doubles. */
const OPERATION_MIDDLEWARE = 'rolechainIdentityLoggerMiddleware';
const SIGNED_REQUEST_MIDDLEWARE = 'rolechainIdentityLoggerSignedRequestMiddleware';

/**
 * What the plugin learns of one operation, carried down the middleware chain on the handler arguments
 * (every SDK middleware passes them on with `...args`). Not on the handler context: with the client option
 * `cacheMiddleware: true`, one context serves every send of a command class, concurrent ones included.
 */
interface Operation {
  /** {@link monotonicMs} when the operation started. */
  readonly started: number;
  /** The `Authorization` header of the last attempt sent; null when it went unsigned; undefined: none sent. */
  authorization: string | null | undefined;
  /** The identity the SDK selected, as it stood when that attempt was signed. */
  credentials: Partial<AwsCredentialIdentity> | undefined;
  signingProperties: Record<string, unknown> | undefined;
  /** The S3 Express bucket session of that attempt, if any. */
  s3ExpressIdentity: Partial<AwsCredentialIdentity> | undefined;
  /** The OpenTelemetry span active when the operation started, that gets the identity. */
  readonly span: IdentitySpan | undefined;
}

/** How long a failed lookup (a key's `GetCallerIdentity`, a base identity the provider could not learn) stands before it is tried again. */
const RETRY_AFTER_MS = 5 * 60_000;

/** A record while it is built: its identity may be set once a lookup ends. */
type RecordInProgress = { -readonly [K in keyof IdentityLogRecord]: IdentityLogRecord[K] };

/**
 * Milliseconds on Node's monotonic clock (the one `performance.now()` reads, at the same resolution). Read
 * with `process.hrtime()`: on Node 20 the `performance` global is a lazy getter and its `now()` checks its
 * receiver, which inside an SDK send cost about 0.5 µs a read, a quarter of the plugin's own work
 * (figure 3). Node lists `process.hrtime()` as legacy, not deprecated: it stays under semver.
 */
function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** A private symbol, so it cannot collide with any argument an SDK middleware sets. */
const OPERATION = Symbol('@rolechain/identity-logger/operation');

type SmithyContext = NonNullable<HandlerExecutionContext['__smithy_context']>;

interface OperationCarrier {
  [OPERATION]?: Operation;
}

const SLASH = 47;

/** The plugin: add it with `client.middlewareStack.use(…)` or `command.middlewareStack.use(…)`. */
export interface IdentityLoggerPlugin extends Pluggable<object, MetadataBearer> {
  /**
   * Resolves once every record waiting for a `GetCallerIdentity` lookup has been emitted. Await it
   * before a Lambda handler returns, or before asserting on records in tests.
   */
  flush(): Promise<void>;
}

/** Internal seam for tests of this package: the STS lookup. */
export interface PluginInternals {
  readonly lookup?: CallerIdentityLookup;
}

/**
 * An AWS SDK v3 plugin that writes one record per operation naming the identity that actually signed
 * it, read after signing and cross-checked with the `Authorization` header. See the README for the record.
 */
export function identityLoggerPlugin(options?: IdentityLoggerOptions): IdentityLoggerPlugin {
  return createIdentityLoggerPlugin(options, {});
}

/** {@link identityLoggerPlugin} with its STS lookup and clock replaceable. */
export function createIdentityLoggerPlugin(
  options: IdentityLoggerOptions | undefined,
  internals: PluginInternals,
): IdentityLoggerPlugin {
  const resolved = resolveOptions(options);
  const emit = createSink(resolved);
  const resolver =
    resolved.resolveUnknown === 'sts'
      ? new CallerIdentityResolver({
          lookup: internals.lookup ?? createStsLookup(resolved.stsClientConfig),
          maxEntries: 1_000,
          retryAfterMs: RETRY_AFTER_MS,
          now: Date.now,
        })
      : undefined;
  const identities = new IdentityCache(resolver, { retryAfterMs: RETRY_AFTER_MS, now: Date.now });
  const serviceNames = new Map<string, string>();
  const waiting = new Set<Promise<void>>();
  const spans = resolved.spanAttributes;

  function serviceOf(context: HandlerExecutionContext): string {
    const clientName = context.clientName ?? 'Unknown';
    let service = serviceNames.get(clientName);
    if (service === undefined) {
      service = serviceFromClientName(clientName);
      serviceNames.set(clientName, service);
    }
    return service;
  }

  /**
   * Builds and emits the record of an operation; `outcome` is the handler's result, or what it threw when
   * `failed`. Never throws: it must not fail the request it describes.
   */
  function complete(
    context: HandlerExecutionContext,
    operation: Operation,
    outcome: unknown,
    failed: boolean,
  ): void {
    try {
      buildAndEmit(context, operation, outcome, failed);
    } catch {
      // A record we cannot build is lost; the request's outcome stands.
    }
  }

  function buildAndEmit(
    context: HandlerExecutionContext,
    operation: Operation,
    outcome: unknown,
    failed: boolean,
  ): void {
    const { authorization, credentials } = operation;
    // Answered without sending anything (the S3 presigner, a caching middleware): not an AWS request.
    if (authorization === undefined && !failed) return;
    const metadata: Partial<ResponseMetadata> | undefined = failed
      ? (outcome as Partial<MetadataBearer> | null | undefined)?.$metadata
      : (outcome as { output?: Partial<MetadataBearer> } | undefined)?.output?.$metadata;
    const error = failed ? outcome : undefined;
    const durationMs = roundDuration(monotonicMs() - operation.started);
    const region = regionOf(operation.signingProperties, context, authorization);

    let identity: LoggedIdentity | Promise<LoggedIdentity> | null = null;
    let unsigned = false;
    let s3ExpressKey: string | undefined;
    const at = credentialIndex(authorization);
    if (authorization === null) {
      unsigned = true; // sent with no Authorization header, as `smithy.api#noAuth` operations are
    } else if (at >= 0) {
      const header = authorization as string;
      const key = credentials?.accessKeyId;
      if (key !== undefined && header.startsWith(key, at) && header.charCodeAt(at + key.length) === SLASH) {
        identity = identities.identityOf(credentials as AwsCredentialIdentity, region);
      } else {
        const session = operation.s3ExpressIdentity;
        const signedKey = signingScope(header)?.accessKeyId ?? '';
        if (session?.accessKeyId === signedKey && key !== undefined) {
          s3ExpressKey = signedKey;
          identity = identities.identityOf(credentials as AwsCredentialIdentity, region);
        } else {
          // Signed with a key whose credentials we never saw: say what the key itself tells.
          identity = unresolvedIdentity(signedKey);
        }
      }
    }

    const httpStatusCode = metadata?.httpStatusCode ?? null;
    const record: RecordInProgress = {
      event: 'aws.request',
      service: serviceOf(context),
      operation: operationName(context),
      region,
      identity: null,
      requestId: metadata?.requestId ?? null,
      httpStatusCode,
      attempts: metadata?.attempts ?? 0,
      durationMs,
    };
    if (unsigned) record.unsigned = true;
    if (failed) {
      const session = operation.s3ExpressIdentity;
      record.error = errorSummary(error, httpStatusCode, authorization !== undefined, [
        credentials?.secretAccessKey,
        credentials?.sessionToken,
        credentials?.accessKeyId,
        session?.secretAccessKey,
        session?.sessionToken,
      ]);
    }

    const { span } = operation;
    if (span !== undefined && unsigned) annotate(span, UNSIGNED_ATTRIBUTES);
    if (identity instanceof Promise) {
      const key = (credentials as AwsCredentialIdentity).accessKeyId;
      emitOnceResolved(record, identity, signedBy(unresolvedIdentity(key), s3ExpressKey), s3ExpressKey, span);
      return;
    }
    record.identity = identity === null ? null : signedBy(identity, s3ExpressKey);
    if (span !== undefined && record.identity !== null) annotate(span, identityAttributes(record.identity));
    emit(record);
  }

  /**
   * Emits `record` once the lookup of its identity ends. Apart from {@link buildAndEmit}, whose every call
   * would otherwise allocate the variables this callback keeps.
   */
  function emitOnceResolved(
    record: RecordInProgress,
    lookup: Promise<LoggedIdentity>,
    known: LoggedIdentity,
    s3ExpressKey: string | undefined,
    span: IdentitySpan | undefined,
  ): void {
    // The span ends with the operation, before the lookup: it gets what the key tells now, the rest if it
    // is still recording when the lookup ends.
    if (span !== undefined) annotate(span, identityAttributes(known));
    const done = lookup.then((resolvedIdentity) => {
      record.identity = signedBy(resolvedIdentity, s3ExpressKey);
      if (span !== undefined) annotate(span, identityAttributes(record.identity));
      waiting.delete(done);
      emit(record);
    });
    waiting.add(done);
  }

  const operationMiddleware: InitializeMiddleware<object, MetadataBearer> = (next, context) => (args) => {
    const operation: Operation = {
      started: monotonicMs(),
      authorization: undefined,
      credentials: undefined,
      signingProperties: undefined,
      s3ExpressIdentity: undefined,
      span: spans ? activeSpan() : undefined,
    };
    // Object.assign rather than a spread: on Node 20, V8 copies the arguments into a literal that already
    // holds the symbol in about 0.1 µs, where `{ ...args, [OPERATION]: operation }` takes about 1.6 µs.
    const carried: typeof args & OperationCarrier = Object.assign({ [OPERATION]: operation }, args);
    const outcome = next(carried);
    // Observed beside the caller rather than chained in front of it: the caller awaits the SDK's own
    // promise, one resolution step sooner, and this reaction still runs first (it was registered first).
    outcome.then(
      (result) => {
        complete(context, operation, result, false);
      },
      (error: unknown) => {
        complete(context, operation, error, true);
      },
    );
    return outcome;
  };

  const signedRequestMiddleware: FinalizeRequestMiddleware<object, MetadataBearer> =
    (next, context) => (args) => {
      const operation = (args as OperationCarrier)[OPERATION];
      if (operation !== undefined) {
        const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
        operation.authorization = headers?.authorization ?? headers?.Authorization ?? null;
        const scheme = (getSmithyContext(context) as SmithyContext).selectedHttpAuthScheme;
        operation.credentials = scheme?.identity;
        operation.signingProperties = scheme?.httpAuthOption.signingProperties;
        operation.s3ExpressIdentity = context.s3ExpressIdentity;
      }
      return next(args);
    };

  return {
    applyToStack(stack) {
      // Outermost: times the whole operation (credentials, retries) and sees its final outcome.
      stack.add(operationMiddleware, {
        name: OPERATION_MIDDLEWARE,
        step: 'initialize',
        priority: 'high',
        override: true,
        tags: ['IDENTITY_LOGGER'],
      });
      // After signing, once per attempt: retries are re-signed, so the last attempt's header is the truth.
      stack.add(signedRequestMiddleware, {
        name: SIGNED_REQUEST_MIDDLEWARE,
        step: 'finalizeRequest',
        priority: 'low',
        override: true,
        tags: ['IDENTITY_LOGGER'],
      });
    },
    async flush() {
      while (waiting.size > 0) await Promise.all(waiting);
    },
  };
}

/** The identity that signed: `found` itself, or one of its S3 Express bucket sessions (`s3ExpressKey`). */
function signedBy(found: LoggedIdentity, s3ExpressKey: string | undefined): LoggedIdentity {
  return s3ExpressKey === undefined ? found : viaS3ExpressSession(found, s3ExpressKey);
}

function regionOf(
  signingProperties: Record<string, unknown> | undefined,
  context: HandlerExecutionContext,
  authorization: string | null | undefined,
): string | null {
  const fromSigning = signingProperties?.signingRegion ?? signingProperties?.region;
  if (typeof fromSigning === 'string') return fromSigning;
  if (authorization != null) {
    const scoped = signingScope(authorization)?.region;
    if (scoped != null) return scoped;
  }
  const host = context.endpointV2?.url.hostname;
  return host === undefined ? null : regionOfHost(host);
}

/**
 * The region named in an AWS host name, read from the right: `sts.eu-west-1.amazonaws.com`,
 * `bucket.s3.eusc-de-east-1.amazonaws.eu`, `…amazonaws.com.cn`; null when no label is a region.
 */
function regionOfHost(host: string): string | null {
  const labels = host.split('.');
  for (let i = labels.length - 1; i >= 0; i--) {
    const label = labels[i];
    if (isRegion(label)) return label;
  }
  return null;
}

function operationName(context: HandlerExecutionContext): string {
  const operation = (getSmithyContext(context) as SmithyContext).operation;
  return operation ?? (context.commandName ?? 'Unknown').replace(/Command$/, '');
}
