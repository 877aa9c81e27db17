import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { awsStsEndpoint, customEndpointPattern, regionOfStsHost } from './endpoints';
import { regionOfEveryPartition } from './test-support/partition-regions';

describe('STS endpoints', () => {
  test.each([
    ['https://sts.amazonaws.com/', 'us-east-1'],
    ['https://sts.eu-west-1.amazonaws.com/', 'eu-west-1'],
    ['https://sts-fips.us-east-2.amazonaws.com/', 'us-east-2'],
    ['https://sts.cn-northwest-1.amazonaws.com.cn/', 'cn-northwest-1'],
    ['https://sts.us-gov-west-1.amazonaws.com/', 'us-gov-west-1'],
    ['https://sts.ap-southeast-5.api.aws/', 'ap-southeast-5'],
    ['https://sts.eusc-de-east-1.amazonaws.eu/', 'eusc-de-east-1'],
    ['https://sts.us-iso-east-1.c2s.ic.gov/', 'us-iso-east-1'],
    ['https://sts.aws-cn-global.amazonaws.com.cn/', 'aws-cn-global'],
  ])('%s is STS, signed for %s', (url, region) => {
    expect(awsStsEndpoint.test(url)).toBe(true);
    expect(regionOfStsHost(new URL(url).hostname)).toBe(region);
  });

  test.each([
    'https://s3.amazonaws.com/',
    'https://sts.example.com/',
    'https://evil-sts.amazonaws.com.attacker.io/',
    'https://sts.eu-west-1.amazonaws.eu.attacker.io/',
    'https://sts.mars.amazonaws.com/',
  ])('%s is not STS', (url) => {
    expect(awsStsEndpoint.test(url)).toBe(false);
  });

  test.each(
    regionOfEveryPartition.flatMap((region) =>
      [{}, { useFipsEndpoint: true }, { useDualstackEndpoint: true }].map(
        (options) => [region, options] as const,
      ),
    ),
  )(
    'the host the installed STS client resolves for %s %j is STS, signed for its region',
    (region, options) => {
      const client = new STSClient({ region, ...options });
      const endpoint = client.config.endpointProvider({
        Region: region,
        UseFIPS: options.useFipsEndpoint === true,
        UseDualStack: options.useDualstackEndpoint === true,
        UseGlobalEndpoint: false,
      });
      client.destroy();
      expect(awsStsEndpoint.test(endpoint.url.href)).toBe(true);
      expect(regionOfStsHost(endpoint.url.hostname)).toBe(region);
    },
  );

  test('a custom endpoint matches its origin and path only', () => {
    const pattern = customEndpointPattern('http://localhost:4566');
    expect(pattern.test('http://localhost:4566/')).toBe(true);
    expect(pattern.test('http://localhost:4567/')).toBe(false);
    expect(pattern.test('http://localhost:4566/other')).toBe(false);
  });
});
