import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { MfaCodeError, promptMfaCode, promptTimeoutMs, type Terminal } from './mfa-prompt';

const serial = 'arn:aws:iam::111111111111:mfa/alice';
const ask = `MFA code for ${serial}: `;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A terminal whose keystrokes the test types, recording raw mode and everything written to it. */
function fakeTerminal() {
  const rawModes: boolean[] = [];
  const input = Object.assign(new PassThrough(), {
    setRawMode: (raw: boolean) => {
      rawModes.push(raw);
    },
  });
  const written: string[] = [];
  const terminal: Terminal = { input, write: (text) => written.push(text) };
  return { terminal, input, rawModes, output: () => written.join('') };
}

describe('promptMfaCode', () => {
  test('asks once, reads the code in raw mode (no echo) and writes nothing typed', async () => {
    const { terminal, input, rawModes, output } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    expect(output()).toBe(ask);
    expect(rawModes).toEqual([true]);
    input.write('1234');
    input.write('56\r');
    await expect(code).resolves.toBe('123456');
    expect(rawModes).toEqual([true, false]);
    expect(output()).toBe(`${ask}\n`);
    expect(input.listenerCount('data')).toBe(0);
    expect(input.isPaused()).toBe(true);
  });

  test('backspace removes the last character; a newline ends the line too', async () => {
    const { terminal, input } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    input.write('12349\u007f56\n');
    await expect(code).resolves.toBe('123456');
  });

  test('an entry that is not 6 digits is refused without echo and asked again', async () => {
    const { terminal, input, output } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    input.write('12345\r');
    input.write('12a456\r');
    input.write('654321\r');
    await expect(code).resolves.toBe('654321');
    const retry = `\nnot a 6-digit code; try again\n${ask}`;
    expect(output()).toBe(`${ask}${retry}${retry}\n`);
  });

  test('three bad entries reject naming the device, never what was typed', async () => {
    const { terminal, input, rawModes, output } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    input.write('987\r98765\r9876543\r');
    const error = await code.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(MfaCodeError);
    expect(error).toHaveProperty('message', `MFA code for ${serial}: no 6-digit code after 3 tries`);
    expect(output()).not.toMatch(/987/);
    expect(rawModes.at(-1)).toBe(false);
  });

  test.each([
    ['Ctrl-C', '12\u0003', 'cancelled (Ctrl-C)'],
    ['Ctrl-D', '\u0004', 'input ended (Ctrl-D)'],
  ])('%s rejects at once, leaving raw mode', async (_key, typed, problem) => {
    const { terminal, input, rawModes, output } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    input.write(typed);
    await expect(code).rejects.toThrow(new MfaCodeError(`MFA code for ${serial}: ${problem}`));
    expect(rawModes).toEqual([true, false]);
    expect(output()).toBe(`${ask}\n`);
  });

  test('the end of input rejects', async () => {
    const { terminal, input } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    input.end('123');
    await expect(code).rejects.toThrow(
      `MFA code for ${serial}: the terminal closed before a code was entered`,
    );
  });

  test('a read error rejects naming its code', async () => {
    const { terminal, input } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    input.emit('error', Object.assign(new Error('read EIO'), { code: 'EIO' }));
    await expect(code).rejects.toThrow(`MFA code for ${serial}: cannot read the terminal (EIO)`);
  });

  test('no answer within the timeout rejects and lets go of the terminal', async () => {
    const { terminal, input, rawModes } = fakeTerminal();
    const code = promptMfaCode(serial, terminal);
    const settled = code.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(promptTimeoutMs - 1);
    expect(rawModes).toEqual([true]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled).toEqual(new MfaCodeError(`MFA code for ${serial}: no code entered within 55 s`));
    expect(rawModes).toEqual([true, false]);
    expect(input.listenerCount('data')).toBe(0);
    expect(promptTimeoutMs).toBeLessThan(60_000);
  });
});
