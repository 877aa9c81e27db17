import { describe, expect, it } from 'vitest';
import { anchorRow, oursRow } from './model';
import type { FigureResult } from './model';
import { summarize } from './stats';
import { panels, renderChart } from './svg';

const sdk = anchorRow({
  case: 'K=10',
  metric: 'AssumeRole calls',
  subject: 'nested <fromTemporaryCredentials>',
  unit: 'calls',
  summary: summarize([30, 30, 30]),
});
const ours = oursRow(
  {
    case: 'K=10',
    metric: 'AssumeRole calls',
    subject: 'fromRoleChain',
    unit: 'calls',
    summary: summarize([3]),
  },
  sdk,
);
const figure: FigureResult = {
  id: 1,
  slug: 'figure-1',
  title: 'STS calls & clients',
  method: 'counted',
  rows: [
    sdk,
    ours,
    anchorRow({
      case: 'cold',
      metric: 'time',
      subject: 'sdk',
      unit: 'ms',
      summary: summarize([10, 20, 30, 40]),
    }),
  ],
  notes: [],
};

function barWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="16"/g)].map((match) =>
    Number(match[1]),
  );
}

describe('renderChart', () => {
  it('draws bars in proportion to the medians of a panel', () => {
    const svg = renderChart(figure) ?? '';
    const [anchorWidth, oursWidth, otherPanelWidth] = barWidths(svg);
    expect(oursWidth! / anchorWidth!).toBeCloseTo(0.1, 2);
    expect(otherPanelWidth).toBeGreaterThan(0);
  });

  it('gives each metric its own panel and escapes every label', () => {
    expect(panels(figure.rows).map((panel) => panel.title)).toEqual([
      'AssumeRole calls (calls)',
      'time (ms)',
    ]);
    const svg = renderChart(figure) ?? '';
    expect(svg).toContain('STS calls &amp; clients');
    expect(svg).toContain('nested &lt;fromTemporaryCredentials&gt;');
    expect(svg).not.toMatch(/<fromTemporaryCredentials>/);
  });

  it('draws negative medians left of a zero line', () => {
    const negative = anchorRow({
      case: 'diff',
      metric: 'd',
      subject: 's',
      unit: 'µs',
      summary: summarize([-4, -2, 2]),
    });
    const svg = renderChart({ ...figure, rows: [negative] }) ?? '';
    expect(svg).toContain('class="zero"');
    const [x, width] = [...svg.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="16"/g)].map(
      (match) => [Number(match[1]), Number(match[2])],
    )[0]!;
    // median -2, p25 -3, p75 0: the axis runs -3..0, so the bar covers two thirds of it, ending at zero
    expect(width).toBeCloseTo((2 / 3) * 320, 0);
    expect(x).toBeCloseTo(330 + (1 / 3) * 320, 0);
  });

  it('draws a whisker only where there is a spread', () => {
    const svg = renderChart(figure) ?? '';
    expect(svg.match(/class="whisker"\/>/g)).toHaveLength(1);
  });

  it('draws nothing for a figure without rows', () => {
    expect(renderChart({ ...figure, rows: [] })).toBeUndefined();
  });
});
