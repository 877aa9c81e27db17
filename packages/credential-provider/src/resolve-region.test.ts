import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RoleChainConfigError } from './errors';
import { resolveHopRegion, type RegionSources } from './resolve-region';

const base: RegionSources = {
  roleArn: 'arn:aws:iam::222222222222:role/a',
  index: 1,
  hopRegion: undefined,
  providerRegion: undefined,
  callerRegion: undefined,
  callerProfile: undefined,
};

beforeEach(() => {
  vi.stubEnv('AWS_REGION', '');
  vi.stubEnv('AWS_PROFILE', 'nobody');
  vi.stubEnv('AWS_CONFIG_FILE', join(tmpdir(), 'rolechain-no-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 'rolechain-no-credentials'));
});

describe('resolveHopRegion', () => {
  const caller = () => Promise.resolve('ap-southeast-2');

  it('takes the hop region first, then the provider region, then the caller region, then AWS_REGION', async () => {
    vi.stubEnv('AWS_REGION', 'ca-central-1');
    const all = { ...base, hopRegion: 'eu-west-1', providerRegion: 'us-west-2', callerRegion: caller };
    expect(await resolveHopRegion(all)).toBe('eu-west-1');
    expect(await resolveHopRegion({ ...all, hopRegion: undefined })).toBe('us-west-2');
    expect(await resolveHopRegion({ ...all, hopRegion: undefined, providerRegion: undefined })).toBe(
      'ap-southeast-2',
    );
    expect(await resolveHopRegion(base)).toBe('ca-central-1');
  });

  it('skips a calling client whose region cannot be resolved', async () => {
    vi.stubEnv('AWS_REGION', 'ca-central-1');
    expect(
      await resolveHopRegion({ ...base, callerRegion: () => Promise.reject(new Error('Region is missing')) }),
    ).toBe('ca-central-1');
  });

  it('never falls back to us-east-1', async () => {
    const error = await resolveHopRegion(base).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect(error).toMatchObject({ hop: 2, field: 'region' });
  });

  it('rejects a malformed region from the environment, saying where it came from', async () => {
    vi.stubEnv('AWS_REGION', 'Europe');
    await expect(resolveHopRegion(base)).rejects.toThrow(
      'AWS_REGION or the profile region "Europe" is not an AWS region name',
    );
  });

  it('rejects a region that is in no AWS partition, before asking STS', async () => {
    for (const region of ['mars-1', 'xx-east-1', 'eusc-fr-east-1']) {
      vi.stubEnv('AWS_REGION', region);
      await expect(resolveHopRegion(base)).rejects.toThrow(
        `AWS_REGION or the profile region "${region}" is not an AWS region name`,
      );
    }
  });

  it('resolves a European Sovereign Cloud role in its own partition', async () => {
    const roleArn = 'arn:aws-eusc:iam::222222222222:role/a';
    expect(await resolveHopRegion({ ...base, roleArn, hopRegion: 'eusc-de-east-1' })).toBe('eusc-de-east-1');
    await expect(resolveHopRegion({ ...base, roleArn, hopRegion: 'eu-central-1' })).rejects.toThrow(
      'is in partition aws-eusc but the STS region eu-central-1 (roles[1].region) is in aws',
    );
  });

  it('rejects a region outside the partition of the role', async () => {
    await expect(
      resolveHopRegion({ ...base, callerRegion: () => Promise.resolve('cn-north-1') }),
    ).rejects.toThrow(
      "roles[1].roleArn: is in partition aws but the STS region cn-north-1 (the calling client's region) is in aws-cn",
    );
    expect(
      await resolveHopRegion({
        ...base,
        roleArn: 'arn:aws-us-gov:iam::222222222222:role/a',
        hopRegion: 'us-gov-west-1',
      }),
    ).toBe('us-gov-west-1');
  });
});
