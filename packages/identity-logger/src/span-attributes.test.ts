import { createRequire } from 'node:module';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { identityFromAssumed, unresolvedIdentity, viaS3ExpressSession } from './identity';
import { identityLoggerPlugin } from './plugin';
import type { IdentityLogRecord } from './record';
import { activeSpan, annotate, identityAttributes, type IdentitySpan } from './span-attributes';

const KEY = 'ASIAY34FZKBOKMUTWXYZ';
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

describe('identityAttributes', () => {
  it('names every known field of a rolechain identity, the key masked', () => {
    const identity = identityFromAssumed(
      {
        arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
        accountId: '333333333333',
        roleArn: 'arn:aws:iam::333333333333:role/team/reader',
        sessionName: 'ci-42',
        sourceIdentity: 'alice',
        hopArns: [
          'arn:aws:sts::222222222222:assumed-role/a/ci-42',
          'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
        ],
        sourceArn: 'arn:aws:iam::111111111111:user/alice',
      },
      KEY,
    );
    expect(identityAttributes(identity)).toEqual({
      'rolechain.identity.arn': 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      'rolechain.identity.account.id': '333333333333',
      'rolechain.identity.role.arn': 'arn:aws:iam::333333333333:role/team/reader',
      'rolechain.identity.session.name': 'ci-42',
      'rolechain.identity.source_identity': 'alice',
      'rolechain.identity.chain': [
        'arn:aws:iam::111111111111:user/alice',
        'arn:aws:sts::222222222222:assumed-role/a/ci-42',
      ],
      'rolechain.identity.access_key_id': 'ASIA…WXYZ',
      'rolechain.identity.resolved_by': 'rolechain',
    });
  });

  it('leaves out what is not known, and marks an S3 Express session', () => {
    expect(identityAttributes(viaS3ExpressSession(unresolvedIdentity(KEY), 'ASIASESSIONKEYXXABCD'))).toEqual({
      'rolechain.identity.account.id': '609629065308',
      'rolechain.identity.access_key_id': 'ASIA…ABCD',
      'rolechain.identity.resolved_by': 'none',
      'rolechain.identity.s3_express_session': true,
    });
  });
});

describe('annotate', () => {
  it('sets nothing on a span that stopped recording, and survives a span that throws', () => {
    const set: unknown[] = [];
    const ended: IdentitySpan = { isRecording: () => false, setAttributes: (a) => set.push(a) };
    const broken: IdentitySpan = {
      isRecording: () => true,
      setAttributes: () => {
        throw new Error('exporter gone');
      },
    };
    annotate(ended, { a: 'b' });
    expect(set).toEqual([]);
    expect(() => {
      annotate(broken, { a: 'b' });
    }).not.toThrow();
  });
});

describe('without OpenTelemetry', () => {
  it('logs as usual, finds no span and loads nothing of @opentelemetry/api', async () => {
    const seen: IdentityLogRecord[] = [];
    const client = new STSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'x' },
      requestHandler: {
        handle: () =>
          Promise.resolve({
            response: {
              statusCode: 200,
              headers: {},
              body: Buffer.from(
                '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/x</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>',
              ),
            },
          }),
      },
    });
    client.middlewareStack.use(
      identityLoggerPlugin({ onRecord: (r) => seen.push(r), resolveUnknown: 'none' }),
    );

    await client.send(new GetCallerIdentityCommand({}));

    expect(seen[0]?.identity?.accessKeyId).toBe('AKIA…VV7A');
    expect(activeSpan()).toBeUndefined();
    expect((globalThis as Record<symbol, unknown>)[OTEL_GLOBAL]).toBeUndefined();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((file) => file.includes('@opentelemetry'))).toEqual([]);
  });
});
