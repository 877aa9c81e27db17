import { describe, expect, it } from 'vitest';
import {
  errorSummary,
  recordLevel,
  roundDuration,
  serviceFromClientName,
  type IdentityLogRecord,
  type RecordError,
} from './record';

function record(error?: RecordError): IdentityLogRecord {
  const base: IdentityLogRecord = {
    event: 'aws.request',
    service: 'S3',
    operation: 'GetObject',
    region: 'eu-west-1',
    identity: null,
    requestId: 'r',
    httpStatusCode: 200,
    attempts: 1,
    durationMs: 1,
  };
  return error === undefined ? base : { ...base, error };
}

describe('recordLevel', () => {
  it('logs successes at the configured level', () => {
    expect(recordLevel(record(), 'info')).toBe('info');
    expect(recordLevel(record(), 'debug')).toBe('debug');
  });

  it('warns for client faults and errors for server and network faults, whatever the success level', () => {
    expect(recordLevel(record({ name: 'AccessDenied', message: '', fault: 'client' }), 'debug')).toBe('warn');
    expect(recordLevel(record({ name: 'InternalError', message: '', fault: 'server' }), 'info')).toBe(
      'error',
    );
    expect(recordLevel(record({ name: 'TimeoutError', message: '', fault: 'network' }), 'info')).toBe(
      'error',
    );
  });
});

describe('errorSummary', () => {
  it('classifies by HTTP status when a response came back', () => {
    const denied = Object.assign(new Error('User: x is not authorized'), {
      name: 'AccessDenied',
      $fault: 'client',
    });
    expect(errorSummary(denied, 403, true, [])).toEqual({
      name: 'AccessDenied',
      message: 'User: x is not authorized',
      fault: 'client',
    });
    expect(
      errorSummary(Object.assign(new Error('x'), { name: 'ServiceUnavailable' }), 503, true, []).fault,
    ).toBe('server');
  });

  it('calls a failure with no response to a request that went out a network fault', () => {
    expect(errorSummary(new TypeError('Network error'), null, true, []).fault).toBe('network');
  });

  it('recognises connection failures and timeouts even before a request is known to be out', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(errorSummary(refused, null, false, []).fault).toBe('network');
    expect(errorSummary(Object.assign(new Error('t'), { name: 'TimeoutError' }), null, false, []).fault).toBe(
      'network',
    );
  });

  it('calls a cancelled request a client fault', () => {
    expect(
      errorSummary(Object.assign(new Error('aborted'), { name: 'AbortError' }), null, true, []).fault,
    ).toBe('client');
  });

  it("keeps the SDK's server fault for failures before sending, and calls anything else a client fault", () => {
    expect(errorSummary(Object.assign(new Error('x'), { $fault: 'server' }), null, false, []).fault).toBe(
      'server',
    );
    const noCredentials = Object.assign(new Error('Could not load credentials'), {
      name: 'CredentialsProviderError',
    });
    expect(errorSummary(noCredentials, null, false, [])).toEqual({
      name: 'CredentialsProviderError',
      message: 'Could not load credentials',
      fault: 'client',
    });
  });

  it('redacts secrets from the message', () => {
    const error = new Error('signature for secret abc123SECRET was wrong');
    expect(errorSummary(error, 403, true, ['abc123SECRET']).message).toBe(
      'signature for secret [REDACTED] was wrong',
    );
  });

  it('describes values thrown that are not errors', () => {
    expect(errorSummary('just a string', null, false, [])).toEqual({
      name: 'Error',
      message: 'just a string',
      fault: 'client',
    });
    expect(errorSummary({ weird: true }, null, false, [])).toEqual({
      name: 'Error',
      message: '',
      fault: 'client',
    });
  });
});

describe('roundDuration', () => {
  it('keeps hundredths of a millisecond', () => {
    expect(roundDuration(12.4049)).toBe(12.4);
    expect(roundDuration(0.016)).toBe(0.02);
  });
});

describe('serviceFromClientName', () => {
  it('names the service as users do', () => {
    expect(serviceFromClientName('S3Client')).toBe('S3');
    expect(serviceFromClientName('STSClient')).toBe('STS');
    expect(serviceFromClientName('Custom')).toBe('Custom');
  });
});
