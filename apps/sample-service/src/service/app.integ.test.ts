// The service on an ephemeral port against the embedded demo, in-process: the real SDK clients, the real
// role chain and identity logger, @rolechain/sts-mock and the demo S3 behind msw, one shared demo clock.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startDemoApp } from '../demo/embedded-demo';
import type { DemoApp } from '../demo/embedded-demo';
import type { Health, ReportList, WhoAmI } from './api';
import { resolveConfig } from './config';
import { DEMO_REPORTS } from '../demo/demo-organisation';
import type { DemoOrganisationOptions } from '../demo/demo-organisation';
import { createJsonLogger } from './json-logger';

const run = promisify(execFile);

/** Tests start one service after another on ephemeral ports: a pooled socket to a closed one must not be reused. */
const noReuse = { headers: { connection: 'close' } };
const minute = 60_000;
const deployerArn = 'arn:aws:iam::222222222222:role/deployer';
const readerArn = 'arn:aws:iam::333333333333:role/report-reader';
const readerSession = 'arn:aws:sts::333333333333:assumed-role/report-reader/sample-service';

interface Started {
  app: DemoApp;
  logs: Record<string, unknown>[];
  bodies: string[];
  get: (path: string) => Promise<{ status: number; type: string | null; text: string }>;
}

async function start(
  env: Record<string, string> = {},
  trust?: DemoOrganisationOptions['trust'],
): Promise<Started> {
  const logs: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const logger = createJsonLogger((line) => {
    lines.push(line);
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const app = await startDemoApp(resolveConfig(env, { forceDemo: true, defaultPort: 0 }), {
    logger,
    ...(trust === undefined ? {} : { trust }),
  });
  const bodies = lines;
  return {
    app,
    logs,
    bodies,
    async get(path) {
      const response = await fetch(`${app.url}${path}`, noReuse);
      const text = await response.text();
      bodies.push(text);
      return { status: response.status, type: response.headers.get('content-type'), text };
    },
  };
}

const awsRecords = (logs: Record<string, unknown>[]) =>
  logs.filter((record) => record['event'] === 'aws.request');

/** No answer the service gave and no line it logged holds alice's secret key or the chained credentials. */
async function expectNoSecret(started: Started): Promise<void> {
  const { org } = started.app.demo;
  const chained = await started.app.credentials();
  const secrets = [
    org.user.secretAccessKey,
    chained.secretAccessKey,
    chained.sessionToken,
    chained.accessKeyId,
  ];
  for (const text of started.bodies) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

describe('the service on the embedded demo', () => {
  let started: Started;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started.app.close();
  });

  test('/whoami answers the final identity from GetCallerIdentity and the chain that led to it', async () => {
    const { status, text } = await started.get('/whoami');
    expect(status).toBe(200);
    const who = JSON.parse(text) as WhoAmI;
    expect(who).toMatchObject({
      arn: readerSession,
      account: '333333333333',
      sourceIdentity: 'sample-service',
    });
    expect(who.userId).toMatch(/^AROA[A-Z0-9]+:sample-service$/);
    expect(who.chain.map((hop) => [hop.roleArn, hop.arn])).toEqual([
      [deployerArn, 'arn:aws:sts::222222222222:assumed-role/deployer/sample-service'],
      [readerArn, readerSession],
    ]);
    // Signed by the chain's final session (asking for the chain also lets the provider learn the base
    // identity with a GetCallerIdentity of its own, signed by the source).
    const signers = started.app.demo.org.sts.calls
      .filter((call) => call.action === 'GetCallerIdentity')
      .map((call) => call.caller?.arn);
    expect(signers).toContain(readerSession);
  });

  test('/metrics answers Prometheus text with the seconds until each hop expires, and no secret', async () => {
    await started.get('/whoami');
    const { status, type, text } = await started.get('/metrics');
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE rolechain_credentials_expiry gauge');
    const expiry = text.split('\n').filter((line) => line.startsWith('rolechain_credentials_expiry{'));
    // The demo's sessions last an hour: one gauge per hop, its role ARN and number as attributes.
    for (const [index, roleArn] of [deployerArn, readerArn].entries()) {
      const line = expiry.find((candidate) => candidate.includes(`rolechain_role_arn="${roleArn}"`));
      expect(line, `no expiry gauge for ${roleArn}`).toContain(`rolechain_hop_number="${index + 1}"`);
      const seconds = Number(line?.split(' ').at(-1));
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(3600);
    }
    expect(expiry).toHaveLength(2);
    expect(text).toContain('rolechain_credentials_degraded');
    // No session's access key id (ASIA…) either: the attributes are role ARNs and hop numbers only.
    expect(text).not.toMatch(/ASIA[A-Z0-9]{12}/);
    await expectNoSecret(started);
  });

  test('/reports lists the reports under the session policy prefix, logged as the report-reader session', async () => {
    const before = awsRecords(started.logs).length;
    const { status, text } = await started.get('/reports');
    expect(status).toBe(200);
    const list = JSON.parse(text) as ReportList;
    expect(list).toMatchObject({ bucket: 'acme-prod-reports', prefix: '2026/', truncated: false });
    expect(list.reports.map((report) => report.key)).toEqual([
      '2026/q1-revenue.csv',
      '2026/q2-revenue.csv',
      '2026/q3-revenue.csv',
    ]);
    const records = awsRecords(started.logs).slice(before);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'info',
      service: 'S3',
      operation: 'ListObjectsV2',
      httpStatusCode: 200,
      identity: { arn: readerSession, accountId: '333333333333', sourceIdentity: 'sample-service' },
    });
  });

  test('/reports/<key> answers the report itself', async () => {
    const { status, type, text } = await started.get('/reports/2026/q2-revenue.csv');
    expect([status, type, text]).toEqual([200, 'text/csv', DEMO_REPORTS[2]!.body]);
  });

  test('a report outside the session policy prefix is refused with S3 AccessDenied, and logged as a warning', async () => {
    const before = awsRecords(started.logs).length;
    const { status, text } = await started.get('/reports/2025/q4-revenue.csv');
    expect(status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({
      error: 'AccessDenied',
      service: 'S3',
      message: expect.stringContaining('because no session policy allows the s3:GetObject action') as unknown,
    });
    expect(awsRecords(started.logs).slice(before)).toEqual([
      expect.objectContaining({
        level: 'warn',
        operation: 'GetObject',
        httpStatusCode: 403,
        error: expect.objectContaining({ name: 'AccessDenied' }) as unknown,
      }),
    ]);
  });

  test('an unknown route is a JSON 404', async () => {
    const { status, type, text } = await started.get('/admin');
    expect([status, type, (JSON.parse(text) as { error: string }).error]).toEqual([
      404,
      'application/json; charset=utf-8',
      'NotFound',
    ]);
  });

  test('/healthz reports fresh credentials and when they expire and refresh', async () => {
    const { status, text } = await started.get('/healthz');
    const health = JSON.parse(text) as Health;
    expect(status).toBe(200);
    expect(health.status).toBe('ok');
    expect(health.credentials.fresh).toBe(true);
    expect(Date.parse(health.credentials.expiresAt!)).toBeGreaterThan(started.app.demo.clock.now());
    expect(Date.parse(health.credentials.nextRefreshAt!)).toBeLessThan(
      Date.parse(health.credentials.expiresAt!),
    );
    expect(health.credentials.lastError).toBeNull();
  });

  test('no response body and no log line carries a secret', async () => {
    await expectNoSecret(started);
  });
});

