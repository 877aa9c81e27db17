import { describe, expect, it } from 'vitest';
import {
  identityFromAssumed,
  identityFromCallerIdentity,
  unresolvedIdentity,
  viaS3ExpressSession,
} from './identity';

const KEY = 'ASIAY34FZKBOKMUTWXYZ';

describe('identityFromAssumed', () => {
  it('lists the base identity and every hop but the last as the chain', () => {
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
    expect(identity).toEqual({
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/team/reader',
      accessKeyId: 'ASIA…WXYZ',
      sessionName: 'ci-42',
      sourceIdentity: 'alice',
      chain: ['arn:aws:iam::111111111111:user/alice', 'arn:aws:sts::222222222222:assumed-role/a/ci-42'],
      resolvedBy: 'rolechain',
    });
  });

  it('starts the chain at the first hop when the base identity is not known', () => {
    const identity = identityFromAssumed(
      {
        arn: 'arn:aws:sts::333333333333:assumed-role/reader/s',
        accountId: '333333333333',
        roleArn: 'arn:aws:iam::333333333333:role/reader',
        sessionName: 's',
        sourceIdentity: undefined,
        hopArns: ['arn:aws:sts::333333333333:assumed-role/reader/s'],
        sourceArn: undefined,
      },
      KEY,
    );
    expect(identity.chain).toEqual([]);
    expect(identity.sourceIdentity).toBeNull();
  });
});

describe('identityFromCallerIdentity', () => {
  it('takes ARN and account from STS and the session name from an assumed-role ARN', () => {
    expect(
      identityFromCallerIdentity(
        { arn: 'arn:aws:sts::444444444444:assumed-role/ops/bob', accountId: '444444444444' },
        KEY,
      ),
    ).toEqual({
      arn: 'arn:aws:sts::444444444444:assumed-role/ops/bob',
      accountId: '444444444444',
      roleArn: 'arn:aws:iam::444444444444:role/ops',
      accessKeyId: 'ASIA…WXYZ',
      sessionName: 'bob',
      sourceIdentity: null,
      chain: null,
      resolvedBy: 'sts',
    });
  });

  it('has no session name for a user', () => {
    const identity = identityFromCallerIdentity(
      { arn: 'arn:aws:iam::444444444444:user/bob', accountId: '444444444444' },
      'AKIAY34FZKBOKMUTWXYZ',
    );
    expect(identity.sessionName).toBeNull();
    expect(identity.roleArn).toBeNull();
  });

  it('names the role of an assumed-role ARN in its partition, without the path STS leaves out', () => {
    const identity = identityFromCallerIdentity(
      { arn: 'arn:aws-cn:sts::444444444444:assumed-role/ops/bob@example', accountId: '444444444444' },
      KEY,
    );
    expect(identity.roleArn).toBe('arn:aws-cn:iam::444444444444:role/ops');
  });
});

describe('unresolvedIdentity', () => {
  it('knows the masked key and the account the key encodes, nothing else', () => {
    expect(unresolvedIdentity('ASIAY34FZKBOKMUTVV7A')).toEqual({
      arn: null,
      accountId: '609629065308',
      roleArn: null,
      accessKeyId: 'ASIA…VV7A',
      sessionName: null,
      sourceIdentity: null,
      chain: null,
      resolvedBy: 'none',
    });
  });
});

describe('viaS3ExpressSession', () => {
  it('keeps the principal but shows the session key that signed', () => {
    const principal = unresolvedIdentity('ASIAY34FZKBOKMUTVV7A');
    const identity = viaS3ExpressSession(principal, 'ASIASESSIONKEYXXABCD');
    expect(identity).toEqual({ ...principal, accessKeyId: 'ASIA…ABCD', s3ExpressSession: true });
  });
});

describe('identities', () => {
  it('are frozen, so a consumer cannot corrupt a cached identity', () => {
    const identity = unresolvedIdentity('ASIAY34FZKBOKMUTVV7A');
    expect(Object.isFrozen(identity)).toBe(true);
  });
});
