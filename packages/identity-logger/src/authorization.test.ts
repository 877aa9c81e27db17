import { describe, expect, it } from 'vitest';
import { credentialIndex, signingScope } from './authorization';

const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=ASIAY34FZKBOKMUTVV7A/20261128/eu-west-1/s3/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=f5a46328bb2820dd27eb5ff2e6d1508eddba62360d3ffb7556e328e70d1dafd1';

describe('credentialIndex', () => {
  it('points at the access key id inside a SigV4 header', () => {
    const index = credentialIndex(SIGV4);
    expect(SIGV4.startsWith('ASIAY34FZKBOKMUTVV7A/', index)).toBe(true);
  });

  it('is -1 when there is no AWS credential', () => {
    expect(credentialIndex(undefined)).toBe(-1);
    expect(credentialIndex('Bearer abc')).toBe(-1);
  });
});

describe('signingScope', () => {
  it('reads key id and region from a SigV4 header', () => {
    expect(signingScope(SIGV4)).toEqual({ accessKeyId: 'ASIAY34FZKBOKMUTVV7A', region: 'eu-west-1' });
  });

  it('has no region for SigV4a, whose scope names none', () => {
    const sigv4a =
      'AWS4-ECDSA-P256-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20261128/s3/aws4_request, SignedHeaders=host, Signature=30';
    expect(signingScope(sigv4a)).toEqual({ accessKeyId: 'AKIAY34FZKBOKMUTVV7A', region: null });
  });

  it('is undefined for unsigned requests, bearer tokens and malformed headers', () => {
    expect(signingScope(undefined)).toBeUndefined();
    expect(signingScope('Bearer token')).toBeUndefined();
    expect(signingScope('AWS4-HMAC-SHA256 Credential=/20261128')).toBeUndefined();
    expect(signingScope('AWS4-HMAC-SHA256 Credential=AKIDONLY')).toBeUndefined();
  });
});
