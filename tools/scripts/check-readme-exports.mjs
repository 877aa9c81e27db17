// The README of each published package is the list of what it makes public: every name an entry point of
// its `exports` map exports must be named in the README (in its text or its examples). Exports kept for a sibling package are
// marked @internal in their TSDoc and listed in the README's internal exports, so a reader sees them too.
// Part of `npm run lint`; prints each missing name and exits 1.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');
const missing = [];
for (const dir of readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name))) {
  if (!existsSync(join(dir, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private === true) continue;
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const entries = Object.values(manifest.exports)
    .map((target) => target?.['@rolechain/source'])
    .filter((entry) => typeof entry === 'string')
    .map((entry) => join(dir, entry));
  const program = ts.createProgram(entries, {
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['@rolechain/source'],
  });
  const checker = program.getTypeChecker();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    for (const symbol of module === undefined ? [] : checker.getExportsOfModule(module)) {
      if (!new RegExp(`\\b${symbol.name}\\b`).test(readme))
        missing.push(`${manifest.name}: ${symbol.name} (${entry.slice(root.length + 1)})`);
    }
  }
}
for (const line of missing) console.error(`exported but not in its README: ${line}`);
process.exitCode = missing.length > 0 ? 1 : 0;
