// Test kinds, picked by file suffix so anyone can tell what a test needs from its name:
//   unit   `*.test.ts`        one module, in memory; no HTTP, no msw server.
//   integ  `*.integ.test.ts`  real AWS SDK clients end to end over HTTP, intercepted by msw with
//                             @rolechain/sts-mock; msw fails on any unhandled request, so nothing
//                             reaches the network.
//   languages `*.languages.test.ts`  real clients that are not ours (Debian's boto3 and AWS CLI) against a
//                             server on loopback; not part of `npm test`, since a fresh machine need not
//                             have them: `npm run test:languages` (vitest.languages.config.ts) runs them
//                             in CI after installing them.
// Every workspace package (packages/*, apps/*, tools/*) with a src/ gets one project per kind, named
// `<package name>:unit` and `<package name>:integ`, so a new package needs no edit here.
// Sources are used directly through the `@rolechain/source` export condition: no build before tests.
// Property-based tests are named `*.property.test.ts` (unit) and configured once in vitest.setup.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = import.meta.dirname;
const sourceCondition = '@rolechain/source';

function workspaceFolders(): { dir: string; name: string }[] {
  return ['packages', 'apps', 'tools'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => existsSync(join(root, group, entry.name, 'package.json')))
      .filter((entry) => existsSync(join(root, group, entry.name, 'src')))
      .map((entry) => {
        const dir = join(group, entry.name);
        const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
          name: string;
        };
        return { dir, name };
      }),
  );
}

function project(dir: string, name: string, kind: 'unit' | 'integ'): TestProjectInlineConfiguration {
  const integ = `${dir}/src/**/*.integ.test.ts`;
  const languages = `${dir}/src/**/*.languages.test.ts`;
  return {
    extends: true,
    test: {
      name: `${name}:${kind}`,
      include: kind === 'unit' ? [`${dir}/src/**/*.test.ts`] : [integ],
      exclude: kind === 'unit' ? [integ, languages, '**/node_modules/**'] : ['**/node_modules/**'],
    },
  };
}

export default defineConfig({
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition], externalConditions: [sourceCondition] } },
  test: {
    environment: 'node',
    setupFiles: [join(root, 'vitest.setup.ts')],
    passWithNoTests: false,
    restoreMocks: true,
    unstubEnvs: true,
    projects: workspaceFolders().flatMap(({ dir, name }) => [
      project(dir, name, 'unit'),
      project(dir, name, 'integ'),
    ]),
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.test-d.ts'],
      reporter: ['text-summary', 'html'],
    },
  },
});
