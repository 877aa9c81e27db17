/**
 * The signing identity on the AWS SDK's spans, with real parts only: OpenTelemetry's SDK (a tracer provider
 * with an in-memory exporter, the AsyncLocalStorage context manager) and its AWS SDK instrumentation around
 * real STS clients, over HTTP to the STS mock through msw. Ground truth is the mock's call log: who signed
 * each request it answered. One faked clock (Date only) drives the mock, the provider and the signer.
 */
import { randomBytes } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import type { StsCall } from '@rolechain/sts-mock';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { maskAccessKeyId } from '@rolechain/aws-rules';
import type { IdentityLoggerOptions } from './options';
import type { IdentityLogRecord } from './record';

// The instrumentation patches the SDK's client class as the SDK's modules are required: registered before
// anything below that loads them (the plugin's own STS lookup client included) is imported.
const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
trace.setGlobalTracerProvider(tracerProvider);
const instrumentation = new AwsInstrumentation();
const unregister = registerInstrumentations({ instrumentations: [instrumentation], tracerProvider });
const { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
const { ConfiguredRetryStrategy } = await import('@smithy/core/retry');
const { fromRoleChain, getAssumedIdentity } = await import('@rolechain/credential-provider');
const { identityLoggerPlugin } = await import('./plugin');

const REGION = 'eu-west-1';
const MIN = 60_000;
const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const now = (): number => Date.now();
const { sts } = useStsMock({ now: () => new Date(now()) });

const trusting = (principal: string) => ({
  Version: '2012-10-17' as const,
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { AWS: principal },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
    },
  ],
});
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustPolicy: trusting(alice.arn) });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustPolicy: trusting(a.arn) });
const reader = sts.createRole({
  accountId: '444444444444',
  roleName: 'reader',
  path: '/team/',
  trustPolicy: trusting(b.arn),
});
const vault = sts.createRole({
  accountId: '444444444444',
  roleName: 'vault',
  trustPolicy: trusting(alice.arn),
});

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
});
afterEach(() => {
  exporter.reset();
  vi.setSystemTime(T0);
});
afterAll(async () => {
  vi.useRealTimers();
  unregister();
  contextManager.disable();
  trace.disable();
  context.disable();
  await tracerProvider.shutdown();
});

function threeHops() {
  return fromRoleChain({
    source: alice.credentials,
    region: REGION,
    roles: [
      { roleArn: a.arn, roleSessionName: 'ci-42', sourceIdentity: 'alice' },
      { roleArn: b.arn, roleSessionName: 'ci-42' },
      { roleArn: reader.arn, roleSessionName: 'ci-42' },
    ],
    now,
  });
}

function loggedClient(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  options: IdentityLoggerOptions = {},
) {
  const records: IdentityLogRecord[] = [];
  const plugin = identityLoggerPlugin({ onRecord: (record) => records.push(record), ...options });
  const client = new STSClient({
    region: REGION,
    credentials,
    retryStrategy: new ConfiguredRetryStrategy(3, 0),
  });
  client.middlewareStack.use(plugin);
  return { client, plugin, records };
}

/**
 * The spans of the calls the test's client made: root spans, since the provider's own STS calls and the
 * plugin's lookups happen inside them (their spans are children) or before them.
 */
function callSpans(name: string): ReadableSpan[] {
  return exporter
    .getFinishedSpans()
    .filter((span) => span.name === name && span.parentSpanContext === undefined);
}

/** A three-hop chain whose first credentials, and the base identity's ARN, the provider already has. */
async function warmChain() {
  const credentials = threeHops();
  // The provider learns the base identity's ARN when asked: the chain starts with it once known.
  getAssumedIdentity(await credentials());
  await vi.waitFor(() => {
    expect(
      sts.calls.some((call) => call.action === 'GetCallerIdentity' && call.caller?.arn === alice.arn),
    ).toBe(true);
  });
  exporter.reset();
  return credentials;
}

/** The attributes the plugin sets, by name. */
function identityOn(span: ReadableSpan | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(span?.attributes ?? {}).filter(([key]) => key.startsWith('rolechain.')),
  );
}

