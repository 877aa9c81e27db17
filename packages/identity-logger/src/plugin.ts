import type {
  AwsCredentialIdentity,
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  InitializeMiddleware,
  MetadataBearer,
  Pluggable,
  ResponseMetadata,
} from '@smithy/types';
import { getSmithyContext } from '@smithy/util-middleware';
import { readAssumedIdentity } from './assumed-identity';
import { credentialIndex, signingScope } from './authorization';
import { CallerIdentityResolver, type CallerIdentityLookup } from './caller-identity-resolver';
import {
  identityFromAssumed,
  unresolvedIdentity,
  viaS3ExpressSession,
  type LoggedIdentity,
} from './identity';
import { resolveOptions, type IdentityLoggerOptions } from './options';
import { errorSummary, roundDuration, serviceFromClientName, type IdentityLogRecord } from './record';
import { createSink } from './sink';
import { createStsLookup } from './sts-lookup';

/** Middleware names: adding the plugin again (to the client, or to a command) replaces, never doubles. */
const OPERATION_MIDDLEWARE = 'rolechainIdentityLoggerMiddleware';
const SIGNED_REQUEST_MIDDLEWARE = 'rolechainIdentityLoggerSignedRequestMiddleware';

/**
 * Per operation, the `Authorization` header of the last attempt sent: a string, null when it went
 * unsigned, absent when nothing was sent. A private symbol, so it cannot collide with any context member.
 */
const LAST_AUTHORIZATION = Symbol('@rolechain/identity-logger/last-authorization');

interface LoggerContext extends HandlerExecutionContext {
  [LAST_AUTHORIZATION]?: string | null;
}

const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
/** `sts.eu-west-1.amazonaws.com`, `bucket.s3.eu-west-1.amazonaws.com.cn`… */
const HOST_REGION = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
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
          retryAfterMs: 5 * 60_000,
          now: Date.now,
        })
      : undefined;
  /** Identities already worked out, per credentials object (the SDK reuses it until it refreshes). */
  const byCredentials = new WeakMap<object, LoggedIdentity>();
  const serviceNames = new Map<string, string>();
  const waiting = new Set<Promise<void>>();

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
   * The identity behind `credentials` when known now; otherwise a promise of it (lookup under way).
   */
  function identityOf(
    credentials: AwsCredentialIdentity,
    region: string | null,
  ): LoggedIdentity | Promise<LoggedIdentity> {
    const cached = byCredentials.get(credentials);
    if (cached !== undefined) return cached;
    const assumed = readAssumedIdentity(credentials);
    let identity: LoggedIdentity | undefined;
    if (assumed !== undefined) {
      identity = identityFromAssumed(assumed, credentials.accessKeyId);
      // The provider fills the base identity's ARN in the background: until then, read it afresh each time.
      if (assumed.sourceArn === undefined) return identity;
    } else if (resolver === undefined) identity = unresolvedIdentity(credentials.accessKeyId);
    else {
      identity = resolver.known(credentials.accessKeyId);
      if (identity === undefined) {
        return resolver.resolve(
          credentials,
          region !== null && REGION_PATTERN.test(region) ? region : 'us-east-1',
        );
      }
      if (identity.resolvedBy === 'none') return identity; // a failed lookup: retried later, not cached here
    }
    byCredentials.set(credentials, identity);
    return identity;
  }

  /**
   * Builds and emits the record of an operation; `outcome` is the handler's result, or what it threw when
   * `failed`. Never throws: it must not fail the request it describes.
   */
  function complete(context: LoggerContext, started: number, outcome: unknown, failed: boolean): void {
    try {
      buildAndEmit(context, started, outcome, failed);
    } catch {
      // A record we cannot build is lost; the request's outcome stands.
    }
  }

  function buildAndEmit(context: LoggerContext, started: number, outcome: unknown, failed: boolean): void {
    const authorization = context[LAST_AUTHORIZATION];
    // Answered without sending anything (the S3 presigner, a caching middleware): not an AWS request.
    if (authorization === undefined && !failed) return;
    const metadata: Partial<ResponseMetadata> | undefined = failed
      ? (outcome as Partial<MetadataBearer> | null | undefined)?.$metadata
      : (outcome as { output?: Partial<MetadataBearer> } | undefined)?.output?.$metadata;
    const error = failed ? outcome : undefined;
    const durationMs = roundDuration(performance.now() - started);
    const smithy = getSmithyContext(context) as NonNullable<HandlerExecutionContext['__smithy_context']>;
    const scheme = smithy.selectedHttpAuthScheme;
    const signingProperties = scheme?.httpAuthOption.signingProperties;
    const credentials = scheme?.identity as Partial<AwsCredentialIdentity> | undefined;
    const region = regionOf(signingProperties, context, authorization);

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
        identity = identityOf(credentials as AwsCredentialIdentity, region);
      } else {
        const session = context.s3ExpressIdentity as Partial<AwsCredentialIdentity> | undefined;
        const signedKey = signingScope(header)?.accessKeyId ?? '';
        if (session?.accessKeyId === signedKey && key !== undefined) {
          s3ExpressKey = signedKey;
          identity = identityOf(credentials as AwsCredentialIdentity, region);
        } else {
          // Signed with a key whose credentials we never saw: say what the key itself tells.
          identity = unresolvedIdentity(signedKey);
        }
      }
    }

    const httpStatusCode = metadata?.httpStatusCode ?? null;
    const record: { -readonly [K in keyof IdentityLogRecord]: IdentityLogRecord[K] } = {
      event: 'aws.request',
      service: serviceOf(context),
      operation: smithy.operation ?? (context.commandName ?? 'Unknown').replace(/Command$/, ''),
      region,
      identity: null,
      requestId: metadata?.requestId ?? null,
      httpStatusCode,
      attempts: metadata?.attempts ?? 0,
      durationMs,
    };
    if (unsigned) record.unsigned = true;
    if (failed) {
      const session = context.s3ExpressIdentity as Partial<AwsCredentialIdentity> | undefined;
      record.error = errorSummary(error, httpStatusCode, authorization !== undefined, [
        credentials?.secretAccessKey,
        credentials?.sessionToken,
        credentials?.accessKeyId,
        session?.secretAccessKey,
        session?.sessionToken,
      ]);
    }

    if (identity instanceof Promise) {
      const done = identity.then((resolvedIdentity) => {
        record.identity =
          s3ExpressKey === undefined ? resolvedIdentity : viaS3ExpressSession(resolvedIdentity, s3ExpressKey);
        waiting.delete(done);
        emit(record);
      });
      waiting.add(done);
      return;
    }
    record.identity =
      identity !== null && s3ExpressKey !== undefined
        ? viaS3ExpressSession(identity, s3ExpressKey)
        : identity;
    emit(record);
  }

  const operationMiddleware: InitializeMiddleware<object, MetadataBearer> =
    (next, context) => async (args) => {
      const started = performance.now();
      let result;
      try {
        result = await next(args);
      } catch (error) {
        complete(context, started, error, true);
        throw error;
      }
      complete(context, started, result, false);
      return result;
    };

  const signedRequestMiddleware: FinalizeRequestMiddleware<object, MetadataBearer> =
    (next, context) => (args) => {
      const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
      (context as LoggerContext)[LAST_AUTHORIZATION] =
        headers?.authorization ?? headers?.Authorization ?? null;
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
  return host === undefined ? null : (HOST_REGION.exec(host)?.[1] ?? null);
}
