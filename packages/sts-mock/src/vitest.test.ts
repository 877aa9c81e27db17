import { describe, expect, test } from 'vitest';
import type { StsCall } from './create-sts-mock';
import { StsMockInputError } from './errors';
import type { MswHandler } from './vitest';
import { stsMatchers, useStsMock } from './vitest';

expect.extend(stsMatchers);

const alice = 'arn:aws:iam::111111111111:user/alice';
const deployer = 'arn:aws:iam::222222222222:role/team/deployer';
const deployerSession = 'arn:aws:sts::222222222222:assumed-role/deployer/ci-1';
const reader = 'arn:aws:iam::333333333333:role/reader';

let requests = 0;
function call(action: string, params: StsCall['params'], by?: string, errorCode?: string): StsCall {
  requests += 1;
  return {
    action,
    params,
    ...(by === undefined ? {} : { caller: { arn: by, accessKeyId: 'AKIAEXAMPLE000000001' } }),
    status: errorCode === undefined ? 200 : errorCode === 'Throttling' ? 400 : 403,
    ...(errorCode === undefined ? {} : { errorCode }),
    requestId: `request-${requests}`,
    at: new Date('2026-11-28T08:00:00Z'),
  };
}

const sts = {
  calls: [
    call('GetCallerIdentity', {}, alice),
    call('AssumeRole', { RoleArn: deployer, RoleSessionName: 'ci-1' }, alice),
    call('AssumeRole', { RoleArn: reader, RoleSessionName: 'hop' }, deployerSession),
    call('AssumeRole', { RoleArn: reader, RoleSessionName: 'denied' }, alice, 'AccessDenied'),
    call('AssumeRoleWithWebIdentity', { RoleArn: deployer, RoleSessionName: 'gha', WebIdentityToken: '***' }),
  ],
};

describe('toHaveAssumedRole', () => {
  test('passes for successful assumptions, by caller, session name and count', () => {
    expect(sts).toHaveAssumedRole(deployer);
    expect(sts).toHaveAssumedRole(deployer, { times: 2 });
    expect(sts).toHaveAssumedRole(deployer, { by: alice, sessionName: 'ci-1', times: 1 });
    expect(sts).toHaveAssumedRole(deployer, { sessionName: expect.stringMatching(/^gh/) as string });
    // A role ARN as `by` matches that role's sessions.
    expect(sts).toHaveAssumedRole(reader, { by: deployer, times: 1 });
  });

  test('does not count denied calls', () => {
    expect(sts).not.toHaveAssumedRole(reader, { by: alice });
    expect(sts).toHaveAssumedRole(reader, { times: 1 });
  });

  test('fails with what was expected and every call received', () => {
    expect(() => {
      expect(sts).toHaveAssumedRole(reader, { by: alice });
    }).toThrow(
      [
        `expected the STS mock to have assumed role ${reader} by ${alice}, but it did 0 times`,
        '',
        'STS calls received (5):',
        `  1. GetCallerIdentity → 200 by ${alice} {}`,
        `  2. AssumeRole → 200 by ${alice} {"RoleArn":"${deployer}","RoleSessionName":"ci-1"}`,
        `  3. AssumeRole → 200 by ${deployerSession} {"RoleArn":"${reader}","RoleSessionName":"hop"}`,
        `  4. AssumeRole → 403 AccessDenied by ${alice} {"RoleArn":"${reader}","RoleSessionName":"denied"}`,
        `  5. AssumeRoleWithWebIdentity → 200 unsigned {"RoleArn":"${deployer}","RoleSessionName":"gha","WebIdentityToken":"***"}`,
      ].join('\n'),
    );
    expect(() => {
      expect(sts).toHaveAssumedRole(deployer, { times: 3 });
    }).toThrow(`expected the STS mock to have assumed role ${deployer} exactly 3 times, but it did 2 times`);
    expect(() => {
      expect(sts).not.toHaveAssumedRole(deployer, { sessionName: 'ci-1' });
    }).toThrow(
      `expected the STS mock not to have assumed role ${deployer} with session name "ci-1", but it did 1 time`,
    );
  });

  test('says so when there were no calls at all', () => {
    expect(() => {
      expect({ calls: [] }).toHaveAssumedRole(deployer);
    }).toThrow('but it did 0 times\n\nThe STS mock received no calls.');
  });

  test('lists only the latest calls of a long history', () => {
    const busy = { calls: Array.from({ length: 25 }, () => call('GetCallerIdentity', {}, alice)) };
    let message = '';
    try {
      expect(busy).toHaveAssumedRole(deployer);
    } catch (error: unknown) {
      message = (error as Error).message;
    }
    expect(message).toContain('STS calls received (25):\n  … 5 earlier\n  6. GetCallerIdentity');
    expect(message).toContain('  25. GetCallerIdentity');
  });
});

