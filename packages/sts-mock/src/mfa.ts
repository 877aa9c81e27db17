// Virtual MFA devices: TOTP (RFC 6238) codes from a secret seed, HMAC-SHA1, 30-second steps, 6 digits,
// the way IAM virtual MFA devices and authenticator apps compute them. Each code is accepted once.
import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeBase32, encodeBase32 } from './base32';
import { StsMockInputError } from './errors';

/** Outcome of checking a code: accepted, wrong (or outside the clock window), or already used. */
export type MfaVerification = 'ok' | 'invalid' | 'reused';

/** Options for {@link createVirtualMfaDevice}. */
export interface VirtualMfaDeviceOptions {
  /** The device's serial number, an ARN such as `arn:aws:iam::111111111111:mfa/alice`. */
  serialNumber: string;
  /** The secret seed in Base32 (as IAM's `Base32StringSeed`); a random 160-bit seed when omitted. */
  base32Seed?: string;
}

/** A virtual MFA device. Its seed and codes never appear in `util.inspect`, `JSON.stringify` or errors. */
export interface VirtualMfaDevice {
  readonly serialNumber: string;
  /** The secret seed in Base32, to load into an authenticator library under test. */
  readonly base32Seed: string;
  /** The 6-digit code the device shows at `at`. */
  code(at: Date): string;
  /**
   * Checks a code at `at`. Codes of the current 30-second step and the one before or after are accepted
   * (the clock drift real devices have); a code that was accepted once is `'reused'` from then on.
   */
  verify(code: string, at: Date): MfaVerification;
}

const stepSeconds = 30;
const digits = 6;
/** Steps either side of the current one that still count, for clock drift between device and server. */
const driftSteps = 1;

/** Creates a virtual MFA device; throws {@link StsMockInputError} for a bad serial number or seed. */
export function createVirtualMfaDevice(options: VirtualMfaDeviceOptions): VirtualMfaDevice {
  const { serialNumber, base32Seed } = options;
  if (typeof serialNumber !== 'string' || !/^[\w+=/:,.@-]{9,256}$/.test(serialNumber)) {
    throw new StsMockInputError(
      'serialNumber',
      `${JSON.stringify(serialNumber)} is not an MFA serial number (9 to 256 characters of [\\w+=/:,.@-])`,
    );
  }
  const seed = base32Seed === undefined ? randomBytes(20) : decodeSeed(base32Seed);
  return new Device(serialNumber, seed);
}

class Device implements VirtualMfaDevice {
  readonly serialNumber: string;
  readonly #seed: Buffer;
  readonly #usedSteps = new Set<number>();

  constructor(serialNumber: string, seed: Buffer) {
    this.serialNumber = serialNumber;
    this.#seed = seed;
  }

  get base32Seed(): string {
    return encodeBase32(this.#seed);
  }

  code(at: Date): string {
    return totp(this.#seed, stepOf(at));
  }

  verify(code: string, at: Date): MfaVerification {
    if (!/^\d{6}$/.test(code)) return 'invalid';
    const current = stepOf(at);
    for (let step = current - driftSteps; step <= current + driftSteps; step++) {
      if (totp(this.#seed, step) !== code) continue;
      if (this.#usedSteps.has(step)) return 'reused';
      this.#usedSteps.add(step);
      return 'ok';
    }
    return 'invalid';
  }

  toJSON(): { serialNumber: string } {
    return { serialNumber: this.serialNumber };
  }

  [inspect.custom](): string {
    return `VirtualMfaDevice { serialNumber: '${this.serialNumber}' }`;
  }
}

function stepOf(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new StsMockInputError('at', 'is an invalid Date');
  return Math.floor(ms / 1000 / stepSeconds);
}

/** RFC 4226 HOTP of the step counter, truncated to 6 digits (RFC 6238 TOTP with HMAC-SHA1). */
function totp(seed: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', seed).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function decodeSeed(value: unknown): Buffer {
  // The message never repeats the value: it is a secret.
  const invalid = (): never => {
    throw new StsMockInputError('base32Seed', 'must be a Base32 string (A-Z, 2-7) of at least 16 characters');
  };
  if (typeof value !== 'string') return invalid();
  const text = value.replace(/[\s=]/g, '').toUpperCase();
  if (text.length < 16) invalid();
  return decodeBase32(text) ?? invalid();
}
