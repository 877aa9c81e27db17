import type { IdentityLogRecord, RecordLevel } from './record';
import { recordLevel } from './record';

/**
 * The AWS SDK's `Logger` shape. pino, Powertools `Logger`, `console` and the SDK's own loggers all fit.
 */
export interface IdentityLogger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/** Where records go: a logger and/or a callback. */
export interface SinkOptions {
  readonly logger: IdentityLogger | undefined;
  readonly level: 'info' | 'debug';
  readonly onRecord: ((record: IdentityLogRecord) => void) | undefined;
}

/**
 * Powertools for AWS Lambda reserves `service` (its own service name) and drops that attribute with a
 * warning on every call; it also wants a `message`. Recognised by the methods only it has.
 */
function isPowertoolsLogger(logger: IdentityLogger): boolean {
  const candidate = logger as unknown as Record<string, unknown>;
  return typeof candidate.appendKeys === 'function' && typeof candidate.injectLambdaContext === 'function';
}

/** The record as Powertools takes it: `message` set, the AWS service under `awsService`. */
function forPowertools(record: IdentityLogRecord): Record<string, unknown> {
  const { service, ...rest } = record;
  return { message: record.event, awsService: service, ...rest };
}

function write(logger: IdentityLogger, level: RecordLevel, entry: unknown): void {
  switch (level) {
    case 'debug':
      logger.debug(entry);
      return;
    case 'info':
      logger.info(entry);
      return;
    case 'warn':
      logger.warn(entry);
      return;
    case 'error':
      logger.error(entry);
  }
}

/**
 * A function delivering a record to the logger (one structured object per call, which pino, Powertools
 * and console all render as fields) and to `onRecord`. It never throws: a failing logger or callback must
 * not fail the request being logged.
 */
export function createSink(options: SinkOptions): (record: IdentityLogRecord) => void {
  const { logger, level, onRecord } = options;
  const powertools = logger !== undefined && isPowertoolsLogger(logger);
  let warned = false;
  const report = (where: string, error: unknown): void => {
    if (warned) return;
    warned = true;
    // Name only: the thrower's message is not ours to vouch for.
    const name = error instanceof Error ? error.name : typeof error;
    process.emitWarning(
      `@rolechain/identity-logger: the ${where} threw (${name}); records it rejects are lost`,
    );
  };
  return (record) => {
    if (logger !== undefined) {
      try {
        write(logger, recordLevel(record, level), powertools ? forPowertools(record) : record);
      } catch (error) {
        report('logger', error);
      }
    }
    if (onRecord !== undefined) {
      try {
        onRecord(record);
      } catch (error) {
        report('onRecord callback', error);
      }
    }
  };
}
