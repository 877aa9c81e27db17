// The `rolechain-sts-mock serve` bin as a child process, driven by the real JS STS client (credentials from the
// file it wrote, through the SDK's own fromIni) and by its control API over HTTP.
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AssumeRoleCommand,
  AssumeRoleWithSAMLCommand,
  GetCallerIdentityCommand,
  GetDelegatedAccessTokenCommand,
  GetWebIdentityTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { fromIni } from '@aws-sdk/credential-providers';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { failOnUnhandledRequests } from './fail-on-unhandled';
import { buildServeBin, serveBin, startServe } from './test-support/serve-process';
import type { Ready, Served } from './test-support/serve-process';

const run = promisify(execFile);
const alice = 'arn:aws:iam::111111111111:user/alice';
const okta = 'arn:aws:iam::444444444444:saml-provider/okta';
const fixedKeyId = 'AKIAIOSFODNN7EXAMPLE';
const fixedSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const fixture = {
  region: 'eu-west-1',
  samlProviders: [{ accountId: '444444444444', name: 'okta', issuer: 'http://www.okta.com/exk1' }],
  outboundWebIdentityFederation: [{ accountId: '111111111111' }],
  users: [
    { accountId: '111111111111', userName: 'alice', profile: 'dev' },
    { accountId: '111111111111', userName: 'ci', accessKeyId: fixedKeyId, secretAccessKey: fixedSecret },
  ],
  roles: [
    { accountId: '444444444444', roleName: 'engineers', trustedPrincipals: [okta] },
    {
      accountId: '444444444444',
      roleName: 'support-access',
      trustedPrincipals: ['111111111111'],
    },
    { accountId: '222222222222', roleName: 'deployer', trustedPrincipals: [alice] },
    {
      accountId: '333333333333',
      roleName: 'reader',
      trustedPrincipals: ['arn:aws:iam::222222222222:role/deployer'],
    },
    { accountId: '333333333333', roleName: 'locked', trustedPrincipals: ['arn:aws:iam::999999999999:root'] },
  ],
};

let dir = '';
let served: Served;
let ready: Ready;
// msw stays on to prove nothing but the served mock is reached: any other request fails the test.
const msw = setupServer();

beforeAll(async () => {
  buildServeBin();
  dir = mkdtempSync(join(tmpdir(), 'sts-mock-serve-'));
  writeFileSync(join(dir, 'org.json'), JSON.stringify(fixture));
  served = await startServe(['serve', '--fixture', 'org.json', '--write-credentials', 'credentials'], dir);
  ready = served.ready!;
  msw.use(
    http.all(
      ({ request }) => new URL(request.url).origin === ready.url,
      () => passthrough(),
    ),
  );
  msw.listen(failOnUnhandledRequests);
}, 120_000);
afterAll(async () => {
  msw.close();
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
});

function client(credentials: STSClient['config']['credentials'] | AwsCredentialIdentity, maxAttempts = 3) {
  return new STSClient({ region: 'eu-west-1', endpoint: ready.url, credentials, maxAttempts });
}
const dev = () =>
  fromIni({ profile: 'dev', filepath: join(dir, 'credentials'), configFilepath: join(dir, 'none') });

