import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { StsMockInputError } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts } = useStsMock();
afterEach(() => {
  vi.useRealTimers();
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const role = sts.createRole({ accountId: '222222222222', roleName: 'app', trustedPrincipals: [alice.arn] });

function client(maxAttempts: number): STSClient {
  return new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts });
}

/** Runs `send` with the SDK's retry back-off on fake timers, so no test waits for real time. */
async function withFakeBackoff<T>(send: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const state = { settled: false };
  const pending = send().finally(() => {
    state.settled = true;
  });
  while (!state.settled) await vi.advanceTimersByTimeAsync(1000);
  return pending;
}

describe('injected errors', () => {
  test('Throttling twice: the SDK retries and the third attempt succeeds', async () => {
    sts.inject({ action: 'AssumeRole', error: 'Throttling', times: 2 });
    const out = await withFakeBackoff(() =>
      client(3).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'retry' })),
    );
    expect(out.$metadata.attempts).toBe(3);
    expect(sts.calls.map((call) => [call.status, call.errorCode])).toEqual([
      [400, 'Throttling'],
      [400, 'Throttling'],
      [200, undefined],
    ]);
  });

  test('an error code comes with its real HTTP status, type and message', async () => {
    sts.inject({ error: 'ServiceUnavailable', times: 1 });
    sts.inject({ error: 'RegionDisabledException', times: 1 });
    const unavailable = await failure(client(1).send(new GetCallerIdentityCommand({})));
    expect([unavailable.name, unavailable.$metadata.httpStatusCode, unavailable.$fault]).toEqual([
      'ServiceUnavailable',
      503,
      'server',
    ]);
    const disabled = await failure(client(1).send(new GetCallerIdentityCommand({})));
    expect([disabled.name, disabled.$metadata.httpStatusCode]).toEqual(['RegionDisabledException', 403]);
    expect(disabled.message).toMatch(/^STS is not activated in this region/);
  });

  test('a fault for one role fails that hop of a chain and leaves the others alone', async () => {
    const other = sts.createRole({
      accountId: '222222222222',
      roleName: 'other',
      trustedPrincipals: [alice.arn],
    });
    sts.inject({ action: 'AssumeRole', roleArn: role.arn, error: 'Throttling', times: 1 });
    const assume = (arn: string) =>
      client(1).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'hop' }));
    await expect(assume(other.arn)).resolves.toMatchObject({
      AssumedRoleUser: { Arn: 'arn:aws:sts::222222222222:assumed-role/other/hop' },
    });
    expect((await failure(assume(role.arn))).name).toBe('Throttling');
    await expect(assume(role.arn)).resolves.toMatchObject({
      AssumedRoleUser: { Arn: 'arn:aws:sts::222222222222:assumed-role/app/hop' },
    });
    expect(sts.calls.map((call) => [call.params['RoleArn'], call.errorCode])).toEqual([
      [other.arn, undefined],
      [role.arn, 'Throttling'],
      [role.arn, undefined],
    ]);
  });

  test('a fault for one action leaves the others alone', async () => {
    sts.inject({ action: 'AssumeRole', error: 'InternalFailure' });
    await expect(client(1).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: alice.arn });
    const error = await failure(
      client(1).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'x1' })),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InternalFailure', 500]);
  });

  test('without times a fault lasts until reset()', async () => {
    sts.inject({ error: 'Throttling' });
    await failure(client(1).send(new GetCallerIdentityCommand({})));
    await failure(client(1).send(new GetCallerIdentityCommand({})));
    sts.reset();
    await expect(client(1).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: alice.arn });
  });
});

describe('latency and network errors', () => {
  test('delayMs holds the answer for exactly that long on fake timers', async () => {
    sts.inject({ action: 'GetCallerIdentity', delayMs: 5000, times: 1 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let answered = false;
    const pending = client(1)
      .send(new GetCallerIdentityCommand({}))
      .finally(() => {
        answered = true;
      });
    await vi.advanceTimersByTimeAsync(4999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ Arn: alice.arn });
  });

  test('a network error fails the connection: the caller gets a TypeError, no STS answer', async () => {
    sts.inject({ networkError: true, times: 1 });
    await expect(client(3).send(new GetCallerIdentityCommand({}))).rejects.toThrow(TypeError);
    expect(sts.calls.map((call) => call.status)).toEqual([0]);
    await expect(client(1).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: alice.arn });
  });
});

describe('bad faults are refused before any request', () => {
  test.each([
    [{ error: 'NoSuchCode' }, 'fault.error'],
    [{ error: 'Throttling', times: 0 }, 'fault.times'],
    [{ delayMs: -1 }, 'fault.delayMs'],
    [{ action: 'Assume Role', error: 'Throttling' }, 'fault.action'],
    [{ roleArn: 'app', error: 'Throttling' }, 'fault.roleArn'],
    [{ networkError: true, error: 'Throttling' }, 'fault.networkError'],
    [{}, 'fault'],
  ])('%j names %s', (fault, field) => {
    const attempt = (): void => {
      sts.inject(fault);
    };
    expect(attempt).toThrow(StsMockInputError);
    expect(attempt).toThrow(expect.objectContaining({ field }));
  });

  test('an unknown code is accepted with an explicit status', async () => {
    sts.inject({ error: 'SlowDown', status: 503, times: 1 });
    const error = await failure(client(1).send(new GetCallerIdentityCommand({})));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['SlowDown', 503]);
  });
});
