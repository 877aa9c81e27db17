import { expect, test } from 'vitest';
import { renderTable } from './table';

test('columns are as wide as their widest cell, two spaces apart, without trailing spaces', () => {
  expect(
    renderTable(
      ['HOP', 'IDENTITY', 'EXPIRES'],
      [
        ['source', 'arn:aws:iam::111111111111:user/alice', ''],
        ['1', 'arn:aws:sts::222222222222:assumed-role/a/s', '2026-03-01T11:00:00.000Z'],
      ],
    ),
  ).toBe(
    [
      'HOP     IDENTITY                                    EXPIRES',
      'source  arn:aws:iam::111111111111:user/alice',
      '1       arn:aws:sts::222222222222:assumed-role/a/s  2026-03-01T11:00:00.000Z',
      '',
    ].join('\n'),
  );
});

test('a header alone renders one line', () => {
  expect(renderTable(['A', 'B'], [])).toBe('A  B\n');
});
