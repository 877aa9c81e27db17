import { describe, expect, it, vi } from 'vitest';
import {
  ASSUMED_IDENTITY,
  LEARN_SOURCE,
  learnSourceIdentity,
  readAssumedIdentity,
  type AssumedIdentity,
} from './assumed-identity';
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

describe('learnSourceIdentity', () => {
  const withHook = (arn: string | undefined, hook: unknown): AssumedIdentity => {
    const source = { accessKeyId: 'ASIA…WXYZ', ...(arn === undefined ? {} : { arn }) };
    Object.defineProperty(source, LEARN_SOURCE, { value: hook });
    return { ...identity, source };
  };

  it('asks the provider (its hook under the registered symbol) while the base ARN is unknown', () => {
    expect(LEARN_SOURCE).toBe(Symbol.for('@rolechain/learn-source'));
    const hook = vi.fn();
    learnSourceIdentity(withHook(undefined, hook));
    expect(hook).toHaveBeenCalledOnce();
  });

  it('asks nothing once the base ARN is known', () => {
    const hook = vi.fn();
    learnSourceIdentity(withHook('arn:aws:iam::111111111111:user/alice', hook));
    expect(hook).not.toHaveBeenCalled();
  });

  it('never throws, whatever hangs under the symbol', () => {
    for (const hook of [
      undefined,
      'not a function',
      () => {
        throw new Error('boom');
      },
    ]) {
      expect(() => {
        learnSourceIdentity(withHook(undefined, hook));
      }).not.toThrow();
    }
  });
});
