import { describe, expect, test } from 'vitest';
import { awsStsEndpoint, customEndpointPattern, regionOfStsHost } from './endpoints';

describe('STS endpoints', () => {
  test.each([
    ['https://sts.amazonaws.com/', 'us-east-1'],
    ['https://sts.eu-west-1.amazonaws.com/', 'eu-west-1'],
    ['https://sts-fips.us-east-2.amazonaws.com/', 'us-east-2'],
    ['https://sts.cn-northwest-1.amazonaws.com.cn/', 'cn-northwest-1'],
    ['https://sts.us-gov-west-1.amazonaws.com/', 'us-gov-west-1'],
    ['https://sts.ap-southeast-5.api.aws/', 'ap-southeast-5'],
  ])('%s is STS, signed for %s', (url, region) => {
    expect(awsStsEndpoint.test(url)).toBe(true);
    expect(regionOfStsHost(new URL(url).hostname)).toBe(region);
  });

  test.each([
    'https://s3.amazonaws.com/',
    'https://sts.example.com/',
    'https://evil-sts.amazonaws.com.attacker.io/',
  ])('%s is not STS', (url) => {
    expect(awsStsEndpoint.test(url)).toBe(false);
  });

  test('a custom endpoint matches its origin and path only', () => {
    const pattern = customEndpointPattern('http://localhost:4566');
    expect(pattern.test('http://localhost:4566/')).toBe(true);
    expect(pattern.test('http://localhost:4567/')).toBe(false);
    expect(pattern.test('http://localhost:4566/other')).toBe(false);
  });
});
