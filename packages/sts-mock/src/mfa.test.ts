import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { createVirtualMfaDevice } from './mfa';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII bytes "12345678901234567890".
const rfcSeed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const serialNumber = 'arn:aws:iam::111111111111:mfa/alice';

function at(epochSeconds: number): Date {
  return new Date(epochSeconds * 1000);
}

describe('codes', () => {
  test.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('matches the RFC 6238 SHA-1 test vector at T=%i (last six digits)', (seconds, expected) => {
    const device = createVirtualMfaDevice({ serialNumber, base32Seed: rfcSeed });
    expect(device.code(at(seconds))).toBe(expected);
  });

  test('the code changes every 30 seconds, on step boundaries', () => {
    const device = createVirtualMfaDevice({ serialNumber });
    expect(device.code(at(1_800_000_000))).toBe(device.code(at(1_800_000_029)));
    expect(device.code(at(1_800_000_030))).not.toBe(device.code(at(1_800_000_029)));
  });

  test('a given seed round-trips (lower case, padding and spaces are tolerated)', () => {
    const device = createVirtualMfaDevice({
      serialNumber,
      base32Seed: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq====',
    });
    expect(device.base32Seed).toBe(rfcSeed);
    expect(device.code(at(59))).toBe('287082');
  });

  test('a random seed is 160 bits, different per device', () => {
    const a = createVirtualMfaDevice({ serialNumber });
    const b = createVirtualMfaDevice({ serialNumber });
    expect(a.base32Seed).toMatch(/^[A-Z2-7]{32}$/);
    expect(a.base32Seed).not.toBe(b.base32Seed);
  });
});

describe('verify', () => {
  const now = at(1_800_000_000);

  test('accepts the current code once, then reports it reused', () => {
    const device = createVirtualMfaDevice({ serialNumber });
    const code = device.code(now);
    expect(device.verify(code, now)).toBe('ok');
    expect(device.verify(code, now)).toBe('reused');
    expect(device.verify(code, new Date(now.getTime() + 10_000))).toBe('reused');
  });

  test('the next step has a fresh code that is accepted', () => {
    const device = createVirtualMfaDevice({ serialNumber });
    expect(device.verify(device.code(now), now)).toBe('ok');
    const later = new Date(now.getTime() + 30_000);
    expect(device.verify(device.code(later), later)).toBe('ok');
  });

  test('tolerates one step of drift either way, not two', () => {
    const device = createVirtualMfaDevice({ serialNumber });
    const step = 30_000;
    expect(device.verify(device.code(new Date(now.getTime() - step)), now)).toBe('ok');
    expect(device.verify(device.code(new Date(now.getTime() + step)), now)).toBe('ok');
    expect(device.verify(device.code(new Date(now.getTime() - 2 * step)), now)).toBe('invalid');
    expect(device.verify(device.code(new Date(now.getTime() + 2 * step)), now)).toBe('invalid');
  });

  test('a wrong or malformed code is invalid, and does not burn the right one', () => {
    const device = createVirtualMfaDevice({ serialNumber });
    const code = device.code(now);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(device.verify(wrong, now)).toBe('invalid');
    expect(device.verify('12345', now)).toBe('invalid');
    expect(device.verify('abcdef', now)).toBe('invalid');
    expect(device.verify(code, now)).toBe('ok');
  });

  test('another device with another seed does not accept this code', () => {
    const a = createVirtualMfaDevice({ serialNumber });
    const b = createVirtualMfaDevice({ serialNumber });
    // Two random seeds give the same code at one step with probability 1e-6; three steps make it negligible.
    const steps = [0, 30_000, 60_000].map((offset) => new Date(now.getTime() + offset));
    expect(steps.every((t) => b.verify(a.code(t), t) === 'ok')).toBe(false);
  });
});

describe('secrets stay secret', () => {
  test('inspect, JSON and string conversion show the serial number only', () => {
    const device = createVirtualMfaDevice({ serialNumber, base32Seed: rfcSeed });
    const code = device.code(at(59));
    for (const text of [
      inspect(device, { showHidden: true, getters: true }),
      JSON.stringify(device),
      inspect({ logged: { device } }, { depth: 10 }),
      JSON.stringify(Object.values(device)),
    ]) {
      expect(text).not.toContain(rfcSeed);
      expect(text).not.toContain(code);
    }
    expect(inspect(device)).toContain(serialNumber);
    expect(JSON.parse(JSON.stringify(device))).toEqual({ serialNumber });
  });

  test('a bad seed is refused without echoing it', () => {
    const bad = 'NOT-BASE32-SECRET-1';
    let error: unknown;
    try {
      createVirtualMfaDevice({ serialNumber, base32Seed: bad });
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StsMockInputError);
    expect((error as StsMockInputError).field).toBe('base32Seed');
    expect((error as Error).message).not.toContain(bad);
    expect(() => createVirtualMfaDevice({ serialNumber, base32Seed: 'ABC' })).toThrow('base32Seed: must be');
  });

  test('a bad serial number is refused naming the value', () => {
    expect(() => createVirtualMfaDevice({ serialNumber: 'mfa' })).toThrow(
      `serialNumber: "mfa" is not an MFA serial number`,
    );
  });
});
