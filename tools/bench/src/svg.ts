// One SVG chart per figure, drawn from the same rows as RESULTS.md: a panel per metric, a horizontal bar per
// case and subject at its median, with a whisker over the interquartile range. Hand-written so that no
// browser or chart library is needed.
import { formatNumber } from './format';
import { escapeXml } from './svg-escape';
import type { FigureResult, Row } from './model';
import { seriesPanel } from './svg-series';

const width = 760;
const labelWidth = 330;
const valueWidth = 90;
const barArea = width - labelWidth - valueWidth - 20;
const barHeight = 16;
const rowGap = 6;
const ours = '#0f766e';
const anchor = '#94a3b8';

/** Rows grouped by metric (and unit), in first-seen order. */
export function panels(rows: readonly Row[]): { title: string; rows: Row[] }[] {
  const byTitle = new Map<string, Row[]>();
  for (const row of rows) {
    const title = `${row.metric} (${row.unit})`;
    const list = byTitle.get(title) ?? [];
    list.push(row);
    byTitle.set(title, list);
  }
  return [...byTitle].map(([title, list]) => ({ title, rows: list }));
}

const round = (value: number): string => String(Math.round(value * 10) / 10);
const caseHeight = 18;

/** One panel: rows grouped under their case, bars from zero (negative values allowed) to the median. */
function panel(title: string, rows: readonly Row[], top: number): { svg: string; height: number } {
  const values = rows.flatMap((row) => [row.summary.median, row.summary.p25, row.summary.p75]);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low;
  const x = (value: number): number => labelWidth + (span > 0 ? ((value - low) / span) * barArea : 0);
  const lines = [`<text x="10" y="${top + 14}" class="panel">${escapeXml(title)}</text>`];
  let y = top + 24;
  let currentCase: string | undefined;
  for (const row of rows) {
    if (row.case !== currentCase) {
      currentCase = row.case;
      lines.push(`<text x="10" y="${y + 12}" class="case">${escapeXml(row.case)}</text>`);
      y += caseHeight;
    }
    const middle = y + barHeight / 2;
    const fill = row.role === 'ours' ? ours : anchor;
    const zero = x(0);
    const end = x(row.summary.median);
    const tooltip = `${row.case} · ${row.subject}: median ${formatNumber(row.summary.median)} ${row.unit}, p25 ${formatNumber(row.summary.p25)}, p75 ${formatNumber(row.summary.p75)}`;
    lines.push(
      `<text x="${labelWidth - 8}" y="${middle + 4}" text-anchor="end">${escapeXml(row.subject)}</text>`,
      `<rect x="${round(Math.min(zero, end))}" y="${y}" width="${round(Math.abs(end - zero))}" height="${barHeight}" fill="${fill}"><title>${escapeXml(tooltip)}</title></rect>`,
    );
    if (row.summary.p75 > row.summary.p25) {
      const x1 = round(x(row.summary.p25));
      const x2 = round(x(row.summary.p75));
      lines.push(
        `<path d="M${x1} ${middle}H${x2}M${x1} ${y + 3}V${y + barHeight - 3}M${x2} ${y + 3}V${y + barHeight - 3}" class="whisker"/>`,
      );
    }
    lines.push(
      `<text x="${labelWidth + barArea + 8}" y="${middle + 4}">${escapeXml(`${formatNumber(row.summary.median)} ${row.unit}`)}</text>`,
    );
    y += barHeight + rowGap;
  }
  if (low < 0) {
    lines.push(`<path d="M${round(x(0))} ${top + 24}V${y}" class="zero"/>`);
  }
  return { svg: lines.join('\n'), height: y - top + 10 };
}

/** The chart of one figure, or undefined when it has no rows. */
export function renderChart(figure: FigureResult): string | undefined {
  if (figure.rows.length === 0) return undefined;
  const title = `Figure ${figure.id}: ${figure.title}`;
  const body: string[] = [];
  let top = 34;
  for (const { title: panelTitle, rows } of panels(figure.rows)) {
    const drawn = panel(panelTitle, rows, top);
    body.push(drawn.svg);
    top += drawn.height;
  }
  for (const series of figure.series ?? []) {
    const drawn = seriesPanel(series, top);
    body.push(drawn.svg);
    top += drawn.height;
  }
  const legendY = top + 8;
  const height = legendY + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font:12px system-ui,sans-serif;fill:#1e293b}.title{font-size:14px;font-weight:600}.panel{font-weight:600}.case{fill:#475569;font-style:italic}.zero{stroke:#64748b;stroke-dasharray:2 2}.whisker{stroke:#0f172a;stroke-width:1.5;fill:none}.axis{stroke:#64748b;fill:none}.limit{stroke:#b91c1c;stroke-dasharray:4 3}</style>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" class="title">${escapeXml(title)}</text>`,
    ...body,
    `<rect x="10" y="${legendY}" width="12" height="12" fill="${ours}"/><text x="28" y="${legendY + 10}">rolechain</text>`,
    `<rect x="110" y="${legendY}" width="12" height="12" fill="${anchor}"/><text x="128" y="${legendY + 10}">anchor</text>`,
    `<text x="210" y="${legendY + 10}">bar: median · whisker: p25 – p75</text>`,
    '</svg>',
    '',
  ].join('\n');
}
