import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

// `serve-cli` is the `rolechain-sts-mock` executable; its source starts with `#!/usr/bin/env node`, which the build keeps.
export default defineConfig(
  packageBuild({ index: 'src/index.ts', vitest: 'src/vitest.ts', 'serve-cli': 'src/serve-cli.ts' }),
);
