import {
  configErrorMessage,
  findUnknownKey,
  isMaxAttempts,
  isRegion,
  kindOf,
  knownKeys,
  MAX_ATTEMPTS_RULE,
  REGION_RULE,
  showValue,
  unknownKeyProblem,
} from '@rolechain/aws-rules';
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
  /**
   * Whether to set the signing identity on the OpenTelemetry span active during each operation — the AWS
   * SDK instrumentation's when it runs — when the application uses `@opentelemetry/api`. Default `true`.
   */
  readonly spanAttributes?: boolean;
}

/**
 * A bad option: names the option and what it must be, and describes the value only by its kind (`a string`,
 * `an object`). The value itself is never in the message nor on the error: an option given by mistake may
 * hold a secret (`credentials`, a key under a misspelt name).
 */
export class IdentityLoggerOptionsError extends TypeError {
  override readonly name = 'IdentityLoggerOptionsError';
  /** The option, e.g. `level` or `logger.debug`. */
  readonly field: string;
  /** What is wrong with it, without the field. */
  readonly problem: string;

  constructor(field: string, problem: string) {
    super(configErrorMessage(field, problem, 'identityLoggerPlugin'));
    this.field = field;
    this.problem = problem;
  }
}

const KNOWN = knownKeys<IdentityLoggerOptions>({
  logger: true,
  level: true,
  onRecord: true,
  resolveUnknown: true,
  stsClientConfig: true,
  spanAttributes: true,
});
const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly logger: IdentityLogger | undefined;
  readonly level: 'info' | 'debug';
  readonly onRecord: ((record: IdentityLogRecord) => void) | undefined;
  readonly resolveUnknown: 'sts' | 'none';
  readonly stsClientConfig: LookupClientConfig | undefined;
  readonly spanAttributes: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(field: string, expected: string, value: unknown): never {
  throw new IdentityLoggerOptionsError(field, `must be ${expected}, got ${kindOf(value)}`);
}

function check(options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (!isObject(options)) return refuse('options', 'an object', options);
  const unknown = findUnknownKey(options, KNOWN);
  if (unknown !== undefined) {
    throw new IdentityLoggerOptionsError(unknown.key, unknownKeyProblem(unknown, KNOWN));
  }
  const {
    logger,
    level = 'info',
    onRecord,
    resolveUnknown = 'sts',
    stsClientConfig,
    spanAttributes = true,
  } = options;
  if (logger !== undefined) {
    if (typeof logger !== 'object' || logger === null) {
      refuse('logger', 'an object with debug, info, warn and error methods', logger);
    }
    for (const method of LOGGER_METHODS) {
      const fn = (logger as Record<string, unknown>)[method];
      if (typeof fn !== 'function') refuse(`logger.${method}`, 'a function', fn);
    }
  }
  if (level !== 'info' && level !== 'debug') refuse('level', "'info' or 'debug'", level);
  if (onRecord !== undefined && typeof onRecord !== 'function') refuse('onRecord', 'a function', onRecord);
  if (typeof spanAttributes !== 'boolean') refuse('spanAttributes', 'true or false', spanAttributes);
  if (resolveUnknown !== 'sts' && resolveUnknown !== 'none') {
    refuse('resolveUnknown', "'sts' or 'none'", resolveUnknown);
  }
  if (stsClientConfig !== undefined) {
    if (!isObject(stsClientConfig)) {
      refuse('stsClientConfig', 'an STS client configuration object', stsClientConfig);
    }
    if (Object.hasOwn(stsClientConfig, 'credentials')) {
      throw new IdentityLoggerOptionsError(
        'stsClientConfig.credentials',
        'must be absent: each key is resolved with its own credentials',
      );
    }
    if (resolveUnknown === 'none') {
      throw new IdentityLoggerOptionsError('stsClientConfig', "must be unset when resolveUnknown is 'none'");
    }
    // A region the provider would refuse is refused here too (one rule, aws-rules'); the SDK also takes a
    // function that returns one, which only the lookup can call.
    const region = Object.hasOwn(stsClientConfig, 'region') ? stsClientConfig['region'] : undefined;
    if (region !== undefined && typeof region !== 'function' && !isRegion(region)) {
      refuse('stsClientConfig.region', REGION_RULE, region);
    }
    // As the provider's: NaN, Infinity, 0 or a fraction would make the lookup retry never or without end.
    const maxAttempts = Object.hasOwn(stsClientConfig, 'maxAttempts')
      ? stsClientConfig['maxAttempts']
      : undefined;
    if (maxAttempts !== undefined && !isMaxAttempts(maxAttempts)) {
      throw new IdentityLoggerOptionsError(
        'stsClientConfig.maxAttempts',
        `must be ${MAX_ATTEMPTS_RULE}, got ${showValue(maxAttempts)}`,
      );
    }
  }
  return {
    logger: (logger as IdentityLogger | undefined) ?? (onRecord === undefined ? console : undefined),
    level,
    onRecord: onRecord as ((record: IdentityLogRecord) => void) | undefined,
    resolveUnknown,
    stsClientConfig,
    spanAttributes,
  };
}

/**
 * Checks every option (unknown ones included, so a typo is not silently ignored) and applies defaults.
 * Only {@link IdentityLoggerOptionsError} escapes: options whose getters or proxy traps throw are refused
 * without repeating what they threw.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  try {
    return check(options);
  } catch (error) {
    if (error instanceof IdentityLoggerOptionsError) throw error;
    throw new IdentityLoggerOptionsError('options', 'could not be read: a getter or proxy trap threw');
  }
}
