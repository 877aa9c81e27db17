// Tests that drive real non-JS AWS clients (Debian's `python3-boto3` and `awscli`, at /usr/bin) against a
// rolechain server on loopback: `npm run test:languages`. CI installs the clients first (.ci/run); they are
// not part of `npm test`, which must pass on a fresh machine without them. Each test spawns the server and
// the client as child processes, so nothing here is intercepted by msw and nothing leaves loopback.
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const sourceCondition = '@rolechain/source';

export default defineConfig({
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition], externalConditions: [sourceCondition] } },
  test: {
    name: 'languages',
    environment: 'node',
    setupFiles: [join(root, 'vitest.setup.ts')],
    include: ['{packages,apps,tools}/*/src/**/*.languages.test.ts'],
    passWithNoTests: false,
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 60_000,
  },
});
