import { defineConfig } from 'tsdown';
import { javaScriptOutput, packageBuild } from '../../tsdown.base.ts';

// src/aws-sdk.cjs is bundled like the rest: in the ES module build its require() calls go through
// createRequire, so Node's ESM loader never scans a CommonJS file for the provider (decision 0002).
export default defineConfig({
  ...packageBuild(),
  // The profile code is a chunk of its own that the first profile call imports (profile-chain-options.ts);
  // what it shares with the entry (errors, validation) is a second chunk the entry imports. Rolldown would
  // name that one after one of its modules; it holds the provider's common code, so it says so.
  outputOptions: (options) => ({
    ...options,
    ...javaScriptOutput,
    chunkFileNames: (chunk) =>
      String(options.chunkFileNames).replace('[name]', chunk.isDynamicEntry ? '[name]' : 'common'),
  }),
});
