import { INSPECT_CUSTOM, type Inspect } from './inspect';

/**
 * A configuration problem found before any network call: names the hop (1-based, when the field belongs to
 * one), the field and the offending value — never a secret.
 */
export class RoleChainConfigError extends TypeError {
  override readonly name = 'RoleChainConfigError';
  /** 1-based hop the field belongs to; `undefined` for provider-wide options. */
  readonly hop: number | undefined;
  /** The option path, e.g. `roles[1].durationSeconds` or `profile "dev" role_arn`. */
  readonly field: string;
  /** What is wrong with the field, without the hop and field prefix. */
  readonly problem: string;

  constructor(field: string, problem: string, hop?: number) {
    super(`${hop === undefined ? '' : `hop ${hop}: `}${field}: ${problem}`);
    this.hop = hop;
    this.field = field;
    this.problem = problem;
  }
}

/** What a {@link RoleChainError} carries besides its message. */
export interface RoleChainErrorDetails {
  /** 1-based hop that failed; 0 when the source credentials could not be obtained. */
  hop: number;
  /** Number of hops in the chain. */
  hops: number;
  /** Role ARN of the failing hop; `undefined` for the source. */
  roleArn: string | undefined;
  /** STS error code (`AccessDenied`, `Throttling`…) or our own (`MfaTokenTimeout`…). */
  code: string;
  /** STS request id when STS answered. */
  requestId: string | undefined;
  /** Whether the failure is transient (throttling, 5xx, network, timeout). */
  retryable: boolean;
  /** Secret-free text of what went wrong. */
  detail: string;
  cause?: unknown;
}

const chainingHint =
  ' (hint: a role assumed with session credentials — every hop after the first, and the first when the ' +
  'source has a session token — can last at most 3600 s; lower durationSeconds or leave it unset)';
const maxSessionHint =
  " (hint: durationSeconds is larger than the role's MaxSessionDuration; lower it or raise the role's limit)";

function hintFor(detail: string): string {
  if (detail.includes('role chaining')) return chainingHint;
  if (detail.includes('MaxSessionDuration')) return maxSessionHint;
  return '';
}

/**
 * A hop of the chain failed. The message reads `hop 2 of 3 (arn:aws:iam::333333333333:role/b): AccessDenied: …`
 * and never contains a secret; `util.inspect` and `JSON.stringify` show only secret-free fields.
 */
export class RoleChainError extends Error {
  override readonly name = 'RoleChainError';
  readonly hop: number;
  readonly hops: number;
  readonly roleArn: string | undefined;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryable: boolean;

  constructor(details: RoleChainErrorDetails) {
    const where =
      details.hop === 0
        ? `source credentials (before hop 1 of ${details.hops})`
        : `hop ${details.hop} of ${details.hops} (${details.roleArn ?? 'unknown role'})`;
    super(
      `${where}: ${details.code}: ${details.detail}${hintFor(details.detail)}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.hop = details.hop;
    this.hops = details.hops;
    this.roleArn = details.roleArn;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
  }

  /** The fields that say what failed and where; none of them can hold a secret. */
  private details(): Record<string, unknown> {
    return {
      hop: this.hop,
      hops: this.hops,
      roleArn: this.roleArn,
      code: this.code,
      requestId: this.requestId,
      retryable: this.retryable,
    };
  }

  /** Secret-free fields only. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...this.details() };
  }

  static {
    // util.inspect shows the stack and the fields; the cause only by name and (already scrubbed) message, never
    // its internals. Set here rather than declared as a method so the public type needs no `node:util` symbol.
    Object.defineProperty(this.prototype, INSPECT_CUSTOM, {
      value(this: RoleChainError, _depth: number, _options: unknown, inspect: Inspect): string {
        const cause = this.cause instanceof Error ? `\n  [cause]: ${this.cause.name}` : '';
        return `${this.stack ?? this.message}\n  ${inspect(this.details(), { breakLength: Infinity })}${cause}`;
      },
      writable: true,
      configurable: true,
    });
  }
}
