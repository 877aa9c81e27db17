// The bench runs as built JavaScript under plain `node`: timing code through a TypeScript transform at run
// time (tsx, vite-node) would measure the transform too. Every figure (and every cold-start child) is its own
// entry so the runner can start it as a fresh process; the packages under test are not bundled but imported
// from their own built `dist`, as a user's service would import them.
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'tsdown';

function entries(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(`src/${folder}`)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => [`${folder}/${file.slice(0, -'.ts'.length)}`, `src/${folder}/${file}`]),
  );
}

export default defineConfig({
  entry: {
    ...Object.fromEntries(
      ['run', 'soak'].filter((name) => existsSync(`src/${name}.ts`)).map((name) => [name, `src/${name}.ts`]),
    ),
    ...entries('figures'),
    ...(existsSync('src/children') ? entries('children') : {}),
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  sourcemap: false,
  clean: true,
  outDir: 'dist',
  tsconfig: 'tsconfig.json',
  deps: { skipNodeModulesBundle: true },
});
