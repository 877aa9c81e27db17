import { describe, expect, it } from 'vitest';
import { ASSUMED_IDENTITY, readAssumedIdentity } from './assumed-identity';
import { SAMPLE_ASSUMED_IDENTITY as identity } from './fixtures';

describe('readAssumedIdentity', () => {
  it('uses the registered symbol of decision 0001', () => {
    expect(ASSUMED_IDENTITY).toBe(Symbol.for('@rolechain/assumed-identity'));
  });

  it('reads the identity attached under the symbol', () => {
    expect(readAssumedIdentity({ accessKeyId: 'a', [ASSUMED_IDENTITY]: identity })).toBe(identity);
    const full = {
      ...identity,
      sourceIdentity: 'alice',
      source: { ...identity.source, arn: 'x', accountId: '1' },
    };
    expect(readAssumedIdentity({ [ASSUMED_IDENTITY]: full })).toBe(full);
  });

  it('ignores credentials from elsewhere and any partial or foreign shape', () => {
    const broken: unknown[] = [
      { arn: 'x' },
      null,
      'x',
      { ...identity, accountId: 3 },
      { ...identity, sourceIdentity: 1 },
      { ...identity, chain: [{ arn: 'x' }] },
      { ...identity, chain: [{ ...identity.chain[0], expiration: '2026-01-01' }] },
      { ...identity, source: null },
      { ...identity, source: { accessKeyId: 1 } },
      { ...identity, source: { accessKeyId: 'a', arn: 1 } },
    ];
    for (const meta of broken) expect(readAssumedIdentity({ [ASSUMED_IDENTITY]: meta })).toBeUndefined();
    for (const credentials of [undefined, null, 'x', 1, { accessKeyId: 'a' }]) {
      expect(readAssumedIdentity(credentials)).toBeUndefined();
    }
  });

  it('never throws, even for a proxy whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(readAssumedIdentity(hostile)).toBeUndefined();
    expect(readAssumedIdentity({ [ASSUMED_IDENTITY]: hostile })).toBeUndefined();
  });

  it('loses the identity when credentials are copied through JSON, as the decision says', () => {
    const copy = JSON.parse(JSON.stringify({ accessKeyId: 'a', [ASSUMED_IDENTITY]: identity })) as object;
    expect(readAssumedIdentity(copy)).toBeUndefined();
  });
});
