import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

// src/aws-sdk.cjs is bundled like the rest: in the ES module build its require() calls go through
// createRequire, so Node's ESM loader never scans a CommonJS file for the provider (decision 0002).
export default defineConfig(packageBuild());
