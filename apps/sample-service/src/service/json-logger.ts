/**
 * A logger in the AWS SDK's `{ debug, info, warn, error }` shape that writes one JSON line per call, the
 * level first: what the identity logger and the credential provider are given, and what a log pipeline
 * reads. Structured content (an object) becomes the line's fields; anything else goes under `message`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface JsonLogger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

function fields(content: readonly unknown[]): Record<string, unknown> {
  const [first, ...rest] = content;
  if (content.length === 1 && typeof first === 'object' && first !== null && !Array.isArray(first)) {
    return first as Record<string, unknown>;
  }
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    return { ...(first as Record<string, unknown>), message: rest.map(String).join(' ') };
  }
  return {
    message: content.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '),
  };
}

/** Writes each call as `{"level":…,…fields}` through `write` (one line, no trailing newline). */
export function createJsonLogger(
  write: (line: string, level: LogLevel) => void,
  minimum: LogLevel = 'info',
): JsonLogger {
  const order: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const at =
    (level: LogLevel) =>
    (...content: unknown[]): void => {
      if (order.indexOf(level) < order.indexOf(minimum)) return;
      write(JSON.stringify({ level, ...fields(content) }), level);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