/**
 * A client that writes raw bytes to a loopback socket and prints all it reads back. It runs in a child
 * process: msw 3 intercepts this process's own sockets and parses what they send as HTTP, so an invalid
 * request line would fail inside msw instead of reaching the service.
 */
const rawClient = `
const socket = require('node:net').connect(Number(process.argv[1]), process.argv[2], () => socket.end(process.argv[3]));
const chunks = [];
socket.on('data', (chunk) => chunks.push(chunk));
socket.on('error', (error) => { console.error(error.message); process.exitCode = 1; });
socket.on('close', () => process.stdout.write(Buffer.concat(chunks)));
`;

/** Sends raw bytes to the service over a loopback socket and reads the whole answer (the request closes it). */
async function rawRequest(
  url: string,
  request: string,
): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(url);
  const { stdout: text } = await run(process.execPath, ['-e', rawClient, port, hostname, request], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  const [head = '', body = ''] = text.split('\r\n\r\n', 2);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0),
    type: /^content-type: (.*)$/im.exec(head)?.[1] ?? '',
    body,
  };
}

describe('requests Node or the service cannot read, over a raw socket', () => {
  let started: Started;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started.app.close();
  });
  const accessLog = () => started.logs.filter((record) => record['event'] === 'http.request').at(-1);
  const close = 'Host: 127.0.0.1\r\nConnection: close\r\n\r\n';

  test('a target that is not a URL (GET http://[/healthz) is a JSON 400 and an access log line', async () => {
    const answer = await rawRequest(started.app.url, `GET http://[/healthz HTTP/1.1\r\n${close}`);
    expect(answer).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: expect.any(String) as unknown,
    });
    expect(JSON.parse(answer.body)).toEqual({
      error: 'BadRequest',
      message: 'The request target is not a valid URL: its host cannot be parsed',
    });
    expect(accessLog()).toMatchObject({
      level: 'info',
      method: 'GET',
      path: 'http://[/healthz',
      status: 400,
    });
  });

  test('a request line Node refuses (a space in the target) is a JSON 400, logged', async () => {
    const answer = await rawRequest(started.app.url, `GET /heal thz HTTP/1.1\r\n${close}`);
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      400,
      { error: 'BadRequest', message: 'The request is not valid HTTP/1.1' },
    ]);
    expect(accessLog()).toMatchObject({ status: 400, path: null, error: 'HPE_INVALID_CONSTANT' });
  });

  test('headers over Node 16 KiB limit are a JSON 431, logged; a 5 KiB target is a 414', async () => {
    const huge = await rawRequest(
      started.app.url,
      `GET /healthz HTTP/1.1\r\nX-Padding: ${'p'.repeat(20_000)}\r\n${close}`,
    );
    expect([huge.status, (JSON.parse(huge.body) as { error: string }).error]).toEqual([
      431,
      'RequestHeaderFieldsTooLarge',
    ]);
    expect(accessLog()).toMatchObject({ status: 431, error: 'HPE_HEADER_OVERFLOW' });

    const long = await rawRequest(
      started.app.url,
      `GET /reports?prefix=${'x'.repeat(5000)} HTTP/1.1\r\n${close}`,
    );
    expect([long.status, (JSON.parse(long.body) as { error: string }).error]).toEqual([414, 'UriTooLong']);
    expect(accessLog()).toMatchObject({ status: 414, path: '/reports' });
  });
});

