// The public API of every published package, as API Extractor reports (`packages/<name>/etc/*.api.md`), made
// from the built declaration files. `npm run api` rewrites the reports; `npm run api -- --check` (CI) fails
// when a report differs from the build, so every change to a public API shows in review as a diff of its
// report. Run `npm run build` first. One report per entry in a package's `exports` map.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const check = process.argv.includes('--check');

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

let failed = 0;
for (const { dir, manifest } of packages) {
  const unscoped = manifest.name.replace(/^@[^/]+\//, '');
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const types = target?.import?.types;
    if (types === undefined) continue;
    const entry = subpath === '.' ? unscoped : `${unscoped}-${subpath.slice(2).replaceAll('/', '-')}`;
    mkdirSync(join(dir, 'etc'), { recursive: true });
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: dir,
        mainEntryPointFilePath: join(dir, types),
        compiler: { overrideTsconfig: { compilerOptions: { lib: ['es2023', 'dom'], types: ['node'] } } },
        apiReport: {
          enabled: true,
          reportFileName: `${entry}.api.md`,
          reportFolder: join(dir, 'etc'),
          reportTempFolder: join(tmpdir(), 'rolechain-api-reports', unscoped),
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // tsc checks the code; here only what the report says matters.
          compilerMessageReporting: { default: { logLevel: 'none' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning' },
            // Bundled declaration files name their chunks; the report is about names, not files.
            'ae-missing-release-tag': { logLevel: 'none' },
            'ae-undocumented': { logLevel: 'none' },
            'ae-unresolved-link': { logLevel: 'none' },
            // Our @internal exports keep their names; the tag is what marks them.
            'ae-internal-missing-underscore': { logLevel: 'none', addToApiReportFile: false },
            // A type the API uses but the entry point does not export: noted in the report, for review.
            'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(dir, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false });
    const name = `${manifest.name}${subpath === '.' ? '' : subpath.slice(1)}`;
    if (!result.succeeded) {
      failed++;
      console.error(
        `${name}: the API report differs from packages/${dir.split('/').pop()}/etc/${entry}.api.md`,
      );
    } else {
      console.log(`${name}: ${result.apiReportChanged ? 'report updated' : 'report unchanged'}`);
    }
  }
}
if (failed > 0) {
  console.error(
    check ? 'Public API changed: run `npm run build && npm run api` and commit the reports.' : '',
  );
  process.exitCode = 1;
}
