import { expect, test } from 'vitest';
import { placeholder } from '@rolechain/sts-mock';
test('resolves sources', () => {
  expect(placeholder).toBe(1);
});
