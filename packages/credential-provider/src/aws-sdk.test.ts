import * as sts from '@aws-sdk/client-sts';
import * as nodeCrypto from 'node:crypto';
import * as client from '@aws-sdk/core/client';
import * as retry from '@smithy/core/retry';
import { describe, expect, it } from 'vitest';
import * as sdk from './aws-sdk.cjs';

describe('aws-sdk.cjs', () => {
  it("hands out the SDK's own STS client and commands, the ones a user imports (instanceof, client mocks)", () => {
    expect(sdk.STSClient).toBe(sts.STSClient);
    expect(sdk.AssumeRoleCommand).toBe(sts.AssumeRoleCommand);
    expect(sdk.GetCallerIdentityCommand).toBe(sts.GetCallerIdentityCommand);
    expect(sdk.setCredentialFeature).toBe(client.setCredentialFeature);
    expect(sdk.isThrottlingError).toBe(retry.isThrottlingError);
    expect(sdk.isTransientError).toBe(retry.isTransientError);
    expect(sdk.randomUUID).toBe(nodeCrypto.randomUUID);
  });
});
