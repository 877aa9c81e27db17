/**
 * The plugin with real pino, Powertools and console loggers, each capturing what it actually writes:
 * one structured entry per operation, fields intact, at the level the outcome calls for.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Logger } from '@aws-lambda-powertools/logger';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { identityLoggerPlugin } from './plugin';
import type { IdentityLogger } from './sink';

const OK = `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::609629065308:user/x</Arn><UserId>AIDA</UserId><Account>609629065308</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`;
const DENIED = `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error></ErrorResponse>`;
const FAILED = `<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>oops</Message></Error></ErrorResponse>`;

/** Sends GetCallerIdentity three times: a success, an AccessDenied (403) and a server fault (500). */
async function sendThree(logger: IdentityLogger): Promise<string> {
  const replies = [
    { status: 200, body: OK },
    { status: 403, body: DENIED },
    { status: 500, body: FAILED },
  ];
  let index = 0;
  const client = new STSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: randomBytes(30).toString('base64') },
    maxAttempts: 1,
    retryStrategy: new ConfiguredRetryStrategy(1, 0),
    requestHandler: {
      handle: () => {
        const reply = replies[index++] ?? { status: 500, body: FAILED };
        return Promise.resolve({
          response: {
            statusCode: reply.status,
            headers: { 'x-amzn-requestid': `req-${String(index)}` },
            body: Buffer.from(reply.body),
          },
        });
      },
    },
  });
  client.middlewareStack.use(identityLoggerPlugin({ logger, resolveUnknown: 'none' }));
  await client.send(new GetCallerIdentityCommand({}));
  await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
  await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
  return 'AKIA…VV7A';
}

describe('with pino', () => {
  it('writes each record as the fields of one JSON line, at info, warn and error', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const masked = await sendThree(pino({ level: 'debug' }, stream));

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e.level)).toEqual([30, 40, 50]);
    expect(entries[0]).toMatchObject({
      event: 'aws.request',
      service: 'STS',
      operation: 'GetCallerIdentity',
      region: 'eu-west-1',
      identity: { accessKeyId: masked, accountId: '609629065308', resolvedBy: 'none' },
      requestId: 'req-1',
      httpStatusCode: 200,
      attempts: 1,
    });
    expect(entries[1]).toMatchObject({
      httpStatusCode: 403,
      error: { name: 'AccessDenied', fault: 'client' },
    });
    expect(entries[2]).toMatchObject({
      httpStatusCode: 500,
      error: { name: 'InternalFailure', fault: 'server' },
    });
  });

  it("is filtered by pino's own level: debug records vanish under an info logger", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ level: 'info' }, stream);
    const client = new STSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 's' },
      requestHandler: {
        handle: () => Promise.resolve({ response: { statusCode: 200, headers: {}, body: Buffer.from(OK) } }),
      },
    });
    client.middlewareStack.use(identityLoggerPlugin({ logger, level: 'debug', resolveUnknown: 'none' }));
    await client.send(new GetCallerIdentityCommand({}));
    expect(lines).toEqual([]);
  });
});

describe('with Powertools Logger', () => {
  it('writes the record as attributes, with a message, the AWS service kept and no reserved-key warning', async () => {
    // Powertools writes info to stdout and warn/error to stderr: capture both, in order.
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const logger = new Logger({ serviceName: 'orders', logLevel: 'DEBUG' });
    const masked = await sendThree(logger);
    stdout.mockRestore();
    stderr.mockRestore();

    const entries = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{"level"')) // only Powertools' JSON lines, not the test runner's
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e.level)).toEqual(['INFO', 'WARN', 'ERROR']);
    expect(entries[0]).toMatchObject({
      message: 'aws.request',
      service: 'orders', // Powertools' own service stays intact…
      awsService: 'STS', // …and the AWS one is kept beside it
      event: 'aws.request',
      operation: 'GetCallerIdentity',
      identity: { accessKeyId: masked, resolvedBy: 'none' },
      httpStatusCode: 200,
    });
    expect(entries[1]).toMatchObject({ error: { name: 'AccessDenied', fault: 'client' } });
    expect(JSON.stringify(entries)).not.toContain('reserved key');
  });
});

describe('with console', () => {
  it('passes one record object per call to info, warn and error', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await sendThree(console);
    expect(info.mock.calls).toEqual([[expect.objectContaining({ httpStatusCode: 200 })]]);
    expect(warn.mock.calls).toEqual([[expect.objectContaining({ httpStatusCode: 403 })]]);
    expect(error.mock.calls).toEqual([[expect.objectContaining({ httpStatusCode: 500 })]]);
  });
});