async function control(
  method: string,
  name: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${ready.controlUrl}/${name}`, {
    method,
    headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

async function assume(credentials: Parameters<typeof client>[0], roleArn: string, durationSeconds?: number) {
  const { Credentials } = await client(credentials).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ci', DurationSeconds: durationSeconds }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

describe('rolechain-sts-mock serve', () => {
  test('prints one ready line: the STS url, the control url and token, the region and the users without secrets', () => {
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.token).toMatch(/^[\w-]{43}$/);
    expect(ready.users[0]?.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect({ ...ready, url: '', token: '', users: [] }).toEqual({
      url: '',
      controlUrl: `${ready.url}/_rolechain`,
      token: '',
      region: 'eu-west-1',
      credentialsFile: join(dir, 'credentials'),
      users: [],
    });
    expect(ready.users).toEqual([
      { profile: 'dev', arn: alice, accessKeyId: ready.users[0]?.accessKeyId },
      { profile: 'ci', arn: 'arn:aws:iam::111111111111:user/ci', accessKeyId: fixedKeyId },
    ]);
    expect(statSync(join(dir, 'credentials')).mode & 0o777).toBe(0o600);
  });

  test('the JS SDK chains two roles with the written profile and sees the assumed-role ARN', async () => {
    const deployer = await assume(dev(), 'arn:aws:iam::222222222222:role/deployer');
    const reader = await assume(deployer, 'arn:aws:iam::333333333333:role/reader');
    const identity = await client(reader).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::333333333333:assumed-role/reader/ci');
    await expect(assume(dev(), 'arn:aws:iam::333333333333:role/locked')).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${alice} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/locked`,
    });
  });

  test('a user with fixed keys in the fixture signs with them, from the fixture or from the written profile', async () => {
    const fixed = { accessKeyId: fixedKeyId, secretAccessKey: fixedSecret };
    expect((await client(fixed).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      'arn:aws:iam::111111111111:user/ci',
    );
    const fromFile = fromIni({
      profile: 'ci',
      filepath: join(dir, 'credentials'),
      configFilepath: join(dir, 'none'),
    });
    const { accessKeyId, secretAccessKey } = await fromFile();
    expect({ accessKeyId, secretAccessKey }).toEqual({
      accessKeyId: fixedKeyId,
      secretAccessKey: fixedSecret,
    });
    expect(served.stderr()).not.toContain(fixedSecret);
  });

  test('the control API lists the calls, injects faults and resets', async () => {
    expect(await control('POST', 'reset')).toEqual({ status: 200, json: {} });
    await client(dev()).send(new GetCallerIdentityCommand({}));
    const { json } = await control('GET', 'calls');
    expect(json).toMatchObject({
      calls: [{ action: 'GetCallerIdentity', caller: { arn: alice }, status: 200 }],
    });

    expect(
      await control('POST', 'faults', { action: 'GetCallerIdentity', error: 'Throttling', times: 1 }),
    ).toEqual({
      status: 200,
      json: {},
    });
    await expect(client(dev(), 1).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    // The SDK's retry gets through once the fault is used up.
    expect((await client(dev()).send(new GetCallerIdentityCommand({}))).Arn).toBe(alice);
  });

  test('moving the clock through the control API expires a session: ExpiredToken', async () => {
    // Back 10 minutes first, so the session's end (15 minutes on) is reached while the client's own clock
    // stays within SigV4's 15-minute window of the mock's.
    await control('POST', 'clock', { advanceSeconds: -600 });
    const session = await assume(dev(), 'arn:aws:iam::222222222222:role/deployer', 900);
    expect((await client(session).send(new GetCallerIdentityCommand({}))).Arn).toMatch(
      /assumed-role\/deployer/,
    );
    await control('POST', 'clock', { advanceSeconds: 901 });
    await expect(client(session, 1).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    await control('POST', 'clock', { advanceSeconds: -301 });
  });

  test('a SAML assertion from the control API signs a federated user in with AssumeRoleWithSAML', async () => {
    const minted = await control('POST', 'saml-assertion', {
      issuer: 'http://www.okta.com/exk1',
      subject: 'alice@example.com',
      roles: [{ roleArn: 'arn:aws:iam::444444444444:role/engineers', providerArn: okta }],
      roleSessionName: 'alice@example.com',
    });
    expect(minted.status).toBe(200);
    const { samlAssertion } = minted.json as { samlAssertion: string };
    // No credentials: AssumeRoleWithSAML is an unsigned call, as from a browser sign-in.
    const out = await new STSClient({ region: 'eu-west-1', endpoint: ready.url, maxAttempts: 1 }).send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: 'arn:aws:iam::444444444444:role/engineers',
        PrincipalArn: okta,
        SAMLAssertion: samlAssertion,
      }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::444444444444:assumed-role/engineers/alice@example.com',
    );
    expect(out).toMatchObject({ Subject: 'alice@example.com', Issuer: 'http://www.okta.com/exk1' });
    const bad = await control('POST', 'saml-assertion', { issuer: 'x', subject: 's', roleSessionName: 'r' });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'InvalidInput', field: 'roles' } } });
  });

  test('a trade-in token from the control API is exchanged with GetDelegatedAccessToken', async () => {
    const minted = await control('POST', 'trade-in-token', {
      roleArn: 'arn:aws:iam::444444444444:role/support-access',
      sessionName: 'ticket-42',
    });
    const { tradeInToken } = minted.json as { tradeInToken: string };
    const out = await client(dev(), 1).send(
      new GetDelegatedAccessTokenCommand({ TradeInToken: tradeInToken }),
    );
    expect(out.AssumedPrincipal).toBe('arn:aws:iam::444444444444:role/support-access');
  });

  test('GetWebIdentityToken works for the fixture’s outbound-federation account; its JWT verifies against GET jwks', async () => {
    const { WebIdentityToken } = await client(dev(), 1).send(
      new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'ES384' }),
    );
    const jwks = (await control('GET', 'jwks')).json as { keys: JsonWebKey[] };
    const [header, payload, signature] = WebIdentityToken!.split('.') as [string, string, string];
    const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
      kid: string;
      alg: string;
    };
    expect(alg).toBe('ES384');
    const jwk = jwks.keys.find((key) => key.kid === kid);
    expect(jwk?.alg).toBe('ES384');
    const key = createPublicKey({ key: jwk!, format: 'jwk' });
    expect(
      verify(
        'sha384',
        Buffer.from(`${header}.${payload}`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      aud: 'https://api.example.com',
      sub: alice,
    });
  });

  test('the control API is refused without the token, from another Origin and for another Host', async () => {
    const calls = `${ready.controlUrl}/calls`;
    expect((await fetch(calls)).status).toBe(401);
    // A web page or a rebound DNS name: sent from a child process, as only a raw client can set Host.
    const probe = `const [url, host, origin, token] = process.argv.slice(1);
      const request = require('node:http').request(url, { headers: { host, origin, authorization: 'Bearer ' + token } }, (res) => console.log(res.statusCode));
      request.end();`;
    const host = new URL(ready.url).host;
    for (const [asHost, origin] of [
      [host, 'https://evil.example'],
      [`evil.example:${new URL(ready.url).port}`, ready.url],
    ]) {
      const { stdout } = await run(process.execPath, ['-e', probe, calls, asHost!, origin!, ready.token]);
      expect(stdout.trim()).toBe('403');
    }
  });
});

