import { StsMockInputError, faultError, shown, statusForCode } from './errors';
import { checkKnownKeys } from './known-keys';
import { roleArnPattern } from './role-session';
import type { StsServiceError } from './errors';

/** The longest delay a Node timer can hold (2^31 − 1 ms, about 24.8 days). */
const maxTimerMs = 2 ** 31 - 1;

/** A fault to inject into matching STS calls (all calls when `action` is absent). */
export interface StsFault {
  /** Only calls to this action, e.g. `'AssumeRole'`. */
  readonly action?: string;
  /**
   * Only calls whose `RoleArn` parameter is this role (AssumeRole, AssumeRoleWithWebIdentity,
   * AssumeRoleWithSAML): one hop of a role chain, say.
   */
  readonly roleArn?: string;
  /** Answer with this STS error code (`Throttling`, `InternalFailure`, `ServiceUnavailable`, …) at its real HTTP status. */
  readonly error?: string;
  /** Message for `error`; a realistic default otherwise. */
  readonly message?: string;
  /** HTTP status for an `error` code the mock does not know. */
  readonly status?: number;
  /** Wait this long (timer based, so `vi.useFakeTimers()` controls it) before answering. */
  readonly delayMs?: number;
  /** Fail the connection instead of answering (msw's network error; a reset socket for `listen()`). */
  readonly networkError?: boolean;
  /** How many matching calls the fault applies to; unlimited until `reset()` when absent. */
  readonly times?: number;
}

/** A fault taken for one call. */
export interface AppliedFault {
  readonly delayMs: number;
  readonly networkError: boolean;
  readonly error: StsServiceError | undefined;
}

interface ArmedFault {
  readonly fault: StsFault;
  remaining: number;
}

const faultKeys = Object.keys({
  action: 0,
  roleArn: 0,
  error: 0,
  message: 0,
  status: 0,
  delayMs: 0,
  networkError: 0,
  times: 0,
} satisfies Record<keyof StsFault, 0>);

function checkFault(fault: StsFault): void {
  checkKnownKeys(fault, faultKeys, { call: 'inject()', param: 'fault', prefix: 'fault.' });
  if (fault.action !== undefined && (typeof fault.action !== 'string' || !/^[A-Za-z]+$/.test(fault.action))) {
    throw new StsMockInputError('fault.action', `'${shown(fault.action)}' is not an STS action name`);
  }
  if (
    fault.roleArn !== undefined &&
    (typeof fault.roleArn !== 'string' || !roleArnPattern.test(fault.roleArn))
  ) {
    throw new StsMockInputError('fault.roleArn', `'${shown(fault.roleArn)}' is not a role ARN`);
  }
  if (fault.error !== undefined) {
    if (typeof fault.error !== 'string' || !/^[A-Za-z.]+$/.test(fault.error)) {
      throw new StsMockInputError('fault.error', `'${shown(fault.error)}' is not an error code`);
    }
    if (statusForCode(fault.error) === undefined && fault.status === undefined) {
      throw new StsMockInputError(
        'fault.error',
        `'${fault.error}' is not a code the mock knows the HTTP status of; pass fault.status too`,
      );
    }
  }
  if (
    fault.status !== undefined &&
    (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599)
  ) {
    throw new StsMockInputError(
      'fault.status',
      `${shown(fault.status)} is not an HTTP error status (400-599)`,
    );
  }
  if (fault.delayMs !== undefined && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
    throw new StsMockInputError('fault.delayMs', `${shown(fault.delayMs)} is not a non-negative number`);
  }
  if (fault.delayMs !== undefined && fault.delayMs > maxTimerMs) {
    // A longer timer fires at once (Node's TimeoutOverflowWarning): the delay would silently vanish.
    throw new StsMockInputError(
      'fault.delayMs',
      `${shown(fault.delayMs)} is more than ${maxTimerMs}, the longest a Node timer can wait`,
    );
  }
  if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
    throw new StsMockInputError('fault.times', `${shown(fault.times)} is not a positive integer`);
  }
  if (fault.message !== undefined && fault.error === undefined) {
    throw new StsMockInputError('fault.message', 'only applies together with fault.error');
  }
  if (fault.status !== undefined && fault.error === undefined) {
    throw new StsMockInputError('fault.status', 'only applies together with fault.error');
  }
  if (fault.networkError === true && fault.error !== undefined) {
    throw new StsMockInputError('fault.networkError', 'cannot be combined with fault.error');
  }
  if (fault.error === undefined && fault.delayMs === undefined && fault.networkError !== true) {
    throw new StsMockInputError('fault', 'give at least one of error, delayMs or networkError');
  }
}

/** Armed faults, first match wins; each use counts against `times`. */
export class FaultList {
  private armed: ArmedFault[] = [];

  add(fault: StsFault): void {
    checkFault(fault);
    this.armed.push({ fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** Takes the first fault for `action` with that `RoleArn` parameter, if any. */
  take(action: string, roleArn: string | undefined): AppliedFault | undefined {
    if (this.armed.length === 0) return undefined;
    const index = this.armed.findIndex(
      ({ fault }) =>
        (fault.action === undefined || fault.action === action) &&
        (fault.roleArn === undefined || fault.roleArn === roleArn),
    );
    const entry = this.armed[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    const { fault } = entry;
    return {
      delayMs: fault.delayMs ?? 0,
      networkError: fault.networkError === true,
      error: fault.error === undefined ? undefined : faultError(fault.error, fault.message, fault.status),
    };
  }

  clear(): void {
    this.armed = [];
  }
}
