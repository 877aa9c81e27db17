import { ASSUMED_IDENTITY, LEARN_SOURCE, type AssumedIdentity } from '@rolechain/aws-rules';
import { INVALID_REGIONS, VALID_REGIONS } from '@rolechain/aws-rules/fixtures';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { CallerIdentityResolver, type CallerIdentity } from './caller-identity-resolver';
import { IdentityCache, lookupRegion } from './identity-cache';

const KEY = 'ASIAY34FZKBOKMUTWXYZ';

function credentials(meta?: AssumedIdentity): AwsCredentialIdentity {
  return {
    accessKeyId: KEY,
    secretAccessKey: 'secret',
    ...(meta === undefined ? {} : { [ASSUMED_IDENTITY]: meta }),
  };
}

function metadata(sourceArn?: string): AssumedIdentity {
  return {
    arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci',
    accountId: '333333333333',
    roleArn: 'arn:aws:iam::333333333333:role/reader',
    sessionName: 'ci',
    chain: [
      {
        roleArn: 'arn:aws:iam::333333333333:role/reader',
        arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci',
        expiration: new Date(0),
      },
    ],
    source: { accessKeyId: 'AKIA…WXYZ', ...(sourceArn === undefined ? {} : { arn: sourceArn }) },
  };
}

/** A resolver whose lookups the test answers, recording the region each was asked in. */
function resolverAnswering(answer: (region: string) => Promise<CallerIdentity>) {
  const regions: string[] = [];
  const resolver = new CallerIdentityResolver({
    lookup: (_, region) => {
      regions.push(region);
      return answer(region);
    },
    maxEntries: 10,
    retryAfterMs: 60_000,
    now: () => 0,
  });
  return { resolver, regions };
}

/** Asks spaced by a minute, on a clock that never moves unless a test moves it. */
const PACING = { now: () => 0, retryAfterMs: 60_000 };

const alice = { arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' };

describe('lookupRegion', () => {
  it.each(VALID_REGIONS)('looks a key of %s up in that region (partition %s)', (region) => {
    expect(lookupRegion(region)).toBe(region);
  });

  it('looks keys up in us-east-1 when the region is unknown or not a region', () => {
    expect(lookupRegion(null)).toBe('us-east-1');
    for (const region of INVALID_REGIONS) expect(lookupRegion(region)).toBe('us-east-1');
  });
});

describe('IdentityCache', () => {
  it('reads rolechain metadata once per credentials object', () => {
    const cache = new IdentityCache(undefined, PACING);
    const creds = credentials(metadata('arn:aws:iam::111111111111:user/alice'));
    const first = cache.identityOf(creds, 'eu-west-1');
    expect(first).toMatchObject({
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci',
      accessKeyId: 'ASIA…WXYZ',
      chain: ['arn:aws:iam::111111111111:user/alice'],
      resolvedBy: 'rolechain',
    });
    expect(cache.identityOf(creds, 'eu-west-1')).toBe(first);
  });

  it('rebuilds a rolechain identity once the provider has learnt the base identity', () => {
    const cache = new IdentityCache(undefined, PACING);
    const meta = metadata();
    const creds = credentials(meta);
    const early = cache.identityOf(creds, null);
    expect(early).toMatchObject({ chain: [] });
    expect(cache.identityOf(creds, null)).toBe(early);
    meta.source.arn = 'arn:aws:iam::111111111111:user/alice';
    expect(cache.identityOf(creds, null)).toMatchObject({ chain: ['arn:aws:iam::111111111111:user/alice'] });
  });

  it('asks the provider for the base identity on the first record, then again only after the retry delay', () => {
    const clock = { now: 0 };
    const cache = new IdentityCache(undefined, { now: () => clock.now, retryAfterMs: 60_000 });
    const meta = metadata();
    let asks = 0;
    Object.defineProperty(meta.source, LEARN_SOURCE, { value: () => asks++ });
    const creds = credentials(meta);
    const logged = () => {
      expect(cache.identityOf(creds, null)).toMatchObject({ chain: [] });
    };
    for (let i = 0; i < 5; i++) logged();
    expect(asks).toBe(1);
    clock.now = 59_999;
    logged();
    expect(asks).toBe(1);
    clock.now = 60_000;
    for (let i = 0; i < 5; i++) logged();
    expect(asks).toBe(2);
    meta.source.arn = 'arn:aws:iam::111111111111:user/alice';
    expect(cache.identityOf(creds, null)).toMatchObject({ chain: ['arn:aws:iam::111111111111:user/alice'] });
    expect(asks).toBe(2);
  });

  it('logs a key without metadata unresolved when there is no resolver', () => {
    const identity = new IdentityCache(undefined, PACING).identityOf(credentials(), 'eu-west-1');
    expect(identity).toMatchObject({ arn: null, accessKeyId: 'ASIA…WXYZ', resolvedBy: 'none' });
  });

  it('resolves a key without metadata once, in the partition of the request, then answers from memory', async () => {
    const { resolver, regions } = resolverAnswering(() => Promise.resolve(alice));
    const cache = new IdentityCache(resolver, PACING);
    const creds = credentials();
    const pending = cache.identityOf(creds, 'eusc-de-east-1');
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ arn: alice.arn, resolvedBy: 'sts' });
    const known = cache.identityOf(creds, 'eusc-de-east-1');
    expect(known).toMatchObject({ arn: alice.arn });
    expect(cache.identityOf(creds, 'eusc-de-east-1')).toBe(known);
    expect(regions).toEqual(['eusc-de-east-1']);
  });

  it('asks us-east-1 when the request named no region of any partition', async () => {
    const { resolver, regions } = resolverAnswering(() => Promise.resolve(alice));
    await new IdentityCache(resolver, PACING).identityOf(credentials(), 'mars-1');
    expect(regions).toEqual(['us-east-1']);
  });

  it('does not keep a failed lookup, so the key is looked up again after the retry delay', async () => {
    const clock = { now: 0 };
    let calls = 0;
    const resolver = new CallerIdentityResolver({
      lookup: () => (++calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve(alice)),
      maxEntries: 10,
      retryAfterMs: 60_000,
      now: () => clock.now,
    });
    const cache = new IdentityCache(resolver, PACING);
    const creds = credentials();
    expect(await cache.identityOf(creds, 'us-east-1')).toMatchObject({ resolvedBy: 'none' });
    expect(cache.identityOf(creds, 'us-east-1')).toMatchObject({ resolvedBy: 'none' });
    clock.now = 60_000;
    expect(await cache.identityOf(creds, 'us-east-1')).toMatchObject({ arn: alice.arn, resolvedBy: 'sts' });
    expect(calls).toBe(2);
  });
});
