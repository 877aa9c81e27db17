import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { RoleChainConfigError, RoleChainError } from '@rolechain/credential-provider';
import { describe, expect, test } from 'vitest';
import type { ChainSpec } from './chain-args';
import { chainMfaSerials, mfaCodes, unlessPrompting } from './mfa-codes';
import { MfaCodeError } from './mfa-prompt';
import type { OpenTerminal } from './terminal';
import { UsageError } from './usage-error';

const alice = 'arn:aws:iam::111111111111:mfa/alice';
const bob = 'arn:aws:iam::111111111111:mfa/bob';

/** Opens terminals on which the user types `typed`; counts opens and closes. */
function terminals(typed: string) {
  const counts = { opened: 0, closed: 0 };
  const written: string[] = [];
  const open = (): OpenTerminal => {
    counts.opened += 1;
    const input = new PassThrough();
    input.write(typed);
    return {
      input,
      write: (text) => written.push(text),
      close: () => {
        counts.closed += 1;
      },
    };
  };
  return { open, counts, written };
}

const none = () => undefined;

describe('chainMfaSerials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-mfa-'));
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
  writeFileSync(
    env.AWS_CONFIG_FILE,
    [
      '[profile base]',
      'aws_access_key_id = AKIAEXAMPLE',
      'aws_secret_access_key = example-secret',
      '[profile ops]',
      'role_arn = arn:aws:iam::222222222222:role/ops',
      'source_profile = base',
      `mfa_serial = ${alice}`,
      '[profile prod]',
      'role_arn = arn:aws:iam::333333333333:role/prod',
      'source_profile = ops',
      `mfa_serial = ${bob}`,
      '[profile plain]',
      'role_arn = arn:aws:iam::333333333333:role/plain',
      'source_profile = base',
    ].join('\n'),
  );

  test('the mfa_serial of each role profile on the way to the source, source-first', async () => {
    expect(await chainMfaSerials({ kind: 'profile', profile: 'prod' }, undefined, env)).toEqual([alice, bob]);
    expect(await chainMfaSerials({ kind: 'profile', profile: 'plain' }, undefined, env)).toEqual([]);
  });

  test('--mfa-code for a chain without mfa_serial is a usage error; a missing profile is the provider error', async () => {
    await expect(chainMfaSerials({ kind: 'profile', profile: 'plain' }, '123456', env)).rejects.toThrow(
      new UsageError('--mfa-code: profile "plain" and its source profiles have no mfa_serial'),
    );
    await expect(chainMfaSerials({ kind: 'profile', profile: 'nope' }, '123456', env)).rejects.toThrow(
      new RoleChainConfigError('profile "nope"', 'is not in the shared config or credentials file'),
    );
  });

  test('roles given with --role-arn have none', async () => {
    const roles: ChainSpec = { kind: 'roles', roles: [{ roleArn: 'arn:aws:iam::222222222222:role/a' }] };
    expect(await chainMfaSerials(roles, undefined, env)).toEqual([]);
  });
});

describe('mfaCodes', () => {
  test('no mfa_serial: no code source, and no terminal is opened', () => {
    const { open, counts } = terminals('');
    expect(mfaCodes([], undefined, open)).toBeUndefined();
    expect(counts.opened).toBe(0);
  });

  test('no terminal and no --mfa-code: a usage error naming the device and the flag', () => {
    for (const openTerminal of [none, undefined]) {
      expect(() => mfaCodes([alice], undefined, openTerminal)).toThrow(
        new UsageError(
          `mfa_serial ${alice} needs an MFA code and there is no terminal to ask for it: pass --mfa-code`,
        ),
      );
    }
  });

  test('no terminal and two devices: one --mfa-code is not enough, said before any STS call', () => {
    expect(() => mfaCodes([bob, alice], '123456', none)).toThrow(
      new UsageError(
        `the chain needs 2 MFA codes (mfa_serial ${bob}, ${alice}); --mfa-code gives one, and there is no terminal to ask for the others`,
      ),
    );
  });

  test('--mfa-code answers the first request only; without a terminal the next one fails saying why', async () => {
    const codes = mfaCodes([alice], '123456', none);
    expect(await codes?.next(alice)).toBe('123456');
    const second = await codes?.next(alice).catch((error: unknown) => error);
    expect(second).toEqual(
      new MfaCodeError(
        `MFA code for ${alice}: a new code is needed (each is used once, the --mfa-code one already was) and there is no terminal to ask for it`,
      ),
    );
    expect(String(second)).not.toContain('123456');
  });

  test('with a terminal: checked once up front, then a prompt per request, the terminal closed after each', async () => {
    const { open, counts, written } = terminals('654321\r');
    const codes = mfaCodes([alice], undefined, open);
    expect(counts).toEqual({ opened: 1, closed: 1 });
    const code = codes?.next(alice);
    expect(codes?.prompting()).toBe(true);
    expect(await code).toBe('654321');
    expect(codes?.prompting()).toBe(false);
    expect(counts).toEqual({ opened: 2, closed: 2 });
    expect(written.join('')).toBe(`MFA code for ${alice}: \n`);
  });

  test('after --mfa-code, a later request asks the terminal', async () => {
    const { open, counts } = terminals('654321\r');
    const codes = mfaCodes([alice], '123456', open);
    expect(counts.opened).toBe(0);
    expect(await codes?.next(alice)).toBe('123456');
    expect(await codes?.next(alice)).toBe('654321');
  });

  test("explain: the chain's MfaTokenUnavailable says why no code could be had; other errors pass", async () => {
    const { open } = terminals('\u0003');
    const codes = mfaCodes([alice], undefined, open);
    const roleArn = 'arn:aws:iam::222222222222:role/ops';
    const unavailable = new RoleChainError({
      hop: 1,
      hops: 2,
      roleArn,
      code: 'MfaTokenUnavailable',
      requestId: undefined,
      retryable: false,
      detail: `tokenCode for ${alice} failed`,
    });
    expect(codes?.explain(unavailable)).toBe(unavailable);
    await expect(codes?.next(alice)).rejects.toThrow(MfaCodeError);
    const explained = codes?.explain(unavailable);
    expect(explained).toBeInstanceOf(RoleChainError);
    expect(explained).toMatchObject({
      message: `hop 1 of 2 (${roleArn}): MfaTokenUnavailable: MFA code for ${alice}: cancelled (Ctrl-C)`,
      code: 'MfaTokenUnavailable',
      hop: 1,
      cause: unavailable,
    });
    const other = new Error('AccessDenied');
    expect(codes?.explain(other)).toBe(other);
  });
});

describe('unlessPrompting', () => {
  test('drops what is written while a prompt is on the terminal, and only then', async () => {
    const err: string[] = [];
    const input = new PassThrough();
    const codes = mfaCodes([alice], undefined, () => ({ input, write: none, close: none }));
    const write = unlessPrompting((text) => err.push(text), codes);
    const code = codes?.next(alice);
    write('during');
    input.write('123456\r');
    await code;
    write('after');
    expect(err).toEqual(['after']);
    unlessPrompting((text) => err.push(text), undefined)('no mfa');
    expect(err).toEqual(['after', 'no mfa']);
  });
});
