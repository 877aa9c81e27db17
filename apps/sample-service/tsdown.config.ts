// The app is not published: one ESM bundle for `node dist/main.mjs`, no declaration files, no CommonJS.
// Workspace packages and the AWS SDK stay external (they are dependencies), so the bundle is only our code.
import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

export default defineConfig({
  ...packageBuild({ main: 'src/main.ts' }),
  format: ['esm'],
  dts: false,
});
