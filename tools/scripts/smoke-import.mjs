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
process.exitCode = failures > 0 ? 1 : 0;
