import { describe, expect, it } from 'vitest';
import { ASSUMED_IDENTITY, readAssumedIdentity, sourceArnKnown } from './assumed-identity';

const metadata = {
  arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
  accountId: '333333333333',
  roleArn: 'arn:aws:iam::333333333333:role/reader',
  sessionName: 'ci-42',
  sourceIdentity: 'alice',
  chain: [
    {
      roleArn: 'arn:aws:iam::222222222222:role/a',
      arn: 'arn:aws:sts::222222222222:assumed-role/a/ci-42',
      expiration: new Date(),
    },
    {
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      expiration: new Date(),
    },
  ],
  source: {
    arn: 'arn:aws:iam::111111111111:user/alice',
    accountId: '111111111111',
    accessKeyId: 'AKIA…WXYZ',
  },
};

function credentialsWith(meta: unknown): object {
  return {
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: 'secret',
    [Symbol.for('@rolechain/assumed-identity')]: meta,
  };
}

describe('readAssumedIdentity', () => {
  it('reads the metadata under the registered symbol the provider uses', () => {
    expect(ASSUMED_IDENTITY).toBe(Symbol.for('@rolechain/assumed-identity'));
    expect(readAssumedIdentity(credentialsWith(metadata))).toEqual({
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      sessionName: 'ci-42',
      sourceIdentity: 'alice',
      hopArns: [
        'arn:aws:sts::222222222222:assumed-role/a/ci-42',
        'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      ],
      sourceArn: 'arn:aws:iam::111111111111:user/alice',
    });
  });

  it('accepts metadata without the optional source identity and source ARN', () => {
    const view = readAssumedIdentity(
      credentialsWith({ ...metadata, sourceIdentity: undefined, source: { accessKeyId: 'AKIA…WXYZ' } }),
    );
    expect(view?.sourceIdentity).toBeUndefined();
    expect(view?.sourceArn).toBeUndefined();
  });

  it('ignores credentials without metadata', () => {
    expect(readAssumedIdentity({ accessKeyId: 'AKIA', secretAccessKey: 's' })).toBeUndefined();
  });

  it.each([
    ['not an object', 'arn:aws:sts::333333333333:assumed-role/reader/ci-42'],
    ['arn missing', { ...metadata, arn: undefined }],
    ['accountId not a string', { ...metadata, accountId: 333333333333 }],
    ['empty chain', { ...metadata, chain: [] }],
    ['a hop without arn', { ...metadata, chain: [{ roleArn: 'x', expiration: new Date() }] }],
    ['a hop without expiration', { ...metadata, chain: [{ roleArn: 'x', arn: 'y' }] }],
    ['no roleArn', { ...metadata, roleArn: undefined }],
    ['source without its masked key', { ...metadata, source: { arn: 'arn:aws:iam::1:user/a' } }],
    ['no source', { ...metadata, source: undefined }],
    ['source arn not a string', { ...metadata, source: { arn: 1 } }],
    ['sourceIdentity not a string', { ...metadata, sourceIdentity: ['alice'] }],
  ])('ignores metadata of the wrong shape (%s) rather than half-trusting it', (_, meta) => {
    expect(readAssumedIdentity(credentialsWith(meta))).toBeUndefined();
  });
});

describe('sourceArnKnown', () => {
  it('is true once the metadata names the base identity ARN, and false before or without metadata', () => {
    expect(sourceArnKnown(credentialsWith(metadata))).toBe(true);
    expect(sourceArnKnown(credentialsWith({ ...metadata, source: { accessKeyId: 'AKIA…WXYZ' } }))).toBe(
      false,
    );
    expect(sourceArnKnown(credentialsWith({ ...metadata, source: { arn: 1 } }))).toBe(false);
    expect(sourceArnKnown({ accessKeyId: 'AKIA', secretAccessKey: 's' })).toBe(false);
  });
});
