/**
 * The plugin under real SDK clients (the whole middleware stack: auth scheme selection, signing, retries,
 * the SDK's logger middleware), with an in-memory request handler instead of HTTP: every request the SDK
 * would send is inspected here, so its Authorization header is the ground truth of who signed it.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type {
  AwsCredentialIdentity,
  FinalizeRequestMiddleware,
  HttpRequest,
  MetadataBearer,
} from '@smithy/types';
import { describe, expect, it, vi } from 'vitest';
import { IdentityLoggerOptionsError } from './options';
import { createIdentityLoggerPlugin, identityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';
import type { IdentityLogger } from './sink';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const random32 = (n: number) => Array.from(randomBytes(n), (b) => ALPHABET.charAt(b & 31)).join('');
/** `AKIAY34FZKBOKM…` encodes account 609629065308; the rest of the key is free. */
const ACCOUNT = '609629065308';
const keyId = (prefix: 'AKIA' | 'ASIA') => `${prefix}Y34FZKBOKM${random32(6)}`;
const secret = () => randomBytes(30).toString('base64');

interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A request handler that answers from a script and remembers each request's Authorization header. */
function memoryHandler(script: (request: HttpRequest, attempt: number) => Reply | Error) {
  const signedWith: (string | undefined)[] = [];
  return {
    signedWith,
    handler: {
      handle: (request: HttpRequest) => {
        const authorization = request.headers.authorization;
        signedWith.push(/Credential=([^/]+)\//.exec(authorization ?? '')?.[1]);
        const reply = script(request, signedWith.length);
        if (reply instanceof Error) return Promise.reject(reply);
        return Promise.resolve({
          response: {
            statusCode: reply.status,
            headers: { 'x-amzn-requestid': `req-${String(signedWith.length)}`, ...reply.headers },
            body: Buffer.from(reply.body ?? ''),
          },
        });
      },
    },
  };
}

type Answer = Awaited<ReturnType<ReturnType<typeof memoryHandler>['handler']['handle']>>;

const CALLER_OK = (arn: string) =>
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDA</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`;
const STS_ERROR = (code: string, message: string) =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

function recordingLogger() {
  const lines: { level: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push({ level, args });
    };
  const logger: IdentityLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { lines, logger };
}

function stsClient(
  handler: ReturnType<typeof memoryHandler>['handler'],
  credentials: AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>),
  extra: Partial<ConstructorParameters<typeof STSClient>[0]> = {},
) {
  return new STSClient({
    region: 'eu-west-1',
    credentials,
    requestHandler: handler,
    retryStrategy: new ConfiguredRetryStrategy(3, 0),
    ...extra,
  });
}

describe('identityLoggerPlugin on a real STS client', () => {
  it('writes one record naming the key that signed, with the outcome of the operation', async () => {
    const credentials = { accessKeyId: keyId('AKIA'), secretAccessKey: secret() };
    const { handler, signedWith } = memoryHandler(() => ({
      status: 200,
      body: CALLER_OK('arn:aws:iam::1:user/x'),
    }));
    const { lines, logger } = recordingLogger();
    const client = stsClient(handler, credentials);
    client.middlewareStack.use(identityLoggerPlugin({ logger, resolveUnknown: 'none' }));

    await client.send(new GetCallerIdentityCommand({}));

    expect(signedWith).toEqual([credentials.accessKeyId]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('info');
    const record = lines[0]?.args[0] as IdentityLogRecord;
    expect(record).toEqual({
      event: 'aws.request',
      service: 'STS',
      operation: 'GetCallerIdentity',
      region: 'eu-west-1',
      identity: {
        arn: null,
        accountId: ACCOUNT,
        roleArn: null,
        accessKeyId: `AKIA…${credentials.accessKeyId.slice(-4)}`,
        sessionName: null,
        sourceIdentity: null,
        chain: null,
        resolvedBy: 'none',
      },
      requestId: 'req-1',
      httpStatusCode: 200,
      attempts: 1,
      durationMs: expect.any(Number) as number,
    });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('times the operation on the monotonic clock, from asking for credentials to the answer', async () => {
    vi.useFakeTimers({ toFake: ['hrtime'] });
    try {
      const { handler } = memoryHandler(() => {
        vi.advanceTimersByTime(250.5); // the request in flight
        return { status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') };
      });
      const seen: IdentityLogRecord[] = [];
      const credentials = () => {
        vi.advanceTimersByTime(40.25); // the credentials provider at work
        return Promise.resolve({ accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
      };
      const client = stsClient(handler, credentials);
      client.middlewareStack.use(
        identityLoggerPlugin({ onRecord: (record) => seen.push(record), resolveUnknown: 'none' }),
      );

      await client.send(new GetCallerIdentityCommand({}));

      expect(seen.map((record) => record.durationMs)).toEqual([290.75]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs once when added to the client and again to the command, or twice to the client', async () => {
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );
    const command = new GetCallerIdentityCommand({});
    command.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    await client.send(command);
    await client.send(new GetCallerIdentityCommand({}));

    expect(seen).toHaveLength(2);
  });

  it("coexists with the SDK's own logger middleware", async () => {
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const sdk = recordingLogger();
    const ours = recordingLogger();
    const client = stsClient(
      handler,
      { accessKeyId: keyId('AKIA'), secretAccessKey: secret() },
      { logger: sdk.logger },
    );
    client.middlewareStack.use(identityLoggerPlugin({ logger: ours.logger, resolveUnknown: 'none' }));

    await client.send(new GetCallerIdentityCommand({}));

    expect(ours.lines).toHaveLength(1);
    const sdkEntry = sdk.lines.find(
      (line) => (line.args[0] as { commandName?: string }).commandName === 'GetCallerIdentityCommand',
    );
    expect(sdkEntry).toBeDefined();
  });

  it('counts retries and reports the last attempt after a throttled first one', async () => {
    const credentials = { accessKeyId: keyId('AKIA'), secretAccessKey: secret() };
    const { handler, signedWith } = memoryHandler((_, attempt) =>
      attempt === 1
        ? { status: 400, body: STS_ERROR('Throttling', 'Rate exceeded') }
        : { status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') },
    );
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, credentials);
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    await client.send(new GetCallerIdentityCommand({}));

    expect(signedWith).toEqual([credentials.accessKeyId, credentials.accessKeyId]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ attempts: 2, httpStatusCode: 200, requestId: 'req-2' });
    expect(seen[0]?.error).toBeUndefined();
  });

  it('warns for AccessDenied with the error, status and request id', async () => {
    const { handler } = memoryHandler(() => ({
      status: 403,
      body: STS_ERROR('AccessDenied', 'User: arn:aws:iam::1:user/x is not authorized'),
    }));
    const { lines, logger } = recordingLogger();
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(identityLoggerPlugin({ logger, resolveUnknown: 'none' }));

    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/not authorized/);

    expect(lines.map((l) => l.level)).toEqual(['warn']);
    expect(lines[0]?.args[0]).toMatchObject({
      httpStatusCode: 403,
      requestId: 'req-1',
      attempts: 1,
      identity: { accountId: ACCOUNT, resolvedBy: 'none' },
      error: {
        name: 'AccessDenied',
        message: 'User: arn:aws:iam::1:user/x is not authorized',
        fault: 'client',
      },
    });
  });

  it('logs an error for a server fault that outlasts every retry', async () => {
    const { handler, signedWith } = memoryHandler(() => ({
      status: 500,
      body: STS_ERROR('InternalFailure', 'oops'),
    }));
    const { lines, logger } = recordingLogger();
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(identityLoggerPlugin({ logger, resolveUnknown: 'none' }));

    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow();

    expect(lines.map((l) => l.level)).toEqual(['error']);
    expect(lines[0]?.args[0]).toMatchObject({
      httpStatusCode: 500,
      attempts: signedWith.length,
      error: { name: 'InternalFailure', fault: 'server' },
    });
    expect(signedWith.length).toBeGreaterThan(1);
  });

  it('logs an error with no status for a network failure', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const { handler, signedWith } = memoryHandler(() => refused);
    const { lines, logger } = recordingLogger();
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(identityLoggerPlugin({ logger, resolveUnknown: 'none' }));

    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/ECONNREFUSED/);

    expect(lines.map((l) => l.level)).toEqual(['error']);
    expect(lines[0]?.args[0]).toMatchObject({
      httpStatusCode: null,
      requestId: null,
      attempts: signedWith.length,
      identity: { resolvedBy: 'none' },
      error: { name: 'Error', fault: 'network' },
    });
  });

  it('names no identity when credentials could not be obtained, and counts no attempt', async () => {
    const { handler, signedWith } = memoryHandler(() => ({ status: 200 }));
    const { lines, logger } = recordingLogger();
    const client = stsClient(handler, () =>
      Promise.reject(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      ),
    );
    client.middlewareStack.use(identityLoggerPlugin({ logger, resolveUnknown: 'none' }));

    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/Could not load/);

    expect(signedWith).toEqual([]);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.args[0]).toMatchObject({
      identity: null,
      attempts: 0,
      httpStatusCode: null,
      error: { name: 'CredentialsProviderError', fault: 'client' },
    });
  });

  it('marks operations sent unsigned, such as AssumeRoleWithWebIdentity, with no identity', async () => {
    const { handler, signedWith } = memoryHandler(() => ({
      status: 400,
      body: STS_ERROR('InvalidIdentityToken', 'No OpenIDConnect provider found'),
    }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(identityLoggerPlugin({ onRecord: (r) => seen.push(r) }));

    await expect(
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::111111111111:role/web',
          RoleSessionName: 's',
          WebIdentityToken: 'eyJ.token.sig',
        }),
      ),
    ).rejects.toThrow();

    expect(signedWith).toEqual([undefined]);
    expect(seen[0]).toMatchObject({
      operation: 'AssumeRoleWithWebIdentity',
      region: 'eu-west-1',
      identity: null,
      unsigned: true,
      error: { name: 'InvalidIdentityTokenException', fault: 'client' }, // the SDK's name for the code
    });
  });

  it.each([
    ['eusc-de-east-1', 'sts.eusc-de-east-1.amazonaws.eu'],
    ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com'],
  ])('reads the region %s of an unsigned request from its endpoint %s', async (region, host) => {
    const hosts: string[] = [];
    const { handler } = memoryHandler((request) => {
      hosts.push(request.hostname);
      return { status: 400, body: STS_ERROR('InvalidIdentityToken', 'No OpenIDConnect provider found') };
    });
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() }, { region });
    client.middlewareStack.use(identityLoggerPlugin({ onRecord: (r) => seen.push(r) }));
    await expect(
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::111111111111:role/web',
          RoleSessionName: 's',
          WebIdentityToken: 'eyJ.token.sig',
        }),
      ),
    ).rejects.toThrow();
    expect(hosts).toEqual([host]);
    expect(seen[0]).toMatchObject({ region, unsigned: true });
  });

  it('takes a rolechain identity from the credentials metadata, with no lookup', async () => {
    const lookup = vi.fn(() => Promise.reject(new Error('must not be called')));
    const credentials = {
      accessKeyId: keyId('ASIA'),
      secretAccessKey: secret(),
      sessionToken: secret(),
      [Symbol.for('@rolechain/assumed-identity')]: {
        arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
        accountId: '333333333333',
        roleArn: 'arn:aws:iam::333333333333:role/reader',
        sessionName: 'ci-42',
        sourceIdentity: 'alice',
        chain: [
          { roleArn: 'r1', arn: 'arn:aws:sts::222222222222:assumed-role/a/ci-42', expiration: new Date() },
          {
            roleArn: 'r2',
            arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
            expiration: new Date(),
          },
        ],
        source: {
          arn: 'arn:aws:iam::111111111111:user/alice',
          accountId: '111111111111',
          accessKeyId: 'AKIA…WXYZ',
        },
      },
    };
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, credentials);
    client.middlewareStack.use(createIdentityLoggerPlugin({ onRecord: (r) => seen.push(r) }, { lookup }));

    await client.send(new GetCallerIdentityCommand({}));

    expect(lookup).not.toHaveBeenCalled();
    expect(seen[0]?.identity).toEqual({
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      accessKeyId: `ASIA…${credentials.accessKeyId.slice(-4)}`,
      sessionName: 'ci-42',
      sourceIdentity: 'alice',
      chain: ['arn:aws:iam::111111111111:user/alice', 'arn:aws:sts::222222222222:assumed-role/a/ci-42'],
      resolvedBy: 'rolechain',
    });
  });

  it('adds the base identity to the chain once the provider learns it, for the same credentials', async () => {
    const metadata = {
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/s',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      sessionName: 's',
      chain: [
        { roleArn: 'r', arn: 'arn:aws:sts::333333333333:assumed-role/reader/s', expiration: new Date() },
      ],
      source: { accessKeyId: 'AKIA…WXYZ' } as { accessKeyId: string; arn?: string },
    };
    const credentials = {
      accessKeyId: keyId('ASIA'),
      secretAccessKey: secret(),
      sessionToken: secret(),
      [Symbol.for('@rolechain/assumed-identity')]: metadata,
    };
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, credentials);
    client.middlewareStack.use(identityLoggerPlugin({ onRecord: (r) => seen.push(r) }));

    await client.send(new GetCallerIdentityCommand({}));
    await client.send(new GetCallerIdentityCommand({}));
    metadata.source.arn = 'arn:aws:iam::111111111111:user/alice';
    await client.send(new GetCallerIdentityCommand({}));
    await client.send(new GetCallerIdentityCommand({}));

    const alice = ['arn:aws:iam::111111111111:user/alice'];
    expect(seen.map((r) => r.identity?.chain)).toEqual([[], [], alice, alice]);
  });

  it('resolves an unknown key once, emitting the records that waited for it when the lookup ends', async () => {
    let answer: (value: { arn: string; accountId: string }) => void = () => undefined;
    const lookup = vi.fn(
      () =>
        new Promise<{ arn: string; accountId: string }>((resolve) => {
          answer = resolve;
        }),
    );
    const credentials = { accessKeyId: keyId('AKIA'), secretAccessKey: secret() };
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, credentials);
    const plugin = createIdentityLoggerPlugin({ onRecord: (r) => seen.push(r) }, { lookup });
    client.middlewareStack.use(plugin);

    // The requests complete while the lookup is still running: logging does not hold them back.
    await Promise.all([1, 2, 3].map(() => client.send(new GetCallerIdentityCommand({}))));
    expect(seen).toHaveLength(0);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith(credentials, 'eu-west-1');

    answer({ arn: `arn:aws:iam::${ACCOUNT}:user/bob`, accountId: ACCOUNT });
    await plugin.flush();
    expect(seen.map((r) => r.identity?.arn)).toEqual(Array(3).fill(`arn:aws:iam::${ACCOUNT}:user/bob`));
    expect(seen[0]?.identity?.resolvedBy).toBe('sts');

    await client.send(new GetCallerIdentityCommand({}));
    expect(seen).toHaveLength(4); // known now: emitted at once
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('writes nothing for an operation answered without sending a request, as the S3 presigner does', async () => {
    const { handler, signedWith } = memoryHandler(() => ({ status: 200 }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );
    client.middlewareStack.addRelativeTo(
      () => () => Promise.resolve({ response: {}, output: { $metadata: { httpStatusCode: 200 } } }),
      { name: 'interceptBeforeSigning', relation: 'before', toMiddleware: 'httpSigningMiddleware' },
    );

    await client.send(new GetCallerIdentityCommand({}));

    expect(signedWith).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('logs the operations of a command it was added to, and no other', async () => {
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    const logged = new GetCallerIdentityCommand({});
    logged.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    await client.send(new GetCallerIdentityCommand({}));
    await client.send(logged);
    await client.send(new GetCallerIdentityCommand({}));

    expect(seen).toHaveLength(1);
    expect(seen[0]?.requestId).toBe('req-2');
  });

  it('resolves unknown keys on its own client, configured with stsClientConfig, never through the logged one', async () => {
    const credentials = { accessKeyId: keyId('AKIA'), secretAccessKey: secret() };
    const logged = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/not-used') }));
    const lookups = memoryHandler((request) => ({
      status: 200,
      body: String(request.body).includes('GetCallerIdentity')
        ? CALLER_OK(`arn:aws:iam::${ACCOUNT}:user/dana`)
        : '',
    }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(logged.handler, credentials);
    const plugin = identityLoggerPlugin({
      onRecord: (r) => seen.push(r),
      stsClientConfig: { requestHandler: lookups.handler },
    });
    client.middlewareStack.use(plugin);

    await client.send(new GetCallerIdentityCommand({}));
    await client.send(new GetCallerIdentityCommand({}));
    await plugin.flush();

    expect(logged.signedWith).toHaveLength(2);
    expect(lookups.signedWith).toEqual([credentials.accessKeyId]); // one lookup, signed by the key itself
    expect(seen.map((r) => r.identity?.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/dana`,
      `arn:aws:iam::${ACCOUNT}:user/dana`,
    ]);
  });

  it('believes the Authorization header over the selected identity when a custom signer used another key', async () => {
    const selected = { accessKeyId: keyId('AKIA'), secretAccessKey: secret() };
    const other = `ASIAY34FZKBOKM${random32(6)}`;
    const { handler, signedWith } = memoryHandler(() => ({
      status: 200,
      body: CALLER_OK('arn:aws:iam::1:user/x'),
    }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, selected);
    client.middlewareStack.use(identityLoggerPlugin({ onRecord: (r) => seen.push(r) }));
    // Stands in for a signer that signs with credentials of its own after the SDK's signer ran.
    const resign: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => (args) => {
      const request = args.request as HttpRequest;
      request.headers.authorization = (request.headers.authorization ?? '').replace(
        selected.accessKeyId,
        other,
      );
      return next(args);
    };
    client.middlewareStack.addRelativeTo(resign, {
      name: 'resignWithAnotherKey',
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
    });

    await client.send(new GetCallerIdentityCommand({}));

    expect(signedWith).toEqual([other]);
    expect(seen[0]?.identity).toEqual({
      arn: null,
      accountId: ACCOUNT,
      roleArn: null,
      accessKeyId: `ASIA…${other.slice(-4)}`,
      sessionName: null,
      sourceIdentity: null,
      chain: null,
      resolvedBy: 'none',
    });
  });

  it('names the key that signed when the credentials changed between the SDK selecting them and signing', async () => {
    // The SDK's SigV4 signer does not sign with the identity selected for the operation: it asks the
    // client's credentials provider again at every signing. A provider whose answer changes in between (a
    // refresh, `invalidate()`) signs with keys the selection never held, so only the signed request tells.
    const keys = [keyId('ASIA'), keyId('ASIA')];
    let calls = 0;
    const credentials = Object.assign(
      () => {
        const accessKeyId = keys[Math.min(calls++, 1)] as string;
        return Promise.resolve({ accessKeyId, secretAccessKey: secret(), sessionToken: secret() });
      },
      { memoized: true },
    );
    const { handler, signedWith } = memoryHandler(() => ({
      status: 200,
      body: CALLER_OK('arn:aws:iam::1:user/x'),
    }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, credentials);
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    await client.send(new GetCallerIdentityCommand({}));

    expect(calls).toBe(2); // once to select, once to sign
    expect(signedWith).toEqual([keys[1]]);
    expect(seen[0]?.identity?.accessKeyId).toBe(`ASIA…${keys[1]!.slice(-4)}`);
  });

  it('never fails a request because the logger throws', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    const broken = () => {
      throw new Error('disk full');
    };
    client.middlewareStack.use(
      identityLoggerPlugin({
        logger: { debug: broken, info: broken, warn: broken, error: broken },
        resolveUnknown: 'none',
      }),
    );

    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: ACCOUNT });
  });
});

