import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openTerminal } from './terminal';

test('no terminal when the path cannot be opened or is not a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-terminal-'));
  const file = join(dir, 'not-a-tty');
  writeFileSync(file, '');
  expect(openTerminal(join(dir, 'missing'))).toBeUndefined();
  expect(openTerminal(file)).toBeUndefined();
});
