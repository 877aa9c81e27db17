import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { anchorRow, oursRow } from './model';
import type { FigureResult, RunInfo } from './model';
import { markdownTable, renderResults } from './results';
import { summarize } from './stats';

const run: RunInfo = {
  date: '2026-11-28T09:00:00.000Z',
  node: 'v20.20.2',
  platform: 'linux x64',
  cpus: 2,
  cpuModel: 'Test CPU',
  packages: { '@rolechain/credential-provider': '0.0.0', '@aws-sdk/client-sts': '3.1177.0' },
  seconds: 321.4,
};
const sdk = anchorRow({
  case: 'K=10 clients × 50 sends',
  metric: 'AssumeRole calls',
  subject: 'nested fromTemporaryCredentials',
  unit: 'calls',
  summary: summarize([30, 30, 30]),
});
const goal = { text: '= 3', met: (median: number) => median === 3 };
const figures: FigureResult[] = [
  {
    id: 1,
    slug: 'figure-1-sts-calls',
    title: 'AssumeRole calls',
    method: 'Counted by the mock.',
    rows: [
      sdk,
      oursRow(
        {
          case: sdk.case,
          metric: sdk.metric,
          subject: 'fromRoleChain',
          unit: 'calls',
          summary: summarize([3, 3, 4]),
        },
        sdk,
        goal,
      ),
    ],
    notes: ['A note | with a pipe.'],
  },
  {
    id: 3,
    slug: 'figure-3',
    title: 'Logger overhead',
    method: 'Not yet.',
    rows: [],
    notes: [],
    missing: 'no package',
  },
];

describe('renderResults', () => {
  const markdown = renderResults(run, figures, undefined);

  it('shows median, spread, anchor, ratio, goal and verdict of each row', () => {
    expect(markdown).toMatch(
      /\| AssumeRole calls \| \*\*fromRoleChain\*\* +\| calls +\| 3 +\| 3 – 3\.50 +\| 3 +\| nested fromTemporaryCredentials \| 0\.10× \| = 3 +\| pass/,
    );
    expect(markdown).toContain('![Figure 1](figure-1-sts-calls.svg)');
  });

  it('says which figure is missing and why, and that the soak has not run', () => {
    expect(markdown).toContain('Not measured: no package');
    expect(markdown).not.toContain('![Figure 3]');
    expect(markdown).toContain('Not run yet: `npm run soak`');
  });

  it('records the machine, Node and package versions', () => {
    expect(markdown).toContain('linux x64, 2 cores (Test CPU)');
    expect(markdown).toMatch(/\| `@aws-sdk\/client-sts` +\| 3\.1177\.0 +\|/);
    expect(markdown).toContain('v20.20.2');
  });

  it('is already formatted the way the repository checks it', async () => {
    const options = (await resolveConfig(import.meta.filename)) ?? {};
    const soak = {
      method: 'Load.',
      rows: [{ metric: 'failed requests', value: '0', goal: '0', pass: true }],
      notes: [],
    };
    const full = renderResults(run, figures, soak);
    expect(await format(full, { ...options, parser: 'markdown' })).toBe(full);
  });
});

describe('markdownTable', () => {
  it('pads columns to the widest cell and escapes pipes', () => {
    expect(markdownTable(['a', 'bb'], [['x|y', '1']])).toBe(
      '| a    | bb  |\n| ---- | --- |\n| x\\|y | 1   |',
    );
  });
});
