import { STSClient } from '@aws-sdk/client-sts';
import { identityLoggerPlugin, type IdentityLogRecord } from '@rolechain/identity-logger';
import type { MetadataBearer, Pluggable } from '@smithy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { captureOperation, middlewaresOf, noOpsLike, replayer, type CapturedOperation } from './replay';
import { createWorld, region, serve } from './world';

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let server: ReturnType<typeof serve> | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** One GetCallerIdentity sent by a real client through the mock, with the plugin and a capture attached. */
async function sendAndCapture(): Promise<{ captured: CapturedOperation; sent: IdentityLogRecord }> {
  const world = createWorld();
  server = serve(world);
  const records: IdentityLogRecord[] = [];
  const client = new STSClient({ region, credentials: world.user.credentials });
  client.middlewareStack.use(
    identityLoggerPlugin({
      logger: silent,
      resolveUnknown: 'none',
      onRecord: (record) => records.push(record),
    }),
  );
  const captured = await captureOperation(client);
  const [sent] = records;
  if (sent === undefined) throw new Error('the plugin wrote no record');
  return { captured, sent };
}

describe('replaying a captured operation', () => {
  it("writes through the plugin's own middlewares the record the real send wrote", async () => {
    const { captured, sent } = await sendAndCapture();
    const records: IdentityLogRecord[] = [];
    const plugin = identityLoggerPlugin({
      logger: silent,
      resolveUnknown: 'none',
      onRecord: (record) => records.push(record),
    });
    const replay = replayer(middlewaresOf(plugin), captured);
    await replay();
    await replay();
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect({ ...record, durationMs: 0 }).toEqual({ ...sent, durationMs: 0 });
    }
    expect(records[0]?.identity?.accountId).toBe('111111111111');
  });

  it('runs no-op middlewares at the same steps, which answer what the transport answered', async () => {
    const { captured } = await sendAndCapture();
    const middlewares = middlewaresOf(identityLoggerPlugin({ logger: silent, resolveUnknown: 'none' }));
    const floor = noOpsLike(middlewares);
    expect(floor.map((entry) => entry.step)).toEqual(middlewares.map((entry) => entry.step));
    await expect(replayer(floor, captured)()).resolves.toBe(captured.result);
  });

  it('refuses a plugin it could not place faithfully', () => {
    const relative: Pluggable<object, MetadataBearer> = {
      applyToStack: (stack) => {
        stack.addRelativeTo((next: unknown) => next as never, {
          relation: 'after',
          toMiddleware: 'retryMiddleware',
        });
      },
    };
    const serializing: Pluggable<object, MetadataBearer> = {
      applyToStack: (stack) => {
        stack.add((next: unknown) => next as never, { step: 'serialize' });
      },
    };
    expect(() => middlewaresOf(relative)).toThrow(/relative to another/);
    expect(() => middlewaresOf(serializing)).toThrow(/serialize step/);
  });
});
