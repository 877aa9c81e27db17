import { describe, expect, it, vi } from 'vitest';
import type { IdentityLogRecord } from './record';
import { createSink, type IdentityLogger } from './sink';

const success: IdentityLogRecord = {
  event: 'aws.request',
  service: 'S3',
  operation: 'ListObjectsV2',
  region: 'eu-west-1',
  identity: null,
  requestId: 'req-1',
  httpStatusCode: 200,
  attempts: 1,
  durationMs: 3.2,
};
const denied: IdentityLogRecord = {
  ...success,
  httpStatusCode: 403,
  error: { name: 'AccessDenied', message: 'no', fault: 'client' },
};

function recordingLogger() {
  const calls: { level: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      calls.push({ level, args });
    };
  const logger: IdentityLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { calls, logger };
}

describe('createSink', () => {
  it('writes one structured object per record, at the level the outcome calls for', () => {
    const { calls, logger } = recordingLogger();
    const sink = createSink({ logger, level: 'info', onRecord: undefined });
    sink(success);
    sink(denied);
    expect(calls).toEqual([
      { level: 'info', args: [success] },
      { level: 'warn', args: [denied] },
    ]);
  });

  it('hands every record to onRecord too', () => {
    const seen: IdentityLogRecord[] = [];
    const { calls, logger } = recordingLogger();
    createSink({ logger, level: 'debug', onRecord: (r) => seen.push(r) })(success);
    expect(seen).toEqual([success]);
    expect(calls[0]?.level).toBe('debug');
  });

  it('never lets a throwing logger or callback escape, and warns once', () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const throwing = () => {
      throw new TypeError('logger broke');
    };
    const sink = createSink({
      logger: { debug: throwing, info: throwing, warn: throwing, error: throwing },
      level: 'info',
      onRecord: throwing,
    });
    expect(() => {
      sink(success);
      sink(denied);
    }).not.toThrow();
    expect(warning).toHaveBeenCalledTimes(1);
    expect(String(warning.mock.calls[0]?.[0])).toContain('TypeError');
  });

  it('gives a Powertools-shaped logger a message and the AWS service under a key it does not reserve', () => {
    const { calls, logger } = recordingLogger();
    const powertoolsLike = Object.assign(logger, {
      appendKeys: () => undefined,
      injectLambdaContext: () => undefined,
    });
    createSink({ logger: powertoolsLike, level: 'info', onRecord: undefined })(denied);
    expect(calls[0]?.args).toEqual([
      {
        message: 'aws.request',
        awsService: 'S3',
        event: 'aws.request',
        operation: 'ListObjectsV2',
        region: 'eu-west-1',
        identity: null,
        requestId: 'req-1',
        httpStatusCode: 403,
        attempts: 1,
        durationMs: 3.2,
        error: { name: 'AccessDenied', message: 'no', fault: 'client' },
      },
    ]);
  });
});