describe('rolechain-sts-mock serve: addresses, errors and stopping', () => {
  test('serves on IPv6 loopback with --host ::1', async () => {
    const v6 = await startServe(['serve', '--fixture', 'org.json', '--host', '::1'], dir);
    try {
      const url = v6.ready!.url;
      expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      msw.use(
        http.all(
          ({ request }) => new URL(request.url).origin === url,
          () => passthrough(),
        ),
      );
      const users = await fetch(`${v6.ready!.controlUrl}/calls`, {
        headers: { authorization: `Bearer ${v6.ready!.token}` },
      });
      expect(await users.json()).toEqual({ calls: [] });
    } finally {
      expect(await v6.stop()).toBe(0);
    }
  });

  test.each([
    [['serve', '--fixture', 'missing.json'], "--fixture: cannot read 'missing.json': ENOENT"],
    [
      ['serve', '--fixture', 'org.json', '--prot', '1'],
      "--prot: is not a flag of serve (did you mean '--port'?)",
    ],
    [['serve', '--fixture', 'org.json', '--host', '0.0.0.0'], "--host: '0.0.0.0' is not a loopback address"],
    [['serve', '--fixture', 'bad.json'], "users[0].accountId: '11' is not a 12-digit account id"],
    [
      ['serve', '--fixture', 'org.json', '--write-credentials', 'no/such/dir/creds'],
      "--write-credentials: cannot write 'no/such/dir/creds': ENOENT",
    ],
  ])('%j exits 2 before listening: %s', async (args, message) => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ users: [{ accountId: '11', userName: 'a' }] }));
    const failed = await startServe(args, dir);
    expect(failed.ready).toBeUndefined();
    expect(await failed.exited).toBe(2);
    expect(failed.stderr()).toContain(`rolechain-sts-mock: ${message}`);
  });

  test('a port already taken exits 1, naming it', async () => {
    const port = new URL(ready.url).port;
    const taken = await startServe(['serve', '--fixture', 'org.json', '--port', port], dir);
    expect(taken.ready).toBeUndefined();
    expect(await taken.exited).toBe(1);
    expect(taken.stderr()).toBe(`rolechain-sts-mock: cannot listen on 127.0.0.1 port ${port}: EADDRINUSE\n`);
  });

  test('--help prints the usage and exits 0', async () => {
    const { stdout } = await run(process.execPath, [serveBin, '--help']);
    expect(stdout).toMatch(/^Usage: rolechain-sts-mock serve --fixture FILE/);
  });

  test('SIGINT closes the server and exits 0', async () => {
    const once = await startServe(['serve', '--fixture', 'org.json'], dir);
    once.child.kill('SIGINT');
    expect(await once.exited).toBe(0);
    expect(once.stderr()).toBe('');
  });
});
