// The one build configuration every published package shares: ESM and CommonJS side by side, each with
// its own declaration files, for Node 20 and later. A package's tsdown.config.ts names only its entries.
import type { UserConfig } from 'tsdown';

export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }): UserConfig {
  return {
    entry,
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    outDir: 'dist',
    tsconfig: 'tsconfig.build.json',
  };
}
