import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configErrorMessage } from './config-error';

describe('configErrorMessage (property)', () => {
  it('always reads where: field: problem, with nothing added', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        (field, problem, where) => {
          const message = configErrorMessage(field, problem, where);
          expect(message).toBe(`${where === undefined ? '' : `${where}: `}${field}: ${problem}`);
        },
      ),
    );
  });
});
