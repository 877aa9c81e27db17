// The app is not published: ESM bundles for `node dist/main.mjs` and for `dist/index.mjs`, the entry the
// bench's soak starts it through; no declaration files, no CommonJS. Workspace packages and the AWS SDK stay external (they are dependencies), so the bundle is only our code.
import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

export default defineConfig({
  ...packageBuild({ main: 'src/main.ts', index: 'src/index.ts' }),
  format: ['esm'],
  dts: false,
});
