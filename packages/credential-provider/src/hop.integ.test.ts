import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainError } from './errors';
import { Hop, type HopParent } from './hop';
import { getAssumedIdentity } from './identity';
import type { RoleChainHop } from './options';
import { createHopStsClient } from './sts-client';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';
import { validateOptions } from './validate-options';

// One hop on its own, against the mock over the real SDK: what it assumes with, what it retries, what it
// hands on to the hop after it.

const { sts } = useStsMock();
failOnUnhandledRejections();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });

function fixed(credentials: AwsCredentialIdentity): HopParent {
  return { credentials: () => Promise.resolve(credentials), renew: undefined };
}

function hop(role: RoleChainHop, parent: HopParent, index = 0): Hop {
  const validated = validateOptions({ roles: [role] });
  return new Hop({
    index,
    hops: 2,
    config: validated.hops[0] as (typeof validated.hops)[0],
    sessionName: `session-${index + 1}`,
    parent,
    client: () => Promise.resolve(createHopStsClient('eu-west-1', { maxAttempts: 1 }, 30_000)),
    describeSource: index === 0 ? (parent) => ({ accessKeyId: parent.accessKeyId.slice(0, 4) }) : undefined,
    options: validated,
    now: Date.now,
    random: Math.random,
    log: () => undefined,
    features: ['assume-role'],
  });
}

function assumeRoleCalls() {
  return sts.calls
    .filter((call) => call.action === 'AssumeRole')
    .map((call) => [call.params['RoleArn'], call.caller?.arn, call.errorCode]);
}

describe('Hop', () => {
  it("assumes its role with its parent's credentials, caches them, and is the parent of the next hop", async () => {
    const first = hop({ roleArn: a.arn }, fixed(alice.credentials));
    const second = hop({ roleArn: b.arn }, first, 1);
    expect(first.fresh()).toBeUndefined();
    const issued = await second.credentials();
    expect(assumeRoleCalls()).toEqual([
      [a.arn, alice.arn, undefined],
      [b.arn, 'arn:aws:sts::222222222222:assumed-role/a/session-1', undefined],
    ]);
    expect(getAssumedIdentity(issued)).toMatchObject({
      arn: 'arn:aws:sts::333333333333:assumed-role/b/session-2',
      chain: [{ roleArn: a.arn }, { roleArn: b.arn }],
      source: { accessKeyId: alice.accessKeyId.slice(0, 4) },
    });
    // Cached: the same promise, no call.
    expect(second.fresh()).toBe(second.fresh());
    expect(await second.fresh()).toBe(issued);
    expect(second.state()).toMatchObject({ failures: 0, refreshing: false });
  });

  it('renews rejected parent credentials once and retries', async () => {
    const renew = vi.fn();
    const parent: HopParent = { credentials: () => Promise.resolve(alice.credentials), renew };
    sts.inject({ action: 'AssumeRole', error: 'ExpiredToken', times: 1 });
    await hop({ roleArn: a.arn }, parent).credentials();
    expect(renew).toHaveBeenCalledTimes(1);
    expect(assumeRoleCalls().map(([arn, , errorCode]) => [arn, errorCode])).toEqual([
      [a.arn, 'ExpiredToken'],
      [a.arn, undefined],
    ]);
  });

  it('fails with its own error when rejected twice, renewing once', async () => {
    const renew = vi.fn();
    const parent: HopParent = { credentials: () => Promise.resolve(alice.credentials), renew };
    sts.inject({ action: 'AssumeRole', error: 'InvalidClientTokenId', times: 2 });
    const error = await hop({ roleArn: a.arn }, parent)
      .credentials()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({ hop: 1, hops: 2, roleArn: a.arn, code: 'InvalidClientTokenId' });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(assumeRoleCalls()).toHaveLength(2);
  });

  it('does not retry when its parent cannot renew (fixed credentials)', async () => {
    sts.inject({ action: 'AssumeRole', error: 'ExpiredToken', times: 1 });
    const error = await hop({ roleArn: a.arn }, fixed(alice.credentials))
      .credentials()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ hop: 1, code: 'ExpiredToken', retryable: false });
    expect(assumeRoleCalls()).toHaveLength(1);
  });

  it('asks its MFA device for a fresh code on every fetch, never sending one twice', async () => {
    const serialNumber = alice.mfaSerialNumber as string;
    const tokenCode = vi.fn(() => Promise.resolve(sts.mfaCode(serialNumber)));
    const withMfa = hop({ roleArn: a.arn, mfa: { serialNumber, tokenCode } }, fixed(alice.credentials));
    await withMfa.credentials();
    expect(tokenCode).toHaveBeenCalledTimes(1);
    withMfa.invalidate();
    expect(withMfa.fresh()).toBeUndefined();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 30_000 });
    try {
      await withMfa.credentials();
    } finally {
      vi.useRealTimers();
    }
    expect(tokenCode).toHaveBeenCalledTimes(2);
    expect(
      sts.calls.filter((call) => call.action === 'AssumeRole').map((call) => call.params['SerialNumber']),
    ).toEqual([serialNumber, serialNumber]);
  });
});
