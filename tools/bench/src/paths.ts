import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the nearest package.json named `name`, at or above `from`. */
export function packageDir(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no package ${name} at or above ${from}`);
  }
}

/** tools/bench, wherever in src/ or dist/ this code ends up. */
export const benchDir = packageDir(dirname(fileURLToPath(import.meta.url)), '@rolechain/bench');
