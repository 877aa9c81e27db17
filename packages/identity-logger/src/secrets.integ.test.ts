/**
 * No secret ever leaves the plugin. Credentials with random secrets (the mock issues them) go through
 * every path — successes, each kind of error, retries, a service that echoes secrets back in its error
 * message — with pino, Powertools, console and onRecord all attached; then every record and every line
 * they wrote is scanned for each secret, session token and full access key id.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Logger } from '@aws-lambda-powertools/logger';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity } from '@smithy/types';
import { http, HttpResponse } from 'msw';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { identityLoggerPlugin, type IdentityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';

const REGION = 'eu-west-1';
const MFA_CODE = String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000));

const { sts } = useStsMock({
  handlers: (mock) => [
    http.get(/^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//, async ({ request }) => {
      const result = await mock.authenticate(request);
      if (!result.ok) {
        return HttpResponse.xml(
          `<Error><Code>${result.error.code}</Code><Message>${result.error.message}</Message></Error>`,
          {
            status: result.error.status,
          },
        );
      }
      return HttpResponse.xml(
        '<ListBucketResult><Name>reports</Name><KeyCount>0</KeyCount></ListBucketResult>',
      );
    }),
    // A misbehaving service that echoes what it was sent — token, key id, an MFA code — in its error.
    http.get(/^https:\/\/echo\.s3\.eu-west-1\.amazonaws\.com\//, ({ request }) => {
      const token = request.headers.get('x-amz-security-token') ?? '';
      const key = /Credential=([^/]+)/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
      return HttpResponse.xml(
        `<Error><Code>InvalidRequest</Code><Message>Bad token ${token} for key ${key}; Value '${MFA_CODE}' at 'tokenCode' failed</Message></Error>`,
        { status: 400 },
      );
    }),
    http.get(/^https:\/\/flaky\.s3\.eu-west-1\.amazonaws\.com\//, () =>
      HttpResponse.xml(
        '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>',
        {
          status: 500,
        },
      ),
    ),
  ],
});

/** Everything any logger wrote, and every record handed to onRecord. */
const written: string[] = [];
const records: IdentityLogRecord[] = [];
const plugins: IdentityLoggerPlugin[] = [];

const pinoLogger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  }),
);
const powertoolsLogger = new Logger({ serviceName: 'scan', logLevel: 'DEBUG' });
const LOGGERS = [pinoLogger, powertoolsLogger, console];

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const reader = sts.createRole({
  accountId: '222222222222',
  roleName: 'reader',
  trustedPrincipals: [alice.arn],
});

function plugin(logger: (typeof LOGGERS)[number]): IdentityLoggerPlugin {
  const instance = identityLoggerPlugin({ logger, level: 'debug', onRecord: (r) => records.push(r) });
  plugins.push(instance);
  return instance;
}

/** Sends one S3 command per logger (a client holds one plugin: it is idempotent by name). */
async function s3Scenario(credentials: AwsCredentialIdentity, bucket: string): Promise<void> {
  for (const logger of LOGGERS) {
    const client = new S3Client({
      region: REGION,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(3, 0),
    });
    client.middlewareStack.use(plugin(logger));
    await client.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => undefined);
  }
}

/** Sends one STS command per logger, arming `before` (a fault) ahead of each. */
async function stsScenario(
  credentials: AwsCredentialIdentity,
  command: () => GetCallerIdentityCommand | AssumeRoleCommand,
  before: () => void = () => undefined,
): Promise<void> {
  for (const logger of LOGGERS) {
    const client = new STSClient({
      region: REGION,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(3, 0),
    });
    client.middlewareStack.use(plugin(logger));
    before();
    await client.send(command() as GetCallerIdentityCommand).catch(() => undefined);
    sts.reset();
  }
}

describe('secrets', () => {
  it('never appear in any record or log line, whatever the outcome', async () => {
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    for (const method of ['debug', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
      });
    }

    const assumed = await new STSClient({ region: REGION, credentials: alice.credentials }).send(
      new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'scan' }),
    );
    const session = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const wrongSecret = {
      accessKeyId: alice.accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
    };
    const unknownKey = {
      accessKeyId: 'AKIAY34FZKBOKMQWERTY',
      secretAccessKey: randomBytes(30).toString('base64'),
    };
    const assume =
      (extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
      () =>
        new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'scan2', ...extra });
    const whoAmI = () => new GetCallerIdentityCommand({});

    // Successes, static and session keys, S3 and STS.
    await s3Scenario(alice.credentials, 'reports');
    await s3Scenario(session, 'reports');
    await stsScenario(alice.credentials, whoAmI);
    await stsScenario(session, whoAmI);
    // Client errors: wrong secret, unknown key, a role that does not trust the caller, an MFA code refused.
    await s3Scenario(wrongSecret, 'reports');
    await s3Scenario(unknownKey, 'reports');
    await stsScenario(wrongSecret, whoAmI);
    await stsScenario(session, assume());
    await stsScenario(
      alice.credentials,
      assume({ SerialNumber: 'arn:aws:iam::111111111111:mfa/alice', TokenCode: MFA_CODE }),
    );
    // A service that echoes the token, key id and MFA code back.
    await s3Scenario(session, 'echo');
    // Retries: throttled once then fine; server faults and network failures to the end.
    await stsScenario(session, whoAmI, () => {
      sts.inject({ action: 'GetCallerIdentity', error: 'Throttling', times: 1 });
    });
    await stsScenario(alice.credentials, assume(), () => {
      sts.inject({ action: 'AssumeRole', error: 'InternalFailure' });
    });
    await stsScenario(alice.credentials, assume(), () => {
      sts.inject({ action: 'AssumeRole', networkError: true });
    });
    await s3Scenario(session, 'flaky');
    await Promise.all(plugins.map((p) => p.flush()));
    vi.restoreAllMocks();

    const secrets = [
      alice.secretAccessKey,
      alice.accessKeyId,
      session.secretAccessKey,
      session.sessionToken,
      session.accessKeyId,
      wrongSecret.secretAccessKey,
      unknownKey.secretAccessKey,
      unknownKey.accessKeyId,
      MFA_CODE,
    ];
    // The scan is not vacuous: every send produced a record, and every logger wrote it.
    expect(records).toHaveLength(14 * LOGGERS.length);
    expect(new Set(records.map((r) => r.error?.fault ?? 'ok'))).toEqual(
      new Set(['ok', 'client', 'server', 'network']),
    );
    expect(written.filter((line) => line.includes('aws.request')).length).toBeGreaterThanOrEqual(
      records.length,
    );
    const outputs = [
      ...records.map((r) => JSON.stringify(r)),
      ...records.map((r) => inspect(r, { depth: 10 })),
      ...written,
    ];
    for (const secret of secrets) {
      const leaks = outputs.filter((output) => output.includes(secret));
      expect(leaks, `a secret leaked: ${leaks[0]?.slice(0, 80) ?? ''}`).toEqual([]);
    }
  });
});
