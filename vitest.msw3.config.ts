// The same suite against msw 3 (installed as the alias `msw3`), which needs Node ≥ 22.12: CI runs it on
// Node 24, so @rolechain/sts-mock is proven on both msw lines it supports as a peer dependency.
import { mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(base, {
  resolve: { alias: [{ find: /^msw(?=$|\/)/, replacement: 'msw3' }] },
});
