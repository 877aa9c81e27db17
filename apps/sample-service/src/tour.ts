/**
 * The scripted tour `npm start` runs against the embedded demo: who am I, list the reports, read one, be
 * refused one by the session policy, let an hour pass on the demo clock so the chain refreshes, ask again,
 * and read the expiry gauges on `/metrics`.
 * Each step checks what it got, shows the identity log lines its AWS calls produced, and the summary says
 * whether everything answered as expected (the exit code follows).
 */
import type { StsCall } from '@rolechain/sts-mock';
import type { DemoApp } from './demo/embedded-demo';
import type { Health, ReportList, WhoAmI } from './service/api';

export interface TourOptions {
  /** Prints one line of the tour. */
  print: (line: string) => void;
  /** Returns (and forgets) the log lines written since the last call. */
  drainLogs: () => string[];
  /** The spans finished so far (`startDemoTracing()`); the tour then shows one AWS SDK span's identity. */
  spans?: () => readonly { name: string; attributes: Readonly<Record<string, unknown>> }[];
}

interface Answer {
  status: number;
  text: string;
}

const hour = 3_600_000;
const time = (iso: string | Date) => new Date(iso).toISOString().slice(11, 19);
const shortArn = (arn: string) => arn.replace(/^arn:[\w-]+:(iam|sts)::\d{12}:/, '');

const parse = (answer: Answer): unknown => JSON.parse(answer.text);
/** A failed answer on one line: JSON re-serialised without indentation. */
function compact(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}
const nobody: WhoAmI = { arn: '-', account: '-', userId: '-', source: { accessKeyId: '-' }, chain: [] };
/** `/whoami`'s answer, or nobody when it failed (the failure is already recorded). */
const whoamiOf = (answer: Answer): WhoAmI => (answer.status === 200 ? (parse(answer) as WhoAmI) : nobody);