type Signer = NonNullable<StsCall['caller']>;

/**
 * What the span must say of the identity the mock saw sign, for the three-hop chain's session: its ARN and
 * key as the mock recorded them, the role and session the last hop asked for, the source identity the first
 * hop set, and who called each hop.
 */
function chainIdentity(signer: Signer, hops: readonly StsCall[]) {
  const last = hops.at(-1);
  return {
    'rolechain.identity.arn': signer.arn,
    'rolechain.identity.account.id': signer.arn.split(':')[4],
    'rolechain.identity.role.arn': last?.params['RoleArn'],
    'rolechain.identity.session.name': last?.params['RoleSessionName'],
    'rolechain.identity.source_identity': hops[0]?.params['SourceIdentity'],
    'rolechain.identity.chain': hops.map((call) => call.caller?.arn),
    'rolechain.identity.access_key_id': maskAccessKeyId(signer.accessKeyId),
    'rolechain.identity.resolved_by': 'rolechain',
  };
}

const assumeRoleCalls = () => sts.calls.filter((call) => call.action === 'AssumeRole');

describe('the AWS SDK instrumentation span of each call', () => {
  it('carries the identity the mock saw sign the call: role session, role, source identity, chain', async () => {
    const { client } = loggedClient(await warmChain());

    await client.send(new GetCallerIdentityCommand({}));

    const signed = sts.calls.filter((call) => call.action === 'GetCallerIdentity').at(-1);
    const [span] = callSpans('STS.GetCallerIdentity').slice(-1);
    expect(identityOn(span)).toEqual(chainIdentity(signed!.caller!, assumeRoleCalls()));
    expect(identityOn(span)['rolechain.identity.role.arn']).toBe(
      'arn:aws:iam::444444444444:role/team/reader',
    );
  });

  it('after a throttled first attempt, names the identity that signed the retry the mock accepted', async () => {
    const { client, records } = loggedClient(await warmChain());
    const before = sts.calls.length;
    sts.inject({ action: 'GetCallerIdentity', error: 'Throttling', times: 1 });

    await client.send(new GetCallerIdentityCommand({}));

    const attempts = sts.calls.slice(before);
    expect(attempts.map((call) => call.errorCode ?? 'ok')).toEqual(['Throttling', 'ok']);
    const spans = callSpans('STS.GetCallerIdentity');
    expect(spans).toHaveLength(1);
    expect(records[0]?.attempts).toBe(2);
    expect(identityOn(spans[0])).toMatchObject({
      'rolechain.identity.arn': attempts[1]?.caller?.arn,
      'rolechain.identity.access_key_id': maskAccessKeyId(attempts[1]!.caller!.accessKeyId),
    });
  });

  it('on a call refused with AccessDenied, names who was refused, on the span marked as an error', async () => {
    const { client } = loggedClient(await warmChain());

    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: vault.arn, RoleSessionName: 'nope' })),
    ).rejects.toThrow(/not authorized/);

    const refused = assumeRoleCalls().find((call) => call.errorCode === 'AccessDenied');
    const [span] = callSpans('STS.AssumeRole');
    expect(span?.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(identityOn(span)).toMatchObject({
      'rolechain.identity.arn': refused?.caller?.arn,
      'rolechain.identity.access_key_id': maskAccessKeyId(refused!.caller!.accessKeyId),
    });
  });

  it('names the new key after the chain refreshed between two calls, each as the mock saw it sign', async () => {
    const { client } = loggedClient(threeHops());

    await client.send(new GetCallerIdentityCommand({}));
    vi.setSystemTime(T0 + 61 * MIN); // past the sessions' expiry: the next call needs new credentials
    await client.send(new GetCallerIdentityCommand({}));

    const signers = sts.calls
      .filter(
        (call) => call.action === 'GetCallerIdentity' && call.caller?.arn.includes(':assumed-role/') === true,
      )
      .map((call) => call.caller!);
    expect(signers).toHaveLength(2);
    expect(signers[1]?.accessKeyId).not.toBe(signers[0]?.accessKeyId);
    expect(
      callSpans('STS.GetCallerIdentity').map((span) => identityOn(span)['rolechain.identity.access_key_id']),
    ).toEqual(signers.map((signer) => maskAccessKeyId(signer.accessKeyId)));
  });

  it('for keys without rolechain metadata, says what the key tells until the one lookup has named it', async () => {
    const { client, plugin } = loggedClient(alice.credentials);

    await client.send(new GetCallerIdentityCommand({}));
    await plugin.flush();
    await client.send(new GetCallerIdentityCommand({}));

    const [first, second] = callSpans('STS.GetCallerIdentity');
    expect(identityOn(first)).toEqual({
      'rolechain.identity.account.id': '111111111111',
      'rolechain.identity.access_key_id': maskAccessKeyId(alice.accessKeyId),
      'rolechain.identity.resolved_by': 'none',
    });
    expect(identityOn(second)).toEqual({
      'rolechain.identity.arn': alice.arn,
      'rolechain.identity.account.id': '111111111111',
      'rolechain.identity.access_key_id': maskAccessKeyId(alice.accessKeyId),
      'rolechain.identity.resolved_by': 'sts',
    });
  });

  it('marks a call AWS accepts unsigned, and names no identity', async () => {
    const { client } = loggedClient(alice.credentials, { resolveUnknown: 'none' });
    const { AssumeRoleWithWebIdentityCommand } = await import('@aws-sdk/client-sts');

    await expect(
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: reader.arn,
          RoleSessionName: 'web',
          WebIdentityToken: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
        }),
      ),
    ).rejects.toThrow();

    expect(identityOn(callSpans('STS.AssumeRoleWithWebIdentity')[0])).toEqual({
      'rolechain.identity.unsigned': true,
    });
  });

  it('sets nothing with spanAttributes: false', async () => {
    const { client, records } = loggedClient(threeHops(), { spanAttributes: false });

    await client.send(new GetCallerIdentityCommand({}));

    expect(records[0]?.identity?.resolvedBy).toBe('rolechain');
    expect(identityOn(callSpans('STS.GetCallerIdentity')[0])).toEqual({});
  });

  it('rejects a spanAttributes that is not a boolean, naming it', () => {
    expect(() => identityLoggerPlugin({ spanAttributes: 'no' as never })).toThrow(
      'identityLoggerPlugin: spanAttributes: must be true or false, got a string',
    );
  });
});

