import { describe, expect, it } from 'vitest';
import { ASSUMED_IDENTITY, getAssumedIdentity, type AssumedIdentity } from './identity';

const identity: AssumedIdentity = {
  arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
  accountId: '333333333333',
  roleArn: 'arn:aws:iam::333333333333:role/reader',
  sessionName: 'ci-42',
  chain: [
    {
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      expiration: new Date(0),
    },
  ],
  source: { accessKeyId: 'AKIA…WXYZ' },
};

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