describe('toHaveBeenCalledBy', () => {
  test('passes for a caller that signed any call; a role ARN covers its sessions', () => {
    expect(sts).toHaveBeenCalledBy(alice);
    expect(sts).toHaveBeenCalledBy(deployerSession);
    expect(sts).toHaveBeenCalledBy(deployer);
    expect(sts).not.toHaveBeenCalledBy(reader);
    expect(sts).not.toHaveBeenCalledBy('arn:aws:iam::111111111111:user/bob');
  });

  test('a role of the same name in another account is another role', () => {
    expect(sts).not.toHaveBeenCalledBy('arn:aws:iam::999999999999:role/deployer');
  });

  test('fails naming the caller', () => {
    expect(() => {
      expect(sts).toHaveBeenCalledBy(reader);
    }).toThrow(`expected the STS mock to have been called by ${reader}, but it did 0 times`);
    expect(() => {
      expect(sts).not.toHaveBeenCalledBy(alice);
    }).toThrow(`expected the STS mock not to have been called by ${alice}, but it did 3 times`);
  });
});

describe('toHaveReceivedStsCall', () => {
  test('matches action, params (partially, with asymmetric matchers), caller, status and error code', () => {
    expect(sts).toHaveReceivedStsCall('GetCallerIdentity', { by: alice, times: 1 });
    expect(sts).toHaveReceivedStsCall('AssumeRole', { times: 3 });
    expect(sts).toHaveReceivedStsCall('AssumeRole', {
      errorCode: 'AccessDenied',
      status: 403,
      params: { RoleSessionName: 'denied' },
    });
    expect(sts).toHaveReceivedStsCall('AssumeRole', {
      params: { RoleArn: expect.stringContaining(':role/team/') },
    });
    expect(sts).not.toHaveReceivedStsCall('GetSessionToken');
    expect(sts).not.toHaveReceivedStsCall('AssumeRole', { errorCode: 'Throttling' });
  });

  test('fails describing the expectation', () => {
    expect(() => {
      expect(sts).toHaveReceivedStsCall('AssumeRole', { by: alice, errorCode: 'Throttling', times: 1 });
    }).toThrow(
      `expected the STS mock to have received AssumeRole by ${alice} failing with Throttling exactly 1 time, but it did 0 times`,
    );
    expect(() => {
      expect(sts).toHaveReceivedStsCall('AssumeRole', { params: { RoleSessionName: 'nope' } });
    }).toThrow(`received AssumeRole with params {"RoleSessionName":"nope"}, but it did 0 times`);
  });
});

describe('bad use', () => {
  test('refuses something that is not an STS mock, and bad arguments', () => {
    expect(() => {
      expect({}).toHaveBeenCalledBy(alice);
    }).toThrow(
      'toHaveBeenCalledBy: expect() must be given the STS mock from createStsMock() (an object with calls), not an object without calls',
    );
    expect(() => {
      expect(sts).toHaveAssumedRole(deployer, { times: -1 });
    }).toThrow('times: -1 is not a whole number of calls');
    expect(() => {
      expect(sts).toHaveAssumedRole('');
    }).toThrow('roleArn: "" is not a non-empty string');
  });
});

describe('useStsMock input', () => {
  // Each call is refused before it registers any hook, so nothing here starts a server.
  function refusal(action: () => unknown): StsMockInputError {
    try {
      action();
    } catch (error) {
      if (error instanceof StsMockInputError) return error;
      throw error;
    }
    throw new Error('useStsMock accepted the options');
  }

  test('an unknown option is named, with handlers among the known ones', () => {
    const error = refusal(() => useStsMock({ handler: () => [] } as never));
    expect(error.field).toBe('handler');
    expect(error.message).toContain('useStsMock()');
    expect(error.message).toContain('handlers');
  });

  test('handlers must be a function of the mock', () => {
    expect(refusal(() => useStsMock({ handlers: [] as never })).field).toBe('handlers');
  });

  test('handlers must return an array', () => {
    const error = refusal(() => useStsMock({ handlers: () => ({}) as unknown as MswHandler[] }));
    expect(error.message).toBe('handlers: must return an array of msw handlers, got {}');
  });
});
