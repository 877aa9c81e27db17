import { describe, expect, it, vi } from 'vitest';
import { SAMPLE_ASSUMED_IDENTITY as identity } from '@rolechain/aws-rules/fixtures';
import { ASSUMED_IDENTITY, getAssumedIdentity, LEARN_SOURCE, readAssumedIdentity } from './identity';

describe('getAssumedIdentity', () => {
  it('uses the registered symbol of decision 0001', () => {
    expect(ASSUMED_IDENTITY).toBe(Symbol.for('@rolechain/assumed-identity'));
  });

  it('reads the identity attached under the symbol', () => {
    expect(getAssumedIdentity({ accessKeyId: 'a', [ASSUMED_IDENTITY]: identity })).toBe(identity);
  });

  it('answers undefined for credentials from elsewhere or malformed metadata', () => {
    expect(getAssumedIdentity({ accessKeyId: 'a' })).toBeUndefined();
    expect(getAssumedIdentity(undefined)).toBeUndefined();
    expect(getAssumedIdentity({ [ASSUMED_IDENTITY]: { arn: 'x' } })).toBeUndefined();
    expect(getAssumedIdentity({ [ASSUMED_IDENTITY]: null })).toBeUndefined();
  });

  it('loses the identity when credentials are copied through JSON, as the decision says', () => {
    const copy = JSON.parse(JSON.stringify({ accessKeyId: 'a', [ASSUMED_IDENTITY]: identity })) as object;
    expect(getAssumedIdentity(copy)).toBeUndefined();
  });

  it('asks the provider to learn the base identity while source.arn is unknown, and only then', () => {
    const learn = vi.fn();
    const source = Object.defineProperty({ accessKeyId: 'AKIA…WXYZ' }, LEARN_SOURCE, { value: learn });
    const credentials = { accessKeyId: 'a', [ASSUMED_IDENTITY]: { ...identity, source } };
    readAssumedIdentity(credentials); // the provider's own reads never ask
    expect(learn).not.toHaveBeenCalled();
    expect(getAssumedIdentity(credentials)?.source.arn).toBeUndefined();
    expect(learn).toHaveBeenCalledTimes(1);
    Object.assign(source, { arn: 'arn:aws:iam::111111111111:user/alice' });
    getAssumedIdentity(credentials);
    expect(learn).toHaveBeenCalledTimes(1);
    // A look-alike function under a string key is not ours to call.
    const foreign = vi.fn();
    getAssumedIdentity({ [ASSUMED_IDENTITY]: { ...identity, source: { accessKeyId: 'x', learn: foreign } } });
    expect(foreign).not.toHaveBeenCalled();
  });
});