describe("identityLoggerPlugin with the SDK's cacheMiddleware (one handler context shared by every send)", () => {
  it('names, for each of two overlapping sends, the key that signed that send', async () => {
    // A new key per call, marked memoized so the SDK asks again on every send, as a refresh would.
    const credentials = Object.assign(
      () =>
        Promise.resolve({ accessKeyId: keyId('ASIA'), secretAccessKey: secret(), sessionToken: secret() }),
      { memoized: true },
    );
    const answers: (() => void)[] = [];
    const signedWith: (string | undefined)[] = [];
    let firstSent: () => void = () => undefined;
    const firstIsSent = new Promise<void>((resolve) => (firstSent = resolve));
    const handler = {
      handle: (request: HttpRequest) => {
        signedWith.push(/Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1]);
        const requestId = `req-${String(signedWith.length)}`;
        firstSent();
        // Held until both are in flight, so the second is signed before the first is answered.
        return new Promise<Answer>((resolve) => {
          answers.push(() => {
            resolve({
              response: {
                statusCode: 200,
                headers: { 'x-amzn-requestid': requestId },
                body: Buffer.from(CALLER_OK('arn:aws:iam::1:user/x')),
              },
            });
          });
          if (answers.length === 2) for (const answer of answers) answer();
        });
      },
    };
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(handler, credentials, { cacheMiddleware: true });
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    const sendingFirst = client.send(new GetCallerIdentityCommand({}));
    await firstIsSent;
    await Promise.all([sendingFirst, client.send(new GetCallerIdentityCommand({}))]);

    const [first = '', second = ''] = signedWith;
    expect(first).not.toBe(second);
    const byRequest = new Map(seen.map((r) => [r.requestId, r.identity?.accessKeyId]));
    expect(byRequest).toEqual(
      new Map([
        ['req-1', `ASIA…${first.slice(-4)}`],
        ['req-2', `ASIA…${second.slice(-4)}`],
      ]),
    );
  });

  it('does not carry the last send over to one that sends nothing', async () => {
    const { handler, signedWith } = memoryHandler(() => ({
      status: 200,
      body: CALLER_OK('arn:aws:iam::1:user/x'),
    }));
    const seen: IdentityLogRecord[] = [];
    const client = stsClient(
      handler,
      { accessKeyId: keyId('AKIA'), secretAccessKey: secret() },
      { cacheMiddleware: true },
    );
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );
    let intercept = false;
    // Answers before signing when asked to, as a response cache would; added before the first send,
    // since cacheMiddleware freezes the stack then.
    const answerFromCache: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => (args) =>
      intercept
        ? Promise.resolve({ response: {}, output: { $metadata: { httpStatusCode: 200 } } })
        : next(args);
    client.middlewareStack.addRelativeTo(answerFromCache, {
      name: 'answerFromCache',
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
    });

    await client.send(new GetCallerIdentityCommand({}));
    intercept = true;
    await client.send(new GetCallerIdentityCommand({}));

    expect(signedWith).toHaveLength(1);
    expect(seen.map((r) => r.requestId)).toEqual(['req-1']);
  });
});

