import { describe, expect, it } from 'vitest';
import { sessionNameFromArn } from './arn';

describe('sessionNameFromArn', () => {
  it('reads the session of an assumed-role ARN, in every partition and with a role path', () => {
    expect(sessionNameFromArn('arn:aws:sts::333333333333:assumed-role/reader/ci-42')).toBe('ci-42');
    expect(sessionNameFromArn('arn:aws-cn:sts::333333333333:assumed-role/reader/a@b.c')).toBe('a@b.c');
    // The STS assumed-role ARN drops the role path, but a caller-built one may not.
    expect(sessionNameFromArn('arn:aws:sts::333333333333:assumed-role/team/reader/s')).toBe('s');
  });

  it('returns null for users, roles, federated users and non-ARNs', () => {
    expect(sessionNameFromArn('arn:aws:iam::111111111111:user/alice')).toBeNull();
    expect(sessionNameFromArn('arn:aws:iam::111111111111:role/reader')).toBeNull();
    expect(sessionNameFromArn('arn:aws:sts::111111111111:federated-user/bob')).toBeNull();
    expect(sessionNameFromArn('arn:aws:sts::111111111111:assumed-role/')).toBeNull();
    expect(sessionNameFromArn('not-an-arn')).toBeNull();
  });
});
