import type { IdentityLogRecord } from './record';
import type { IdentityLogger } from './sink';
import type { LookupClientConfig } from './sts-lookup';

/** Options of {@link identityLoggerPlugin}. */
export interface IdentityLoggerOptions {
  /**
   * Where records are logged: any `{ debug, info, warn, error }` logger (pino, Powertools `Logger`, the
   * SDK's loggers, `console`). Default: `console`, unless only `onRecord` is given.
   */
  readonly logger?: IdentityLogger;
  /** Level of successful requests. Failures always log at `warn` (4xx, client) or `error` (5xx, network). Default `info`. */
  readonly level?: 'info' | 'debug';
  /** Called with every record, after the logger: metrics, custom sinks, tests. */
  readonly onRecord?: (record: IdentityLogRecord) => void;
  /**
   * Identities without rolechain metadata: `sts` (default) resolves each access key once with
   * `GetCallerIdentity`, off the request's path; `none` logs only the masked key and its account id.
   */
  readonly resolveUnknown?: 'sts' | 'none';
  /**
   * Configuration of the separate STS client that resolves unknown keys (`endpoint`, `requestHandler` for a
   * proxy, `region`, `maxAttempts`…). Default: the request's region, 2 attempts, short timeouts.
   */
  readonly stsClientConfig?: LookupClientConfig;
}

/** A bad option, named with the value received (options never hold secrets). */
export class IdentityLoggerOptionsError extends TypeError {
  override readonly name = 'IdentityLoggerOptionsError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`identityLoggerPlugin: option \`${field}\` must be ${expected}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

const KNOWN = new Set(['logger', 'level', 'onRecord', 'resolveUnknown', 'stsClientConfig']);
const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly logger: IdentityLogger | undefined;
  readonly level: 'info' | 'debug';
  readonly onRecord: ((record: IdentityLogRecord) => void) | undefined;
  readonly resolveUnknown: 'sts' | 'none';
  readonly stsClientConfig: LookupClientConfig | undefined;
}

/** Checks every option (unknown ones included, so a typo is not silently ignored) and applies defaults. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new IdentityLoggerOptionsError('options', options, 'an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      throw new IdentityLoggerOptionsError(
        key,
        (options as Record<string, unknown>)[key],
        'a known option (logger, level, onRecord, resolveUnknown, stsClientConfig)',
      );
  }
  const {
    logger,
    level = 'info',
    onRecord,
    resolveUnknown = 'sts',
    stsClientConfig,
  } = options as Record<string, unknown>;
  if (logger !== undefined) {
    if (typeof logger !== 'object' || logger === null) {
      throw new IdentityLoggerOptionsError(
        'logger',
        logger,
        'an object with debug, info, warn and error methods',
      );
    }
    for (const method of LOGGER_METHODS) {
      if (typeof (logger as Record<string, unknown>)[method] !== 'function') {
        throw new IdentityLoggerOptionsError(
          `logger.${method}`,
          (logger as Record<string, unknown>)[method],
          'a function',
        );
      }
    }
  }
  if (level !== 'info' && level !== 'debug')
    throw new IdentityLoggerOptionsError('level', level, "'info' or 'debug'");
  if (onRecord !== undefined && typeof onRecord !== 'function') {
    throw new IdentityLoggerOptionsError('onRecord', onRecord, 'a function');
  }
  if (resolveUnknown !== 'sts' && resolveUnknown !== 'none') {
    throw new IdentityLoggerOptionsError('resolveUnknown', resolveUnknown, "'sts' or 'none'");
  }
  if (stsClientConfig !== undefined) {
    if (typeof stsClientConfig !== 'object' || stsClientConfig === null || Array.isArray(stsClientConfig)) {
      throw new IdentityLoggerOptionsError(
        'stsClientConfig',
        stsClientConfig,
        'an STS client configuration object',
      );
    }
    if ('credentials' in stsClientConfig) {
      // Never echo credentials, not even into the error's `value`.
      throw new IdentityLoggerOptionsError(
        'stsClientConfig.credentials',
        '[redacted]',
        'absent (each key is resolved with its own credentials)',
      );
    }
    if (resolveUnknown === 'none') {
      throw new IdentityLoggerOptionsError(
        'stsClientConfig',
        stsClientConfig,
        "unset when resolveUnknown is 'none'",
      );
    }
  }
  return {
    logger: (logger as IdentityLogger | undefined) ?? (onRecord === undefined ? console : undefined),
    level,
    onRecord: onRecord as ((record: IdentityLogRecord) => void) | undefined,
    resolveUnknown,
    stsClientConfig: stsClientConfig,
  };
}