describe('/healthz through an STS outage', () => {
  test('cached credentials keep being served: degraded, naming the error; ok again once STS is back', async () => {
    const started = await start();
    try {
      const { clock, org } = started.app.demo;
      const healthz = async () => {
        const { status, text } = await started.get('/healthz');
        return { status, health: JSON.parse(text) as Health };
      };
      expect((await started.get('/whoami')).status).toBe(200);

      org.sts.inject({ action: 'AssumeRole', error: 'ServiceUnavailable' });
      // Past every hop's refresh point (drawn over 45–52.5 min of the one-hour sessions), before the mandatory window.
      clock.advance(53 * minute);
      // A check starts the background refresh; STS refuses it, and the next checks say so.
      const degraded = await vi.waitFor(
        async () => {
          const answer = await healthz();
          expect(answer.health.status).toBe('degraded');
          return answer;
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(degraded.status).toBe(200);
      expect(degraded.health.credentials).toMatchObject({
        fresh: false,
        lastError: { code: 'ServiceUnavailable', hop: expect.any(Number) as unknown },
      });
      expect(degraded.health.credentials.hops.map((hop) => hop.state)).toEqual(['advisory', 'advisory']);
      expect(Date.parse(degraded.health.credentials.expiresAt!)).toBeGreaterThan(clock.now());
      expect((await started.get('/reports')).status).toBe(200);

      org.sts.reset(); // STS is back
      // Each hop retries once its own backoff is over: the demo clock jumps to the last retry a check shows.
      // A failed hop before the last is now retried on its own, so a check can say ok (nothing failing) while
      // the last hop, past its refresh point, has yet to refresh (CI saw it once: advisory, 0 failures).
      const recovered = await vi.waitFor(
        async () => {
          const { health } = await healthz();
          const waits = health.credentials.hops.map((hop) => Date.parse(hop.retryAt ?? '') - clock.now());
          clock.advance(Math.max(0, ...waits.filter(Number.isFinite)));
          expect(health.status).toBe('ok');
          expect(health.credentials.hops.at(-1)).toMatchObject({ state: 'fresh', failures: 0 });
          return health;
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(Date.parse(recovered.credentials.lastRefreshAt!)).toBeGreaterThan(
        Date.parse(degraded.health.credentials.lastRefreshAt!),
      );
      await expectNoSecret(started);
    } finally {
      await started.app.close();
    }
  }, 30_000);
});

describe('a broken chain is a 502 that names the failing hop', () => {
  test('report-reader no longer trusts deployer: hop 2 of 2, AccessDenied', async () => {
    const started = await start(
      {},
      {
        reportReader: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::222222222222:role/someone-else' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      },
    );
    try {
      for (const path of ['/whoami', '/reports']) {
        const { status, text } = await started.get(path);
        expect(status).toBe(502);
        expect(JSON.parse(text)).toMatchObject({
          error: 'RoleChainError',
          hop: 2,
          hops: 2,
          roleArn: readerArn,
          code: 'AccessDenied',
          retryable: false,
        });
        expect((JSON.parse(text) as { message: string }).message).toMatch(
          /^hop 2 of 2 \(arn:aws:iam::333333333333:role\/report-reader\): AccessDenied: /,
        );
      }
      const health = await started.get('/healthz');
      expect(health.status).toBe(503);
      expect((JSON.parse(health.text) as Health).credentials.lastError).toMatchObject({
        code: 'AccessDenied',
        hop: 2,
      });
    } finally {
      await started.app.close();
    }
  });

  test('a wrong EXTERNAL_ID fails hop 2', async () => {
    const started = await start({ EXTERNAL_ID: 'not-the-agreed-id' });
    try {
      expect(JSON.parse((await started.get('/whoami')).text)).toMatchObject({
        hop: 2,
        roleArn: readerArn,
        code: 'AccessDenied',
      });
    } finally {
      await started.app.close();
    }
  });

  test('a base user the deployer role does not trust fails hop 1', async () => {
    const started = await start(
      {},
      {
        deployer: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:user/bob' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      },
    );
    try {
      expect(JSON.parse((await started.get('/whoami')).text)).toMatchObject({
        hop: 1,
        hops: 2,
        roleArn: deployerArn,
        code: 'AccessDenied',
      });
    } finally {
      await started.app.close();
    }
  });
});
