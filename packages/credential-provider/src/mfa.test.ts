import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoleChainConfigError } from './errors';
import { askTokenCode, MfaTokenError } from './mfa';

let device = 0;
function mfa(tokenCode: () => Promise<string>, timeoutMs = 1000) {
  device += 1;
  return { serialNumber: `arn:aws:iam::111111111111:mfa/user${device}`, tokenCode, timeoutMs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('askTokenCode', () => {
  it('returns the code the function resolves', async () => {
    expect(
      await askTokenCode(
        mfa(() => Promise.resolve('123456')),
        1,
        'roles[0].mfa',
      ),
    ).toBe('123456');
  });

  it('never sends the same code twice for a device', async () => {
    const options = mfa(() => Promise.resolve('654321'));
    await askTokenCode(options, 1, 'roles[0].mfa');
    const error = await askTokenCode(options, 1, 'roles[0].mfa').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaTokenError);
    expect(error).toMatchObject({ code: 'MfaTokenReused' });
    expect((error as Error).message).not.toContain('654321');
  });

  it('asks one prompt at a time', async () => {
    let active = 0;
    let maxActive = 0;
    let n = 100000;
    const tokenCode = async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      n += 1;
      return String(n);
    };
    const a = mfa(tokenCode);
    const b = { ...mfa(tokenCode), tokenCode };
    const codes = await Promise.all([
      askTokenCode(a, 1, 'x'),
      askTokenCode(b, 2, 'y'),
      askTokenCode(a, 1, 'x'),
    ]);
    expect(maxActive).toBe(1);
    expect(new Set(codes).size).toBe(3);
  });

  it('fails with MfaTokenTimeout instead of hanging, and asks again next time', async () => {
    vi.useFakeTimers();
    const options = mfa(() => new Promise<string>(() => undefined), 5000);
    const pending = askTokenCode(options, 1, 'roles[0].mfa').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4999);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toMatchObject({ name: 'MfaTokenError', code: 'MfaTokenTimeout' });
    expect((error as Error).message).toContain(options.serialNumber);
  });

  it('keeps no timer alive after a code arrives', async () => {
    vi.useFakeTimers();
    await askTokenCode(
      mfa(() => Promise.resolve('111222')),
      1,
      'x',
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a failing tokenCode as MfaTokenUnavailable with the cause', async () => {
    const cause = new Error('no tty');
    const error = await askTokenCode(
      mfa(() => Promise.reject(cause)),
      1,
      'x',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MfaTokenUnavailable', cause });
  });

  it.each(['12345', '1234567', 'abcdef', 123456])(
    'rejects %j as a token code without showing it',
    async (code) => {
      const error = await askTokenCode(
        mfa(() => Promise.resolve(code as string)),
        2,
        'roles[1].mfa',
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RoleChainConfigError);
      expect(error).toMatchObject({ hop: 2, field: 'roles[1].mfa.tokenCode' });
      expect((error as Error).message).not.toContain(String(code));
    },
  );
});