describe('identityLoggerPlugin on S3 Express', () => {
  it('names the principal and the session key when a bucket session signed', async () => {
    const principal = { accessKeyId: keyId('AKIA'), secretAccessKey: secret() };
    const session = { accessKeyId: keyId('ASIA'), secretAccessKey: secret(), sessionToken: secret() };
    const { handler, signedWith } = memoryHandler((request) =>
      'session' in (request.query ?? {})
        ? {
            status: 200,
            body: `<CreateSessionResult><Credentials><SessionToken>${session.sessionToken}</SessionToken><SecretAccessKey>${session.secretAccessKey}</SecretAccessKey><AccessKeyId>${session.accessKeyId}</AccessKeyId><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></CreateSessionResult>`,
          }
        : { status: 200, body: '<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount></ListBucketResult>' },
    );
    const seen: IdentityLogRecord[] = [];
    const client = new S3Client({ region: 'eu-west-1', credentials: principal, requestHandler: handler });
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    await client.send(new ListObjectsV2Command({ Bucket: 'data--euw1-az1--x-s3' }));

    // CreateSession signed by the principal, then the listing signed by the session.
    expect(signedWith).toEqual([principal.accessKeyId, session.accessKeyId]);
    const listing = seen.find((r) => r.operation === 'ListObjectsV2');
    expect(listing?.identity).toEqual({
      arn: null,
      accountId: ACCOUNT,
      roleArn: null,
      accessKeyId: `ASIA…${session.accessKeyId.slice(-4)}`,
      sessionName: null,
      sourceIdentity: null,
      chain: null,
      resolvedBy: 'none',
      s3ExpressSession: true,
    });
    const createSession = seen.find((r) => r.operation === 'CreateSession');
    expect(createSession?.identity?.accessKeyId).toBe(`AKIA…${principal.accessKeyId.slice(-4)}`);
  });
});

