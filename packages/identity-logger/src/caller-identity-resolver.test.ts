import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { CallerIdentityResolver, type CallerIdentity } from './caller-identity-resolver';

const KEY_A = 'ASIAY34FZKBOKMUTAAAA';
const KEY_B = 'ASIAY34FZKBOKMUTBBBB';

function credentials(accessKeyId: string): AwsCredentialIdentity {
  return { accessKeyId, secretAccessKey: `secret-${accessKeyId}` };
}

/** A lookup the test answers by hand, recording what it was asked. */
function manualLookup() {
  const calls: {
    accessKeyId: string;
    region: string;
    answer: (c: CallerIdentity) => void;
    fail: () => void;
  }[] = [];
  const lookup = (creds: AwsCredentialIdentity, region: string) =>
    new Promise<CallerIdentity>((resolve, reject) => {
      calls.push({
        accessKeyId: creds.accessKeyId,
        region,
        answer: resolve,
        fail: () => {
          reject(new Error('down'));
        },
      });
    });
  return { calls, lookup };
}

function resolver(
  lookup: (c: AwsCredentialIdentity, r: string) => Promise<CallerIdentity>,
  clock = { now: 0 },
  maxEntries = 10,
) {
  return new CallerIdentityResolver({ lookup, maxEntries, retryAfterMs: 60_000, now: () => clock.now });
}

const ALICE = { arn: 'arn:aws:sts::111111111111:assumed-role/reader/alice', accountId: '111111111111' };

describe('CallerIdentityResolver', () => {
  it('looks a key up once, however many callers ask while the lookup runs', async () => {
    const { calls, lookup } = manualLookup();
    const r = resolver(lookup);
    const first = r.resolve(credentials(KEY_A), 'eu-west-1');
    const second = r.resolve(credentials(KEY_A), 'eu-west-1');
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.region).toBe('eu-west-1');
    calls[0]?.answer(ALICE);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      arn: ALICE.arn,
      accountId: '111111111111',
      sessionName: 'alice',
      resolvedBy: 'sts',
    });
    expect(a.accessKeyId).toBe('ASIA…AAAA');
  });

  it('answers from its cache afterwards, with no lookup', async () => {
    const { calls, lookup } = manualLookup();
    const r = resolver(lookup);
    expect(r.known(KEY_A)).toBeUndefined();
    const pending = r.resolve(credentials(KEY_A), 'eu-west-1');
    await Promise.resolve();
    calls[0]?.answer(ALICE);
    await pending;
    expect(r.known(KEY_A)?.arn).toBe(ALICE.arn);
    await r.resolve(credentials(KEY_A), 'eu-west-1');
    expect(calls).toHaveLength(1);
  });

  it('keeps one lookup per key: different keys are looked up separately', async () => {
    const { calls, lookup } = manualLookup();
    const r = resolver(lookup);
    void r.resolve(credentials(KEY_A), 'eu-west-1');
    void r.resolve(credentials(KEY_B), 'eu-west-1');
    await Promise.resolve();
    expect(calls.map((c) => c.accessKeyId)).toEqual([KEY_A, KEY_B]);
  });

  it('reports a key it could not resolve with what it knows, and retries only after retryAfterMs', async () => {
    const { calls, lookup } = manualLookup();
    const clock = { now: 1_000 };
    const r = resolver(lookup, clock);
    const pending = r.resolve(credentials('ASIAY34FZKBOKMUTVV7A'), 'eu-west-1');
    await Promise.resolve();
    calls[0]?.fail();
    expect(await pending).toMatchObject({ arn: null, accountId: '609629065308', resolvedBy: 'none' });
    clock.now += 59_999;
    expect(r.known('ASIAY34FZKBOKMUTVV7A')?.resolvedBy).toBe('none');
    clock.now += 1;
    expect(r.known('ASIAY34FZKBOKMUTVV7A')).toBeUndefined();
    void r.resolve(credentials('ASIAY34FZKBOKMUTVV7A'), 'eu-west-1');
    await Promise.resolve();
    expect(calls).toHaveLength(2);
  });

  it('turns a lookup that throws synchronously into an unresolved identity, never a rejection', async () => {
    const r = resolver(() => {
      throw new Error('boom');
    });
    await expect(r.resolve(credentials(KEY_A), 'eu-west-1')).resolves.toMatchObject({ resolvedBy: 'none' });
  });

  it('forgets the least recently used key beyond maxEntries', async () => {
    let lookups = 0;
    const r = resolver(
      () => {
        lookups++;
        return Promise.resolve(ALICE);
      },
      { now: 0 },
      2,
    );
    await r.resolve(credentials(KEY_A), 'eu-west-1');
    await r.resolve(credentials(KEY_B), 'eu-west-1');
    await r.resolve(credentials('ASIAY34FZKBOKMUTCCCC'), 'eu-west-1');
    expect(r.known(KEY_A)).toBeUndefined();
    expect(r.known(KEY_B)).toBeDefined();
    await r.resolve(credentials(KEY_A), 'eu-west-1');
    expect(lookups).toBe(4);
  });
});
