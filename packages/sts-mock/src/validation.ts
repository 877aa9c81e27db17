import { StsServiceError } from './errors';

/** Parameters whose values are secrets: never echoed in messages or the calls log. */
export const secretParams: ReadonlySet<string> = new Set([
  'TokenCode',
  'WebIdentityToken',
  'SAMLAssertion',
  'TradeInToken',
]);

/** An integer as awsQuery sends one: decimal digits, optionally negative. */
const decimalInteger = /^-?\d{1,30}$/;

/** Constraint checks in the order STS reports them, with STS's own wording; then `error()` builds the reply. */
export class ParamValidator {
  private readonly failures: string[] = [];

  private fail(field: string, value: string | null, constraint: string): void {
    const shown = value === null ? 'null' : `'${value}'`;
    this.failures.push(`Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
  }

  /** A required member. */
  required(field: string, value: unknown): boolean {
    if (value === undefined) {
      this.fail(field, null, 'Member must not be null');
      return false;
    }
    return true;
  }

  /** Length and pattern of a string member; `secret` keeps the value out of the message. */
  string(
    field: string,
    value: string | undefined,
    rules: { min?: number; max?: number; pattern?: RegExp; patternText?: string; secret?: boolean },
  ): void {
    if (value === undefined) return;
    const shown = rules.secret === true ? '***' : value;
    const length = value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
    if (rules.min !== undefined && length < rules.min) {
      this.fail(field, shown, `Member must have length greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && length > rules.max) {
      this.fail(field, shown, `Member must have length less than or equal to ${rules.max}`);
    }
    if (rules.pattern !== undefined && !rules.pattern.test(value)) {
      this.fail(
        field,
        shown,
        `Member must satisfy regular expression pattern: ${rules.patternText ?? rules.pattern.source}`,
      );
    }
  }

  /**
   * An integer member within a range, in decimal digits with an optional `-` (not `1e3`, `0x384`, `900.0`,
   * `+900` or ` 900`, which JavaScript's `Number` would take); returns the number (or `undefined` when absent
   * or malformed).
   */
  integer(field: string, value: string | undefined, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!decimalInteger.test(value) || !Number.isSafeInteger(number)) {
      this.fail(field, value, 'Member must be an integer');
      return undefined;
    }
    if (number < min) this.fail(field, value, `Member must have value greater than or equal to ${min}`);
    if (number > max) this.fail(field, value, `Member must have value less than or equal to ${max}`);
    return number;
  }

  /** The number of items of a list member. */
  listLength(field: string, items: readonly unknown[] | undefined, max: number, shown: string): void {
    if (items !== undefined && items.length > max) {
      this.fail(field, shown, `Member must have length less than or equal to ${max}`);
    }
  }

  /** A list member with fewer than `min` items. */
  listMinimum(field: string, items: readonly unknown[] | undefined, min: number, shown: string): void {
    if (items !== undefined && items.length < min) {
      this.fail(field, shown, `Member must have length greater than or equal to ${min}`);
    }
  }

  /** A ValidationError with every failure, or `undefined` when all constraints hold. */
  error(): StsServiceError | undefined {
    const count = this.failures.length;
    if (count === 0) return undefined;
    return new StsServiceError(
      'ValidationError',
      400,
      `${count} validation error${count === 1 ? '' : 's'} detected: ${this.failures.join('; ')}`,
    );
  }
}

/** A ValidationError with a free-form message (the checks STS makes after the member constraints). */
export function validationError(message: string): StsServiceError {
  return new StsServiceError('ValidationError', 400, message);
}

/** STS member patterns, as the service model spells them (shown verbatim in messages). */
export const patterns = {
  roleSessionName: { pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  sourceIdentity: { pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  federatedUserName: { pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  externalId: { pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' },
  serialNumber: { pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*' },
  tokenCode: { pattern: /^\d*$/, patternText: '[\\d]*' },
  arn: {
    pattern: /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
    patternText:
      '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  },
  policy: {
    pattern: /^[\t\n\r\u0020-\u00FF]+$/,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  },
  tagKey: { pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' },
  tagValue: { pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' },
} as const;
