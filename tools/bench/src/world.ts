// The STS world every figure runs in: @rolechain/sts-mock with one user and a 3-hop role chain across four
// accounts, served in-process through msw. Also the anchors' providers, built the way users build them today.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import type { StsMock, StsRole, StsUser } from '@rolechain/sts-mock';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { setupServer } from 'msw/node';

export const region = 'eu-west-1';

export interface World {
  readonly sts: StsMock;
  readonly user: StsUser;
  readonly roles: readonly StsRole[];
  /** AssumeRole calls the mock answered so far, including those before a `clearFaults()`. */
  assumeRoleCalls(): number;
  /** Of those, the ones answered with an error (an injected fault, or a refusal). */
  failedAssumeRoleCalls(): number;
  /** Disarms every injected fault (the mock's `reset()` also forgets calls; this keeps the count). */
  clearFaults(): void;
}

export interface WorldOptions {
  /** The mock's clock, in epoch milliseconds; real time by default. */
  readonly now?: () => number;
  /** More endpoint URLs for the mock to answer on. */
  readonly endpoints?: readonly string[];
}

/** A user in 111111111111 and roles hop-1..hop-3 in 222…, 333…, 444…, each trusting the one before. */
export function createWorld(options: WorldOptions = {}): World {
  const now = options.now;
  const sts = createStsMock({
    ...(now === undefined ? {} : { now: () => new Date(now()) }),
    ...(options.endpoints === undefined ? {} : { endpoints: options.endpoints }),
  });
  const user = sts.createUser({ accountId: '111111111111', userName: 'bench' });
  const roles: StsRole[] = [];
  let trusted = user.arn;
  for (const [index, accountId] of ['222222222222', '333333333333', '444444444444'].entries()) {
    const role = sts.createRole({ accountId, roleName: `hop-${index + 1}`, trustedPrincipals: [trusted] });
    roles.push(role);
    trusted = role.arn;
  }
  const before = { calls: 0, failed: 0 };
  const assumeRole = () => sts.calls.filter((call) => call.action === 'AssumeRole');
  const failed = () =>
    assumeRole().filter((call) => call.errorCode !== undefined || call.status === 0).length;
  return {
    sts,
    user,
    roles,
    assumeRoleCalls: () => before.calls + assumeRole().length,
    failedAssumeRoleCalls: () => before.failed + failed(),
    clearFaults: () => {
      before.calls += assumeRole().length;
      before.failed += failed();
      sts.reset();
    },
  };
}

/** An msw server with the mock's handlers that fails on anything else. */
export function serve(world: World): ReturnType<typeof setupServer> {
  const server = setupServer(...world.sts.handlers);
  server.listen(failOnUnhandledRequests);
  return server;
}

/** Today's way to chain roles with the SDK: each hop's `fromTemporaryCredentials` is the next one's master. */
export function nestedTemporaryCredentials(
  world: World,
  durationSeconds = 3600,
): AwsCredentialIdentityProvider {
  let provider: AwsCredentialIdentityProvider = () => Promise.resolve(world.user.credentials);
  for (const role of world.roles) {
    provider = fromTemporaryCredentials({
      params: { RoleArn: role.arn, DurationSeconds: durationSeconds },
      masterCredentials: provider,
      clientConfig: { region },
    });
  }
  return provider;
}

/** What every v3 client does with a credentials provider: the SDK's own cache over nested `fromTemporaryCredentials`. */
export function sdkCachedNestedCredentials(world: World): AwsCredentialIdentityProvider {
  const memoized = memoizeIdentityProvider(
    nestedTemporaryCredentials(world),
    isIdentityExpired,
    doesIdentityRequireRefresh,
  );
  if (memoized === undefined) throw new Error('memoizeIdentityProvider returned nothing');
  return memoized;
}

/** The SDK's other way: `fromIni` with a chain of role profiles in a temporary shared config file. */
export function iniRoleProfiles(world: World): AwsCredentialIdentityProvider {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-bench-'));
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  writeFileSync(
    credentialsFile,
    `[bench-base]\naws_access_key_id = ${world.user.accessKeyId}\naws_secret_access_key = ${world.user.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  const profiles = world.roles.map((role, index) =>
    [
      `[profile bench-hop-${index + 1}]`,
      `role_arn = ${role.arn}`,
      `source_profile = ${index === 0 ? 'bench-base' : `bench-hop-${index}`}`,
      `region = ${region}`,
    ].join('\n'),
  );
  writeFileSync(configFile, `[profile bench-base]\nregion = ${region}\n\n${profiles.join('\n\n')}\n`);
  return fromIni({
    profile: `bench-hop-${world.roles.length}`,
    filepath: credentialsFile,
    configFilepath: configFile,
    clientConfig: { region },
  });
}
