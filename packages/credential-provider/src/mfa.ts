import { RoleChainConfigError } from './errors';
import type { MfaOptions } from './options';

/** Why no usable MFA code could be obtained. */
export type MfaFailureCode = 'MfaTokenTimeout' | 'MfaTokenUnavailable' | 'MfaTokenReused';

/** No usable MFA code: the chain wraps it into a `RoleChainError` with the same `code`. */
export class MfaTokenError extends Error {
  override readonly name = 'MfaTokenError';
  readonly code: MfaFailureCode;

  constructor(code: MfaFailureCode, message: string, options?: { cause: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const TOKEN_CODE = /^\d{6}$/;

/** Prompts in progress per `tokenCode` function: one prompt at a time, even across providers. */
const promptQueues = new WeakMap<object, Promise<void>>();
/** The last code sent per MFA device in this process: STS accepts each code once. */
const lastCodeByDevice = new Map<string, string>();

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, serialNumber: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new MfaTokenError('MfaTokenTimeout', `no MFA code for ${serialNumber} within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(
          new MfaTokenError('MfaTokenUnavailable', `tokenCode for ${serialNumber} failed`, { cause: error }),
        );
      },
    );
  });
}

const ignore = (): void => undefined;

/**
 * Asks for a fresh MFA code: after any prompt already running for the same `tokenCode` function, bounded by
 * `timeoutMs` (a typed error, never a hang), checked for shape (6 digits) and against the last code sent for
 * the device. The code is returned to the caller only; it never appears in an error.
 */
export async function askTokenCode(mfa: Required<MfaOptions>, hop: number, field: string): Promise<string> {
  const previous = promptQueues.get(mfa.tokenCode) ?? Promise.resolve();
  const ask = previous.then(() =>
    withTimeout(
      new Promise<unknown>((resolve) => {
        resolve(mfa.tokenCode());
      }),
      mfa.timeoutMs,
      mfa.serialNumber,
    ),
  );
  const settled = ask.then(ignore, ignore);
  promptQueues.set(mfa.tokenCode, settled);
  let code: unknown;
  try {
    code = await ask;
  } finally {
    if (promptQueues.get(mfa.tokenCode) === settled) promptQueues.delete(mfa.tokenCode);
  }
  if (typeof code !== 'string' || !TOKEN_CODE.test(code)) {
    const shape = typeof code === 'string' ? `${code.length} characters` : typeof code;
    throw new RoleChainConfigError(
      `${field}.tokenCode`,
      `must resolve 6 digits, got ${shape} (value hidden)`,
      hop,
    );
  }
  if (lastCodeByDevice.get(mfa.serialNumber) === code) {
    throw new MfaTokenError(
      'MfaTokenReused',
      `tokenCode for ${mfa.serialNumber} returned the code already used; STS accepts each code once — wait for the next one`,
    );
  }
  lastCodeByDevice.set(mfa.serialNumber, code);
  return code;
}
