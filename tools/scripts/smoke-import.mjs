// Packs every published workspace package, installs the tarballs into a scratch project outside the
// workspace, and loads each one the way a user's service would: `import` from an ES module and `require`
// from CommonJS. Both must expose the same non-empty set of named exports; every other subpath in the
// package's `exports` must resolve under both conditions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const scratch = mkdtempSync(join(tmpdir(), 'rolechain-smoke-'));
writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'smoke', private: true }));

const tarballs = packages.map(({ dir }) => {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], dir));
  return join(scratch, packed.filename);
});
const peers = [
  ...new Set(
    packages.flatMap(({ manifest }) =>
      Object.entries(manifest.peerDependencies ?? {})
        .filter(([name]) => manifest.peerDependenciesMeta?.[name]?.optional !== true)
        .map(
          ([name]) =>
            `${name}@${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`,
        ),
    ),
  ),
];
run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs, ...peers], scratch);

// One loader per module system: each prints its sorted export names after resolving every subpath.
writeFileSync(
  join(scratch, 'load.mjs'),
  `const [name, ...subpaths] = process.argv.slice(2);
   for (const subpath of subpaths) import.meta.resolve(name + subpath.slice(1));
   console.log(JSON.stringify(Object.keys(await import(name)).filter((key) => key !== 'default').sort()));`,
);
writeFileSync(
  join(scratch, 'load.cjs'),
  `const [name, ...subpaths] = process.argv.slice(2);
   for (const subpath of subpaths) require.resolve(name + subpath.slice(1));
   console.log(JSON.stringify(Object.keys(require(name)).sort()));`,
);

let failures = 0;
for (const { manifest } of packages) {
  const subpaths = Object.keys(manifest.exports).filter((key) => key !== '.' && key !== './package.json');
  try {
    const viaImport = run(process.execPath, ['load.mjs', manifest.name, ...subpaths], scratch).trim();
    const viaRequire = run(process.execPath, ['load.cjs', manifest.name, ...subpaths], scratch).trim();
    const names = JSON.parse(viaImport);
    if (names.length === 0) throw new Error('no named exports through import');
    if (viaImport !== viaRequire) throw new Error(`import gives ${viaImport}, require gives ${viaRequire}`);
    console.log(
      `ok   ${manifest.name}: ${names.length} named exports through import and require` +
        (subpaths.length > 0 ? `; ${subpaths.join(', ')} resolve` : ''),
    );
  } catch (error) {
    failures += 1;
    console.error(`FAIL ${manifest.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The JavaScript Node compiles on a cold start is ASCII (tsdown.base.ts): one character beyond Latin-1 makes Node
// decode and compile the whole file as two-byte text.
for (const { manifest } of packages) {
  const dist = join(scratch, 'node_modules', manifest.name, 'dist');
  const nonAscii = readdirSync(dist).filter(
    (file) => /\.[cm]?js$/.test(file) && /[^\0-\x7f]/.test(readFileSync(join(dist, file), 'utf8')),
  );
  if (nonAscii.length === 0) console.log(`ok   ${manifest.name}: its JavaScript is ASCII`);
  else {
    failures += 1;
    console.error(`FAIL ${manifest.name}: non-ASCII characters in ${nonAscii.join(', ')}`);
  }
}

// OpenTelemetry is an optional peer dependency of the identity logger and the provider (decision 0006). Both
// builds must load and work without it — even when something claims OpenTelemetry is in use, so that the
// packages try to load the api and find it missing — and, once it is installed and a tracer provider is
// registered, put the signing identity on the active span.
const otelScript = (load) => `${load}
const main = async () => {
  const otel = process.argv[2] === 'otel';
  const { identityLoggerPlugin } = await load('@rolechain/identity-logger');
  const { fromRoleChain } = await load('@rolechain/credential-provider');
  const { STSClient, GetCallerIdentityCommand } = await load('@aws-sdk/client-sts');
  let run = (send) => send();
  let exporter;
  if (otel) {
    const api = await load('@opentelemetry/api');
    const { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await load('@opentelemetry/sdk-trace');
    const { AsyncLocalStorageContextManager } = await load('@opentelemetry/context-async-hooks');
    exporter = new InMemorySpanExporter();
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    api.trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
    const tracer = api.trace.getTracer('smoke');
    run = (send) => tracer.startActiveSpan('call', async (span) => { try { return await send(); } finally { span.end(); } });
  } else {
    // What a registered OpenTelemetry SDK leaves on the global object: the packages look for the api, in vain.
    globalThis[Symbol.for('opentelemetry.js.api.1')] = { version: '1.10.0' };
  }
  fromRoleChain({ source: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'x' }, roles: [{ roleArn: 'arn:aws:iam::111111111111:role/smoke' }], region: 'eu-west-1' });
  const records = [];
  const client = new STSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'x' },
    requestHandler: { handle: async () => ({ response: { statusCode: 200, headers: {}, body: Buffer.from('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::609629065308:user/smoke</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>') } }) },
  });
  client.middlewareStack.use(identityLoggerPlugin({ onRecord: (record) => records.push(record), resolveUnknown: 'none' }));
  await run(() => client.send(new GetCallerIdentityCommand({})));
  const attributes = exporter?.getFinishedSpans()[0]?.attributes ?? {};
  console.log(JSON.stringify({ records: records.length, key: attributes['rolechain.identity.access_key_id'] ?? null }));
};
main().catch((error) => { console.error(error); process.exitCode = 1; });
`;
writeFileSync(join(scratch, 'otel.mjs'), otelScript('const load = (name) => import(name);'));
writeFileSync(join(scratch, 'otel.cjs'), otelScript('const load = async (name) => require(name);'));
const otelRuns = [
  ['without @opentelemetry/api', 'none', null],
  ['with @opentelemetry/api and a tracer provider', 'otel', 'AKIA…VV7A'],
];
for (const [label, mode, key] of otelRuns) {
  if (mode === 'otel') {
    const versionOf = (name) =>
      `${name}@${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`;
    const otelPackages = [
      '@opentelemetry/api',
      '@opentelemetry/sdk-trace',
      '@opentelemetry/context-async-hooks',
    ];
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', ...otelPackages.map(versionOf)],
      scratch,
    );
  } else if (existsSync(join(scratch, 'node_modules', '@opentelemetry', 'api'))) {
    failures += 1;
    console.error('FAIL the scratch project has @opentelemetry/api without asking for it');
    continue;
  }
  for (const script of ['otel.mjs', 'otel.cjs']) {
    try {
      const result = JSON.parse(run(process.execPath, [script, mode], scratch).trim());
      if (result.records !== 1 || result.key !== key) throw new Error(`got ${JSON.stringify(result)}`);
      console.log(
        `ok   ${label}: ${script} logs the call${key === null ? '' : ' and sets the identity on the span'}`,
      );
    } catch (error) {
      failures += 1;
      console.error(`FAIL ${label}: ${script}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
process.exitCode = failures > 0 ? 1 : 0;
