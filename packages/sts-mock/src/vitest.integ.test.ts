// The `@rolechain/sts-mock/vitest` matchers on calls the real SDK made, as a user's test would write them.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import { stsMatchers } from '@rolechain/sts-mock/vitest';

expect.extend(stsMatchers);

const sts = createStsMock();
const server = setupServer(...sts.handlers);

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const bob = sts.createUser({ accountId: '111111111111', userName: 'bob' });
const deployer = sts.createRole({
  accountId: '222222222222',
  roleName: 'deployer',
  path: '/team/',
  trustedPrincipals: [alice.arn],
});
const reader = sts.createRole({
  accountId: '333333333333',
  roleName: 'reader',
  trustedPrincipals: [deployer.arn],
});

// One scenario for the whole file: alice chains deployer → reader through the SDK's own provider and
// checks who she is; bob tries deployer and is refused.
beforeAll(async () => {
  server.listen(failOnUnhandledRequests);
  const chained = fromTemporaryCredentials({
    params: { RoleArn: reader.arn, RoleSessionName: 'read-1' },
    masterCredentials: fromTemporaryCredentials({
      params: { RoleArn: deployer.arn, RoleSessionName: 'deploy-1' },
      masterCredentials: alice.credentials,
      clientConfig: { region: 'eu-west-1' },
    }),
    clientConfig: { region: 'eu-west-1' },
  });
  await new STSClient({ region: 'eu-west-1', credentials: chained }).send(new GetCallerIdentityCommand({}));
  await new STSClient({ region: 'eu-west-1', credentials: bob.credentials, maxAttempts: 1 })
    .send(new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'sneaky' }))
    .catch(() => undefined);
});
afterAll(() => {
  server.close();
});

const readerSession = 'arn:aws:sts::333333333333:assumed-role/reader/read-1';

describe('passing assertions', () => {
  test('toHaveAssumedRole: by whom, with which session name, how often', () => {
    expect(sts).toHaveAssumedRole(deployer.arn, { by: alice.arn, sessionName: 'deploy-1', times: 1 });
    // A role ARN as `by` stands for its sessions: deployer's session assumed reader.
    expect(sts).toHaveAssumedRole(reader.arn, { by: deployer.arn, sessionName: 'read-1' });
    expect(sts).not.toHaveAssumedRole(deployer.arn, { by: bob.arn });
  });

  test('toHaveBeenCalledBy: the final session signed GetCallerIdentity', () => {
    expect(sts).toHaveBeenCalledBy(readerSession);
    expect(sts).toHaveBeenCalledBy(reader.arn);
    expect(sts).toHaveBeenCalledBy(bob.arn);
  });

  test("toHaveReceivedStsCall: bob's refused attempt, with its error and params", () => {
    expect(sts).toHaveReceivedStsCall('AssumeRole', {
      by: bob.arn,
      status: 403,
      errorCode: 'AccessDenied',
      params: { RoleArn: deployer.arn, RoleSessionName: expect.stringMatching(/^sneak/) as string },
      times: 1,
    });
    expect(sts).toHaveReceivedStsCall('GetCallerIdentity', { by: readerSession, times: 1 });
  });
});

describe('failing assertions explain themselves', () => {
  test('a missing assumption lists what the mock saw', () => {
    expect(() => {
      expect(sts).toHaveAssumedRole(reader.arn, { by: alice.arn });
    }).toThrow(
      new RegExp(
        [
          `^expected the STS mock to have assumed role ${reader.arn} by ${alice.arn}, but it did 0 times\\n`,
          `\\nSTS calls received \\(4\\):\\n`,
          `  1\\. AssumeRole → 200 by ${alice.arn} .*"RoleArn":"${deployer.arn}".*\\n`,
          `  2\\. AssumeRole → 200 by arn:aws:sts::222222222222:assumed-role/deployer/deploy-1 .*\\n`,
          `  3\\. GetCallerIdentity → 200 by ${readerSession} \\{\\}\\n`,
          `  4\\. AssumeRole → 403 AccessDenied by ${bob.arn} .*"RoleSessionName":"sneaky".*$`,
        ].join(''),
      ),
    );
  });

  test('a wrong count says how many there were', () => {
    expect(() => {
      expect(sts).toHaveAssumedRole(deployer.arn, { times: 2 });
    }).toThrow(
      `expected the STS mock to have assumed role ${deployer.arn} exactly 2 times, but it did 1 time`,
    );
  });

  test('.not says how often it did happen', () => {
    expect(() => {
      expect(sts).not.toHaveBeenCalledBy(alice.arn);
    }).toThrow(`expected the STS mock not to have been called by ${alice.arn}, but it did 1 time`);
  });
});
