import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

// src/aws-sdk.cjs stays a CommonJS file of its own (see its header), so it is copied, not bundled.
export default defineConfig({
  ...packageBuild(),
  deps: { neverBundle: ['./aws-sdk.cjs'] },
  copy: 'src/aws-sdk.cjs',
});
