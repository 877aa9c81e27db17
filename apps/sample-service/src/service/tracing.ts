/**
 * Traces for the demo: a tracer provider recording spans in memory, the AsyncLocalStorage context manager,
 * and OpenTelemetry's AWS SDK instrumentation, so every SDK call gets a span and the identity logger puts the
 * signing identity on it (`rolechain.identity.*`). Opt-in and global (the instrumentation patches the SDK's
 * modules as they load): start it before anything imports the AWS SDK, and stop it when done.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

export interface DemoTracing {
  /** The spans finished so far, oldest first. */
  spans(): readonly ReadableSpan[];
  /** Unregisters the instrumentation, the tracer provider and the context manager. */
  stop(): Promise<void>;
}

export function startDemoTracing(): DemoTracing {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  const unregister = registerInstrumentations({
    instrumentations: [new AwsInstrumentation()],
    tracerProvider,
  });
  return {
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      unregister();
      await tracerProvider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
