/**
 * The strategy chart: an SVG dot plot of executions to the first bug (median over the
 * seeds) per strategy, one row per buggy variant, on a log scale; a miss (the median
 * seed did not find the bug within the budget) is drawn in the "missed" band at the
 * right. Written by hand: no chart library.
 */
import type { StrategyRow } from './strategy-bench';

/** Colour-blind-safe colours (Okabe–Ito) and a shape per strategy column. */
const PALETTE = ['#0072B2', '#E69F00', '#D55E00', '#009E73', '#CC79A7', '#000000', '#56B4E9', '#F0E442'];
const SHAPES = ['circle', 'square', 'diamond', 'triangle', 'circle', 'square', 'diamond', 'triangle'] as const;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function marker(shape: (typeof SHAPES)[number], x: number, y: number, color: string, filled: boolean): string {
  const fill = filled ? color : 'white';
  const r = 4;
  switch (shape) {
    case 'circle':
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`;
    case 'square':
      return `<rect x="${(x - r + 0.5).toFixed(1)}" y="${(y - r + 0.5).toFixed(1)}" width="${2 * r - 1}" height="${2 * r - 1}" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`;
    case 'diamond':
      return `<path d="M${x.toFixed(1)} ${(y - r - 1).toFixed(1)}l${r + 1} ${r + 1}l${-(r + 1)} ${r + 1}l${-(r + 1)} ${-(r + 1)}z" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`;
    case 'triangle':
      return `<path d="M${x.toFixed(1)} ${(y - r - 1).toFixed(1)}l${r + 1} ${2 * r}h${-2 * (r + 1)}z" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`;
  }
}

/**
 * The SVG text. `budget` is the per-seed execution budget (the right end of the axis).
 * A filled marker: every seed found the bug; hollow: some seeds missed.
 */
export function strategyChart(rows: readonly StrategyRow[], strategies: readonly string[], budget: number, title: string): string {
  const labelW = 300;
  const plotW = 520;
  const missW = 60;
  const rowH = 22;
  const top = 74;
  const groupGap = 18;
  const groups = rows.filter((r, i) => i === 0 || rows[i - 1]!.group !== r.group).length;
  const height = top + rows.length * rowH + groups * groupGap + 40;
  const width = labelW + plotW + missW + 20;
  const maxLog = Math.max(1, Math.log10(budget));
  const xOf = (v: number): number => labelW + (Math.log10(Math.max(1, v)) / maxLog) * plotW;
  const missX = labelW + plotW + missW / 2 + 5;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="10" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`);
  // legend
  strategies.forEach((s, i) => {
    const x = 10 + i * 110;
    out.push(marker(SHAPES[i % SHAPES.length]!, x + 5, 38, PALETTE[i % PALETTE.length]!, true));
    out.push(`<text x="${x + 14}" y="42">${esc(s)}</text>`);
  });
  out.push(`<text x="10" y="60" fill="#555">median executions to the first bug (log scale); filled: every seed found it, hollow: some seeds missed</text>`);
  const plotTop = top - 6;
  const plotBottom = height - 34;
  // grid and axis
  const ticks: number[] = [];
  for (let e = 0; 10 ** e <= budget; e++) ticks.push(10 ** e);
  if (ticks[ticks.length - 1] !== budget && Math.log10(budget / ticks[ticks.length - 1]!) > 0.15) ticks.push(budget);
  for (const t of ticks) {
    const x = xOf(t);
    out.push(`<line x1="${x.toFixed(1)}" y1="${plotTop}" x2="${x.toFixed(1)}" y2="${plotBottom}" stroke="#ddd"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${plotBottom + 14}" text-anchor="middle">${t.toLocaleString('en-US')}</text>`);
  }
  out.push(`<rect x="${labelW + plotW + 10}" y="${plotTop}" width="${missW - 10}" height="${plotBottom - plotTop}" fill="#f4f4f4"/>`);
  out.push(`<text x="${missX + 5}" y="${plotBottom + 14}" text-anchor="middle">missed</text>`);
  out.push(`<text x="${labelW + plotW / 2}" y="${plotBottom + 28}" text-anchor="middle" fill="#555">executions (budget ${budget.toLocaleString('en-US')} per seed)</text>`);
  let y = top;
  let lastGroup = '';
  for (const row of rows) {
    if (row.group !== lastGroup) {
      y += groupGap;
      out.push(`<text x="10" y="${y - 4}" font-weight="bold" fill="#333">${esc(row.group)}</text>`);
      out.push(`<line x1="10" y1="${y - 1}" x2="${labelW + plotW + missW}" y2="${y - 1}" stroke="#bbb"/>`);
      lastGroup = row.group;
    }
    const cy = y + rowH / 2;
    out.push(`<text x="${labelW - 8}" y="${cy + 4}" text-anchor="end">${esc(`${row.scenario} / ${row.variant}`)}</text>`);
    out.push(`<line x1="${labelW}" y1="${cy}" x2="${labelW + plotW}" y2="${cy}" stroke="#f0f0f0"/>`);
    row.cells.forEach((c, i) => {
      const dy = (i - (row.cells.length - 1) / 2) * 2.4;
      const color = PALETTE[i % PALETTE.length]!;
      const shape = SHAPES[i % SHAPES.length]!;
      const x = c.median === Infinity || c.found === 0 ? missX + (i - (row.cells.length - 1) / 2) * 6 : xOf(c.median);
      out.push(marker(shape, x, cy + dy, color, c.found === c.seedsRun));
    });
    y += rowH;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
