import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { fromRoleChainProfile } from './from-role-chain-profile';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

// EKS Pod Identity serves a pod's credentials from 169.254.170.23 (or [fd00:ec2::23]) and wants the
// token of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, which the agent rotates, on every request.

const ipv4Url = 'http://169.254.170.23/v1/credentials';
const ipv6Url = 'http://[fd00:ec2::23]/v1/credentials';
let podCredentials: Record<string, string> | undefined;
const tokensSeen: (string | null)[] = [];

const serveIfAuthorized = ({ request }: { request: Request }) => {
  const token = request.headers.get('authorization');
  tokensSeen.push(token);
  if (token === null || !token.startsWith('pod-token-')) {
    return HttpResponse.json({ message: 'unauthorized' }, { status: 401 });
  }
  return HttpResponse.json(podCredentials);
};

const { sts } = useStsMock({
  handlers: () => [
    http.get(ipv4Url, serveIfAuthorized), // A RegExp: the IPv6 host's colons would read as path parameters in an msw path.
    http.get(/^http:\/\/\[fd00:ec2::23\]\/v1\/credentials$/, serveIfAuthorized),
  ],
});
failOnUnhandledRejections();

const node = sts.createUser({ accountId: '444444444444', userName: 'eks-node' });
const podRole = sts.createRole({
  accountId: '444444444444',
  roleName: 'pod-role',
  trustedPrincipals: [node.arn],
});
const app = sts.createRole({ accountId: '222222222222', roleName: 'app', trustedPrincipals: [podRole.arn] });

const dir = mkdtempSync(join(tmpdir(), 'rolechain-pod-identity-'));
const tokenFile = join(dir, 'eks-pod-identity-token');
const configFilepath = join(dir, 'config');
writeFileSync(configFilepath, `[profile app]\nrole_arn = ${app.arn}\ncredential_source = EcsContainer\n`);
const filepath = join(dir, 'credentials');
writeFileSync(filepath, '');

beforeAll(async () => {
  const session = await new STSClient({ region: 'eu-west-1', credentials: node.credentials }).send(
    new AssumeRoleCommand({ RoleArn: podRole.arn, RoleSessionName: 'eks-app-pod' }),
  );
  const issued = session.Credentials;
  podCredentials = {
    AccessKeyId: issued?.AccessKeyId ?? '',
    SecretAccessKey: issued?.SecretAccessKey ?? '',
    Token: issued?.SessionToken ?? '',
    Expiration: issued?.Expiration?.toISOString() ?? '',
  };
});

beforeEach(() => {
  tokensSeen.length = 0;
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', tokenFile);
});

function provider() {
  return fromRoleChainProfile({ profile: 'app', configFilepath, filepath, region: 'eu-west-1' });
}

describe('credential_source = EcsContainer on EKS Pod Identity', () => {
  it.each([
    ['IPv4', ipv4Url],
    ['IPv6', ipv6Url],
  ])('assumes the role with the pod credentials served on the %s address', async (_, url) => {
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', url);
    writeFileSync(tokenFile, 'pod-token-1');
    const credentials = await provider()();
    expect(tokensSeen).toEqual(['pod-token-1']);
    const assumed = sts.calls.filter((call) => call.action === 'AssumeRole');
    expect(assumed.map((call) => [call.params['RoleArn'], call.caller?.arn])).toEqual([
      [app.arn, 'arn:aws:sts::444444444444:assumed-role/pod-role/eks-app-pod'],
    ]);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
  });

  it('reads the rotated token file again when the source is fetched again', async () => {
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', ipv4Url);
    writeFileSync(tokenFile, 'pod-token-1');
    const credentials = provider();
    await credentials();
    writeFileSync(tokenFile, 'pod-token-2');
    credentials.invalidate();
    await credentials();
    expect(tokensSeen).toEqual(['pod-token-1', 'pod-token-2']);
  });
});