describe('without an active span', () => {
  it('logs as usual and creates no span', async () => {
    // The base identity is learnt first, so the provider's own lookup is not part of what is measured here.
    const credentials = await warmChain();
    instrumentation.disable();
    try {
      const { client, records } = loggedClient(credentials);
      await client.send(new GetCallerIdentityCommand({}));
      expect(records[0]?.identity?.resolvedBy).toBe('rolechain');
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      instrumentation.enable();
    }
  });
});

describe('secrets', () => {
  it('never appear in any attribute of any span, whatever the outcome', async () => {
    const planted = randomBytes(24).toString('base64');
    const chained = threeHops();
    const { client } = loggedClient(chained);
    const stranger = {
      accessKeyId: 'AKIAY34FZKBOKMUTVV7A',
      secretAccessKey: planted,
      sessionToken: `${planted}token`,
    };
    const strangerClient = loggedClient(stranger);
    sts.inject({ action: 'GetCallerIdentity', error: 'Throttling', times: 1 });

    await client.send(new GetCallerIdentityCommand({}));
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: vault.arn, RoleSessionName: 'x' })),
    ).rejects.toThrow();
    await expect(strangerClient.client.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
    await strangerClient.plugin.flush();

    const secrets = [planted, alice.credentials.secretAccessKey, stranger.accessKeyId];
    const signing = await chained();
    secrets.push(signing.secretAccessKey, signing.sessionToken, signing.accessKeyId);
    for (const call of sts.calls) if (call.caller !== undefined) secrets.push(call.caller.accessKeyId);
    const attributes = JSON.stringify(exporter.getFinishedSpans().map((span) => identityOn(span)));
    expect(attributes).toContain('rolechain.identity.access_key_id');
    for (const secret of secrets) expect(attributes).not.toContain(secret);
  });
});
