import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { FaultList } from './faults';

describe('FaultList', () => {
  test('the first matching fault wins and counts down its times', () => {
    const faults = new FaultList();
    faults.add({ action: 'AssumeRole', error: 'Throttling', times: 2 });
    faults.add({ error: 'InternalFailure' });
    expect(faults.take('AssumeRole', undefined)?.error?.code).toBe('Throttling');
    expect(faults.take('GetCallerIdentity', undefined)?.error?.code).toBe('InternalFailure');
    expect(faults.take('AssumeRole', undefined)?.error?.code).toBe('Throttling');
    expect(faults.take('AssumeRole', undefined)?.error?.code).toBe('InternalFailure');
  });

  test('an error keeps its real status and type; unknown codes use the given status', () => {
    const faults = new FaultList();
    faults.add({ error: 'ServiceUnavailable', times: 1 });
    faults.add({ error: 'SlowDown', status: 503, message: 'Please reduce your request rate.', times: 1 });
    expect(faults.take('AssumeRole', undefined)?.error).toMatchObject({
      code: 'ServiceUnavailable',
      status: 503,
      type: 'Receiver',
    });
    expect(faults.take('AssumeRole', undefined)?.error).toMatchObject({
      code: 'SlowDown',
      status: 503,
      message: 'Please reduce your request rate.',
    });
    expect(faults.take('AssumeRole', undefined)).toBeUndefined();
  });

  test('a latency-only fault carries no error', () => {
    const faults = new FaultList();
    faults.add({ delayMs: 250, times: 1 });
    expect(faults.take('GetCallerIdentity', undefined)).toEqual({
      delayMs: 250,
      networkError: false,
      error: undefined,
    });
  });

  test('a fault for one role matches only calls whose RoleArn is that role', () => {
    const faults = new FaultList();
    const a = 'arn:aws:iam::111111111111:role/a';
    faults.add({ action: 'AssumeRole', roleArn: a, error: 'Throttling', times: 1 });
    expect(faults.take('AssumeRole', 'arn:aws:iam::111111111111:role/b')).toBeUndefined();
    expect(faults.take('AssumeRole', undefined)).toBeUndefined();
    expect(faults.take('GetCallerIdentity', a)).toBeUndefined();
    expect(faults.take('AssumeRole', a)?.error?.code).toBe('Throttling');
    expect(faults.take('AssumeRole', a)).toBeUndefined(); // times: 1, spent
  });

  test.each([
    ['not an ARN', 'a'],
    ['a user ARN', 'arn:aws:iam::111111111111:user/alice'],
    ['a number', 42],
  ])('refuses a roleArn that is %s, naming fault.roleArn', (_, roleArn) => {
    const faults = new FaultList();
    expect(() => {
      faults.add({ roleArn, error: 'Throttling' } as never);
    }).toThrow(expect.objectContaining({ field: 'fault.roleArn' }));
  });

  test('clear() disarms everything', () => {
    const faults = new FaultList();
    faults.add({ networkError: true });
    faults.clear();
    expect(faults.take('AssumeRole', undefined)).toBeUndefined();
  });

  test('the caller may change its object afterwards without changing the armed fault', () => {
    const faults = new FaultList();
    const fault = { error: 'Throttling', times: 1 };
    faults.add(fault);
    fault.error = 'InternalFailure';
    expect(faults.take('AssumeRole', undefined)?.error?.code).toBe('Throttling');
  });

  test.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])(
    "an error code named like an Object.prototype member ('%s') is unknown: it needs a status",
    (code) => {
      const faults = new FaultList();
      expect(() => {
        faults.add({ error: code });
      }).toThrow(StsMockInputError);
      faults.add({ error: code, status: 500, times: 1 });
      expect(faults.take('AssumeRole', undefined)?.error).toMatchObject({
        code,
        status: 500,
        message: `Injected ${code}`,
      });
    },
  );
});
