import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

// `cli` is the `rolechain` executable; its source starts with `#!/usr/bin/env node`, which the build keeps.
export default defineConfig(packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' }));
