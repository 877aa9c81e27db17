import { describe, expect, it } from 'vitest';
import { SAMPLE_ASSUMED_IDENTITY as identity } from '@rolechain/aws-rules/fixtures';
import { ASSUMED_IDENTITY, getAssumedIdentity } from './identity';

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
});
