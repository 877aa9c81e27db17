// The one build configuration every published package shares: ESM and CommonJS side by side, each with
// its own declaration files, for Node 20 and later. A package's tsdown.config.ts names only its entries.
import type { Plugin } from 'rolldown';
import type { UserConfig } from 'tsdown';

/**
 * A module whose text holds one character beyond Latin-1 ("—", "≤") is decoded and compiled by Node as a
 * two-byte string, the whole file, on every cold start. The JavaScript chunks therefore spell every non-ASCII
 * character as a `\u` escape (ASCII text also takes the decoder's fast path): the same strings at run time. Source maps are not rewritten: a column after an escape on
 * its line is off by the escape's five extra characters; lines stay right.
 */
const asciiOnly: Plugin = {
  name: 'rolechain:ascii-only',
  // At generateBundle, after the last printing of the code: a printer would turn the escapes back.
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) {
      if (output.type !== 'chunk' || !/\.[cm]?js$/.test(output.fileName)) continue;
      output.code = output.code.replace(
        /[^\0-\x7f]/g,
        (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    }
  },
};

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
    // JSDoc stays in the declaration files, where editors show it; the JavaScript that Node compiles on every
    // cold start leaves it out (a third of its bytes).
    outputOptions: { comments: { jsdoc: false, legal: true, annotation: true } },
    plugins: [asciiOnly],
  };
}
