import { describe, expect, it } from 'vitest';
import type { FigureResult } from './model';
import { renderChart } from './svg';
import { seriesPanel } from './svg-series';

const series = {
  title: 'N=<1,000> & W=0 s',
  unit: 'calls/s',
  stepSeconds: 10,
  limit: 600,
  lines: [
    { subject: 'fromRoleChain', role: 'ours' as const, values: [600, 20, 0, 35] },
    { subject: 'nested fromTemporaryCredentials', role: 'anchor' as const, values: [900, 0, 0, 900] },
  ],
};

describe('seriesPanel', () => {
  it('draws one polyline per subject, anchors first, scaled to the highest value, with the limit dashed', () => {
    const { svg, height } = seriesPanel(series, 0);
    const polylines = [...svg.matchAll(/<polyline points="([^"]+)"[^>]*stroke="([^"]+)"/g)];
    expect(polylines.map((match) => match[2])).toEqual(['#94a3b8', '#0f766e']);
    const anchorPoints = (polylines[0]?.[1] ?? '').split(' ');
    expect(anchorPoints).toHaveLength(4);
    expect(anchorPoints[0]).toBe('60,24'); // 900 is the top of the plot
    expect(anchorPoints[3]).toBe('740,24');
    expect(svg).toContain('class="limit"');
    expect(svg).toContain('limit 600');
    expect(svg).toContain('N=&lt;1,000&gt; &amp; W=0 s (calls/s)');
    expect(height).toBeGreaterThan(120);
  });

  it('is drawn under the bars of a figure that has series', () => {
    const figure: FigureResult = {
      id: 8,
      slug: 'figure-8',
      title: 'fleet',
      method: '',
      rows: [],
      notes: [],
      series: [series],
    };
    expect(renderChart(figure)).toBeUndefined(); // no rows: no chart, as before
    const withRows: FigureResult = {
      ...figure,
      rows: [
        {
          case: 'c',
          metric: 'm',
          subject: 's',
          role: 'anchor',
          unit: 'calls',
          summary: { median: 1, p25: 1, p75: 1, min: 1, max: 1, n: 1 },
        },
      ],
    };
    expect(renderChart(withRows)?.match(/<polyline /g)).toHaveLength(2);
  });
});
