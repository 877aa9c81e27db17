// Time-series panels for the charts (figure 8's STS calls per second): one polyline per subject over the
// simulated run, a dashed line at the panel's limit, hand-drawn like the bars in svg.ts.
import { formatNumber } from './format';
import { escapeXml as escape } from './svg-escape';
import type { Series } from './model';

const plotLeft = 60;
const plotRight = 740;
const plotHeight = 120;
const colours = { ours: '#0f766e', anchor: '#94a3b8' } as const;

const round = (value: number): string => String(Math.round(value * 10) / 10);

/** One series panel at `top`; returns its SVG and height. */
export function seriesPanel(series: Series, top: number): { svg: string; height: number } {
  const steps = Math.max(1, ...series.lines.map((line) => line.values.length));
  const high = Math.max(1, series.limit ?? 0, ...series.lines.flatMap((line) => line.values));
  const plotTop = top + 24;
  const x = (index: number): number => plotLeft + (index / Math.max(1, steps - 1)) * (plotRight - plotLeft);
  const y = (value: number): number => plotTop + plotHeight - (value / high) * plotHeight;
  const bottom = plotTop + plotHeight;
  const totalSeconds = steps * series.stepSeconds;
  const parts = [
    `<text x="10" y="${top + 14}" class="panel">${escape(`${series.title} (${series.unit})`)}</text>`,
    `<path d="M${plotLeft} ${plotTop}V${bottom}H${plotRight}" class="axis"/>`,
    `<text x="${plotLeft - 6}" y="${plotTop + 4}" text-anchor="end">${escape(formatNumber(high))}</text>`,
    `<text x="${plotLeft - 6}" y="${bottom + 4}" text-anchor="end">0</text>`,
    `<text x="${plotLeft}" y="${bottom + 16}">0</text>`,
    `<text x="${plotRight}" y="${bottom + 16}" text-anchor="end">${escape(`${formatNumber(totalSeconds / 3600)} h`)}</text>`,
  ];
  if (series.limit !== undefined) {
    parts.push(
      `<path d="M${plotLeft} ${round(y(series.limit))}H${plotRight}" class="limit"/>`,
      `<text x="${plotRight}" y="${round(y(series.limit) - 4)}" text-anchor="end">${escape(`limit ${formatNumber(series.limit)}`)}</text>`,
    );
  }
  // Anchors first, so ours is drawn on top.
  for (const line of [...series.lines].sort((a, b) =>
    a.role === b.role ? 0 : a.role === 'anchor' ? -1 : 1,
  )) {
    const points = line.values.map((value, index) => `${round(x(index))},${round(y(value))}`).join(' ');
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${colours[line.role]}" stroke-width="1.5"><title>${escape(line.subject)}</title></polyline>`,
    );
  }
  return { svg: parts.join('\n'), height: plotHeight + 50 };
}