describe('identityLoggerPlugin options', () => {
  it.each([
    ['level', { level: 'warn' }, "identityLoggerPlugin: level: must be 'info' or 'debug', got a string"],
    [
      'resolveUnknown',
      { resolveUnknown: 'iam' },
      "identityLoggerPlugin: resolveUnknown: must be 'sts' or 'none', got a string",
    ],
    ['onRecord', { onRecord: 'yes' }, 'identityLoggerPlugin: onRecord: must be a function, got a string'],
    [
      'logger',
      { logger: { info: () => undefined } },
      'identityLoggerPlugin: logger.debug: must be a function, got undefined',
    ],
    [
      'a misspelt option',
      { Level: 'info' },
      "identityLoggerPlugin: Level: is not a known option (did you mean 'level'?) (known: logger, level, onRecord, resolveUnknown, stsClientConfig, spanAttributes)",
    ],
    [
      'stsClientConfig',
      { stsClientConfig: 'eu-west-1' },
      'identityLoggerPlugin: stsClientConfig: must be an STS client configuration object, got a string',
    ],
    [
      'stsClientConfig with credentials',
      { stsClientConfig: { credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' } } },
      'identityLoggerPlugin: stsClientConfig.credentials: must be absent: each key is resolved with its own credentials',
    ],
    [
      'stsClientConfig.region that is no AWS region',
      { stsClientConfig: { region: 'mars-1' } },
      'identityLoggerPlugin: stsClientConfig.region: must be an AWS region name like "us-east-1", got a string',
    ],
    [
      'stsClientConfig.maxAttempts that would retry never',
      { stsClientConfig: { maxAttempts: 0 } },
      'identityLoggerPlugin: stsClientConfig.maxAttempts: must be a whole number of attempts, at least 1 (or a function returning one), got 0',
    ],
    [
      'stsClientConfig.maxAttempts that would retry without end',
      { stsClientConfig: { maxAttempts: Number.POSITIVE_INFINITY } },
      'identityLoggerPlugin: stsClientConfig.maxAttempts: must be a whole number of attempts, at least 1 (or a function returning one), got Infinity',
    ],
    [
      'stsClientConfig that would be ignored',
      { resolveUnknown: 'none', stsClientConfig: { maxAttempts: 1 } },
      "identityLoggerPlugin: stsClientConfig: must be unset when resolveUnknown is 'none'",
    ],
  ])('rejects a bad %s before any request is made', (_, options, message) => {
    expect(() => identityLoggerPlugin(options as never)).toThrow(IdentityLoggerOptionsError);
    expect(() => identityLoggerPlugin(options as never)).toThrow(message);
  });

  it.each([
    [
      'a misspelt key',
      (secret: string) => ({ credentials: { accessKeyId: 'AKIA', secretAccessKey: secret } }),
    ],
    ['an unknown key holding the secret itself', (secret: string) => ({ secretAccessKey: secret })],
    [
      'stsClientConfig.credentials',
      (secret: string) => ({ stsClientConfig: { credentials: { secretAccessKey: secret } } }),
    ],
    ['a wrong type', (secret: string) => ({ level: secret })],
    [
      'a logger method',
      (secret: string) => ({ logger: { debug: secret, info: secret, warn: secret, error: secret } }),
    ],
    ['the whole options', (secret: string) => secret],
  ])('never puts a secret given as %s into the error', (_, options) => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYtopSECRET';
    let error: unknown;
    try {
      identityLoggerPlugin(options(secret) as never);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(IdentityLoggerOptionsError);
    for (const output of [
      inspect(error, { showHidden: true, depth: Infinity }),
      JSON.stringify(error),
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(Object.getOwnPropertyDescriptors(error)),
    ]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain('topSECRET');
    }
    expect(Object.hasOwn(error as object, 'value')).toBe(false);
  });

  it('logs to console by default, and only to onRecord when that is all it is given', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { handler } = memoryHandler(() => ({ status: 200, body: CALLER_OK('arn:aws:iam::1:user/x') }));
    const client = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    client.middlewareStack.use(identityLoggerPlugin({ resolveUnknown: 'none' }));
    await client.send(new GetCallerIdentityCommand({}));
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[0]).toMatchObject({ event: 'aws.request', operation: 'GetCallerIdentity' });

    const quiet = stsClient(handler, { accessKeyId: keyId('AKIA'), secretAccessKey: secret() });
    const seen: IdentityLogRecord[] = [];
    quiet.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );
    await quiet.send(new GetCallerIdentityCommand({}));
    expect(info).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(1);
  });
});