/** Runs the tour; resolves `true` when every step answered as expected. */
export async function runTour(app: DemoApp, options: TourOptions): Promise<boolean> {
  const { print, drainLogs } = options;
  const { clock, org } = app.demo;
  const failures: string[] = [];
  let step = 0;

  const assumeRoleCalls = (keep: (call: StsCall) => boolean) =>
    org.sts.calls.filter((call) => call.action === 'AssumeRole' && keep(call)).length;
  const succeeded = (call: StsCall) => call.status === 200;
  const signatureExpired = (call: StsCall) => call.errorCode === 'SignatureDoesNotMatch';

  async function get(
    path: string,
    expected: number,
    describe: (answer: Answer) => string[],
  ): Promise<Answer> {
    step += 1;
    const response = await fetch(`${app.url}${path}`);
    const answer = { status: response.status, text: await response.text() };
    const ok = answer.status === expected;
    print('');
    print(`${step}. GET ${path}  →  ${answer.status}${ok ? '' : `  (expected ${expected})`}`);
    if (!ok) failures.push(`GET ${path} answered ${answer.status}, expected ${expected}`);
    for (const line of ok ? describe(answer) : [compact(answer.text)]) print(`   ${line}`);
    showLogs();
    return answer;
  }

  function showLogs(): void {
    const lines = drainLogs().filter((line) => !line.includes('"event":"http.request"'));
    if (lines.length === 0) return;
    print(`   log lines (${lines.length}):`);
    for (const line of lines) print(`     ${line}`);
  }

  function expect(condition: boolean, failure: string): void {
    if (!condition) failures.push(failure);
  }

  /** The identity attributes of the AWS SDK span named `name`, when the tour is traced. */
  function spanLines(name: string): string[] {
    if (options.spans === undefined) return [];
    const span = options.spans().find((candidate) => candidate.name === name);
    expect(span !== undefined, `no span ${name}`);
    if (span === undefined) return [];
    const identity = Object.entries(span.attributes).filter(([key]) => key.startsWith('rolechain.identity.'));
    expect(identity.length > 0, `the span ${name} has no identity attributes`);
    return [
      `span ${span.name} (the AWS SDK instrumentation's), its identity attributes:`,
      ...identity.map(([key, value]) => `  ${key} = ${JSON.stringify(value)}`),
    ];
  }

  const whoamiLines = (who: WhoAmI) => [
    `identity  ${who.arn}${who.sourceIdentity === undefined ? '' : `  (source identity ${who.sourceIdentity})`}`,
    `chain     ${who.source.arn ?? who.source.accessKeyId}`,
    ...who.chain.map((hop) => `       →  ${hop.arn}  (expires ${time(hop.expiresAt)})`),
  ];

  print(`rolechain sample service — a tour on the embedded demo organisation (no AWS account involved)`);
  print(
    `  service   ${app.url}   bucket ${app.config.bucket} (${app.config.region}), session policy: ${app.config.prefix}*`,
  );
  const accounts: [string, { arn: string; accountId: string }, string][] = [
    ['identity', org.user, 'base credentials (long-term keys)'],
    ['tooling', org.deployer, 'trusts alice'],
    ['prod', org.reportReader, 'trusts deployer: external id, session tags, source identity'],
  ];
  for (const [name, principal, note] of accounts) {
    print(`  ${name.padEnd(9)} ${principal.accountId}  ${shortArn(principal.arn).padEnd(19)} ${note}`);
  }
  print(`  demo clock ${clock.date().toISOString()}`);
  drainLogs();

  const first = whoamiOf(await get('/whoami', 200, (answer) => whoamiLines(whoamiOf(answer))));
  expect(
    first === nobody || first.arn === `arn:aws:sts::333333333333:assumed-role/report-reader/sample-service`,
    `whoami answered ${first.arn}`,
  );
  const assumedFirstHour = assumeRoleCalls(succeeded);
  const skewedFirstHour = assumeRoleCalls(signatureExpired);

  await get('/reports', 200, (answer) => {
    const list = parse(answer) as ReportList;
    expect(list.reports.length > 0, 'the listing was empty');
    return [
      ...list.reports.map(
        (report) =>
          `${report.key.padEnd(24)} ${String(report.size).padStart(4)} bytes  ${report.lastModified}`,
      ),
      ...spanLines('S3.ListObjectsV2'),
    ];
  });

  const readable = `${app.config.prefix}q1-revenue.csv`;
  await get(`/reports/${readable}`, 200, (answer) => answer.text.trimEnd().split('\n'));

  const denied = await get('/reports/2025/q4-revenue.csv', 403, (answer) => {
    const refusal = parse(answer) as { error: string; message: string };
    expect(refusal.error === 'AccessDenied', `the denied read answered ${refusal.error}`);
    return [`${refusal.error}: ${refusal.message}`];
  });

  step += 1;
  clock.advance(hour);
  print('');
  print(
    `${step}. an hour passes on the demo clock (now ${clock.date().toISOString()}): both sessions have expired`,
  );

  const later = whoamiOf(await get('/whoami', 200, (answer) => whoamiLines(whoamiOf(answer))));
  const refreshed = assumeRoleCalls(succeeded) - assumedFirstHour;
  const skewRetries = assumeRoleCalls(signatureExpired) - skewedFirstHour;
  expect(
    later === nobody || refreshed === later.chain.length,
    `the refresh made ${refreshed} AssumeRole calls for ${later.chain.length} hops`,
  );
  expect(
    later.chain.every((hop, index) => hop.expiresAt > (first.chain[index]?.expiresAt ?? '')),
    'the chain was not refreshed after the hour',
  );

  const health = parse(
    await get('/healthz', 200, (answer) => {
      const { status, credentials } = parse(answer) as Health;
      return [
        `status ${status}, fresh ${credentials.fresh}, expires ${credentials.expiresAt ?? '-'}, next refresh ${credentials.nextRefreshAt ?? '-'}`,
      ];
    }),
  ) as Health;
  expect(
    health.status === 'failing' || (health.status === 'ok' && health.credentials.fresh),
    'the credentials were not fresh after the refresh',
  );

  await get('/metrics', 200, (answer) => {
    const expiry = answer.text.split('\n').filter((line) => line.startsWith('rolechain_credentials_expiry{'));
    expect(expiry.length === later.chain.length, `/metrics showed ${expiry.length} expiry gauges`);
    return ['seconds until each hop expires (the rest of the Prometheus text is left out):', ...expiry];
  });

  print('');
  print('summary');
  for (const hop of later.chain) print(`  assumed  ${hop.roleArn}  as  ${hop.arn}`);
  const hops = [org.deployer, org.reportReader].length;
  const perHop = (count: number) => (count === hops ? ' (one per hop)' : '');
  print(
    `  STS AssumeRole calls: ${assumedFirstHour} in the first hour${perHop(assumedFirstHour)}, ` +
      `${refreshed} after it${perHop(refreshed)}`,
  );
  if (skewRetries > 0) {
    print(
      `  plus ${skewRetries} attempt(s) STS first refused as "Signature expired": the provider's own STS clients`,
    );
    print(
      `  then learned the new time from the mock's Date header (the SDK's clock-skew correction) and retried`,
    );
  }
  if (denied.status === 403) {
    print(
      `  S3 refused the read outside ${app.config.prefix} because of the session policy the chain passed`,
    );
  }
  if (failures.length === 0) {
    print(`  all ${step} steps answered as expected`);
  } else {
    for (const failure of failures) print(`  UNEXPECTED: ${failure}`);
  }
  return failures.length === 0;
}
