// One operation a real client ran, replayed through a plugin's middlewares alone: no SDK stack around them,
// no serialization, signing or parsing. What a replay costs beyond the same replay through middlewares that
// do nothing is the plugin's own work, apart from what the SDK charges for each middleware it holds.
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { HandlerExecutionContext, MetadataBearer, MiddlewareStack, Pluggable } from '@smithy/types';

/** What one operation looked like where the plugin reads it: after signing, once the answer is parsed. */
export interface CapturedOperation {
  readonly context: HandlerExecutionContext;
  /** The signed request of the operation's last attempt. */
  readonly request: unknown;
  /** What the finalizeRequest step handed back: `{ output, response }`. */
  readonly result: unknown;
}

type Handler = (args: Record<string, unknown>) => Promise<unknown>;
type Middleware = (next: Handler, context: HandlerExecutionContext) => Handler;

/** A middleware and the step the plugin added it at. */
export interface StepMiddleware {
  readonly step: 'initialize' | 'finalizeRequest';
  readonly middleware: Middleware;
}

/**
 * The middlewares `plugin` adds, in the order it adds them. Only what a replay can place: `add` at the
 * initialize or finalizeRequest step; anything else is refused, so a plugin that changes shape cannot be
 * measured on a replay that no longer matches it.
 */
export function middlewaresOf(plugin: Pluggable<object, MetadataBearer>): StepMiddleware[] {
  const found: StepMiddleware[] = [];
  const refuse = (what: string): never => {
    throw new Error(`a replay cannot place ${what}`);
  };
  const recorder = {
    add: (middleware: Middleware, options: { step?: string } = {}) => {
      const step = options.step ?? 'initialize';
      if (step !== 'initialize' && step !== 'finalizeRequest') refuse(`a middleware at the ${step} step`);
      found.push({ step: step as StepMiddleware['step'], middleware });
    },
    addRelativeTo: () => refuse('a middleware placed relative to another'),
  };
  plugin.applyToStack(recorder as unknown as MiddlewareStack<object, MetadataBearer>);
  return found;
}

/** Middlewares that do nothing, at the same steps as `middlewares`: the replay's floor. */
export function noOpsLike(middlewares: readonly StepMiddleware[]): StepMiddleware[] {
  return middlewares.map(({ step }) => ({ step, middleware: (next) => (args) => next(args) }));
}

/**
 * A middleware for the end of the finalizeRequest step (after the signer) that hands each operation it sees,
 * with its answer, to `onCapture`.
 */
function captureMiddleware(onCapture: (captured: CapturedOperation) => void): Middleware {
  return (next, context) => async (args) => {
    const result = await next(args);
    onCapture({ context, request: args['request'], result });
    return result;
  };
}

/** Sends one GetCallerIdentity with `client` and captures it where a plugin's last middleware reads it. */
export async function captureOperation(client: STSClient): Promise<CapturedOperation> {
  let captured: CapturedOperation | undefined;
  client.middlewareStack.add(captureMiddleware((operation) => (captured = operation)) as never, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'benchCapture',
  });
  await client.send(new GetCallerIdentityCommand({}));
  if (captured === undefined) throw new Error('the capture middleware saw no operation');
  return captured;
}

/**
 * A function that runs `captured` once through `middlewares`: the initialize ones outermost, then the signed
 * request is set on the arguments as the serializer and signer would, then the finalizeRequest ones, then the
 * captured answer. The handlers are built once and reused, as a client with `cacheMiddleware: true` does.
 */
export function replayer(
  middlewares: readonly StepMiddleware[],
  captured: CapturedOperation,
): () => Promise<unknown> {
  const wrap = (step: StepMiddleware['step'], inner: Handler): Handler =>
    middlewares
      .filter((entry) => entry.step === step)
      .reduceRight<Handler>((next, entry) => entry.middleware(next, captured.context), inner);
  const finalize = wrap('finalizeRequest', () => Promise.resolve(captured.result));
  const operation = wrap('initialize', (args) => finalize({ ...args, request: captured.request }));
  return () => operation({ input: {} });
}
