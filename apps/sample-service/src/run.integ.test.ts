// Configuration problems the service itself cannot see — a HOST it cannot listen on, role ARNs, an external
// id or a region the credential provider refuses (before any network call) — still end the run with code 2
// and one line naming the variable and the value.
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { resolveConfig } from './service/config';
import { run } from './run';

// No handlers: should anything here try the network (STS, IMDS), msw fails it instead.
const guard = setupServer();
const stderr: string[] = [];
beforeAll(() => {
  guard.listen(failOnUnhandledRequests);
});
afterEach(() => {
  stderr.length = 0;
});
afterAll(() => {
  guard.close();
});

function captureStderr(): void {
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    // The AWS SDK's own Node-version notice (Node 20) goes to stderr too; it is not ours to count.
    if (!String(chunk).includes('NodeVersionSupportWarning')) stderr.push(String(chunk));
    return true;
  });
}

test('a HOST this machine does not have', async () => {
  captureStderr();
  const config = resolveConfig({ HOST: '203.0.113.7' }, { forceDemo: true, defaultPort: 0 });
  expect(await run(config, false)).toBe(2);
  expect(stderr).toEqual([
    "sample-service: HOST: '203.0.113.7' is not an address of this machine (EADDRNOTAVAIL)\n",
  ]);
});

test('a role in another partition than AWS_REGION, found when the chain is first fetched at start', async () => {
  captureStderr();
  const config = resolveConfig({
    ROLE_CHAIN: 'arn:aws-cn:iam::222222222222:role/deployer',
    AWS_REGION: 'eu-west-1',
    REPORTS_BUCKET: 'reports-1',
    PORT: '0',
  });
  expect(await run(config, true)).toBe(2);
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).toMatch(
    /^sample-service: ROLE_CHAIN: hop 1: roles\[0\]\.roleArn: is in partition aws-cn but the STS region eu-west-1 /,
  );
});

test.each([
  [
    {
      ROLE_CHAIN: 'arn:aws:iam::222222222222:role/deployer,arn:aws:iam::333333333333:role/report reader',
      AWS_REGION: 'eu-west-1',
    },
    /^sample-service: ROLE_CHAIN: hop 2: roles\[1\]\.roleArn: .*"arn:aws:iam::333333333333:role\/report reader"/,
  ],
  [{ EXTERNAL_ID: 'a b' }, /^sample-service: EXTERNAL_ID: hop 2: roles\[1\]\.externalId: .*"a b"/],
  [{ AWS_REGION: 'mars' }, /^sample-service: AWS_REGION: region: .*"mars"/],
])('%j: the provider refuses it, the line names the variable and the value', async (env, line) => {
  captureStderr();
  const serve = 'ROLE_CHAIN' in env;
  const config = resolveConfig(
    { REPORTS_BUCKET: 'reports-1', PORT: '0', ...env },
    serve ? {} : { forceDemo: true, defaultPort: 0 },
  );
  expect(await run(config, serve)).toBe(2);
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).toMatch(line);
});
