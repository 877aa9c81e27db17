import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error';

function serviceError(name: string, httpStatusCode: number, extra: object = {}) {
  return Object.assign(new Error('m'), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-9' },
    ...extra,
  });
}

describe('classifyError', () => {
  it.each([
    'AccessDenied',
    'ValidationError',
    'InvalidClientTokenId',
    'MalformedPolicyDocument',
    'RegionDisabledException',
  ])('%s fails fast', (name) => {
    expect(classifyError(serviceError(name, name === 'ValidationError' ? 400 : 403))).toMatchObject({
      code: name,
      retryable: false,
      requestId: 'req-9',
    });
  });

  it('fails fast on a permanent code even if marked retryable', () => {
    expect(classifyError(serviceError('AccessDenied', 403, { $retryable: {} })).retryable).toBe(false);
  });

  it('retries throttling, which STS sends as a 400', () => {
    expect(classifyError(serviceError('Throttling', 400))).toMatchObject({
      code: 'Throttling',
      retryable: true,
    });
  });

  it('retries what the SDK marks $retryable', () => {
    expect(
      classifyError(serviceError('SomethingNew', 400, { $retryable: { throttling: true } })).retryable,
    ).toBe(true);
  });

  it('retries 5xx and 429 answers of any code', () => {
    expect(classifyError(serviceError('InternalFailure', 500)).retryable).toBe(true);
    expect(classifyError(serviceError('Whatever', 503)).retryable).toBe(true);
    expect(classifyError(serviceError('Whatever', 429)).retryable).toBe(true);
  });

  it('fails fast on unknown 4xx answers', () => {
    expect(classifyError(serviceError('Whatever', 400))).toMatchObject({
      retryable: false,
      httpStatusCode: 400,
    });
  });

  it('retries network failures and timeouts', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyError(reset)).toMatchObject({ code: 'Error', retryable: true, requestId: undefined });
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' });
    expect(classifyError(timeout).retryable).toBe(true);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(classifyError(abort).retryable).toBe(true);
    const noAnswer = Object.assign(new Error('no answer from STS'), { name: 'NetworkError' });
    expect(classifyError(noAnswer)).toMatchObject({ code: 'NetworkError', retryable: true });
  });

  it.each(['EC2ThrottledException', 'LimitExceededException', 'TransactionInProgressException'])(
    "retries %s, a throttling code of AWS's own classification (@smithy/core/retry)",
    (name) => {
      expect(classifyError(serviceError(name, 400))).toMatchObject({ code: name, retryable: true });
    },
  );

  it("retries what AWS's classification calls transient: a request the SDK re-signed after correcting clock skew, a refused HTTP/2 stream", () => {
    const skewed = serviceError('RequestExpired', 400);
    skewed.$metadata = { ...skewed.$metadata, clockSkewCorrected: true } as typeof skewed.$metadata;
    expect(classifyError(skewed).retryable).toBe(true);
    const refused = Object.assign(new Error('Stream closed with error code NGHTTP2_REFUSED_STREAM'), {
      code: 'ERR_HTTP2_STREAM_ERROR',
    });
    expect(classifyError(refused).retryable).toBe(true);
  });

  it('treats programming errors and non-errors as permanent', () => {
    expect(classifyError(new TypeError('x'))).toMatchObject({ code: 'TypeError', retryable: false });
    expect(classifyError('text')).toMatchObject({ code: 'UnknownError', retryable: false });
  });
});
