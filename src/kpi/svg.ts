// Inline SVG charts for the HTML board pack: no script, no font or stylesheet to fetch, readable in
// grey when printed (every bar and point carries its number as text).
import { html } from '../report/escape.js';

export interface Bar {
  label: string;
  value: number;
  /** Text shown after the bar; defaults to the value. */
  display?: string;
  color?: string;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"';

function esc(s: string): string {
  return html(s);
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Horizontal bars, one row per item, scaled to `max` (default: the largest value). */
export function barChart(bars: readonly Bar[], options: { title: string; max?: number; width?: number; labelWidth?: number }): string {
  const width = options.width ?? 640;
  const labelWidth = options.labelWidth ?? 180;
  const row = 26;
  const top = 8;
  const valueWidth = 110;
  const plot = width - labelWidth - valueWidth - 16;
  const max = options.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const height = top * 2 + bars.length * row;
  const rows = bars.map((b, i) => {
    const y = top + i * row;
    const w = max > 0 ? Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot) : 0;
    const label = truncate(b.label, Math.floor(labelWidth / 7));
    return [
      `<text x="${labelWidth - 8}" y="${num(y + 17)}" text-anchor="end" font-size="12" fill="#1f2328">${esc(label)}</text>`,
      `<rect x="${labelWidth}" y="${num(y + 5)}" width="${num(plot)}" height="16" fill="#eef1f4"/>`,
      `<rect x="${labelWidth}" y="${num(y + 5)}" width="${num(w)}" height="16" fill="${b.color ?? '#2f6fb0'}"/>`,
      `<text x="${num(labelWidth + plot + 8)}" y="${num(y + 17)}" font-size="12" fill="#1f2328">${esc(b.display ?? String(b.value))}</text>`,
    ].join('');
  });
  return svg(width, height, options.title, rows.join(''));
}

export interface LinePoint {
  /** Milliseconds since the epoch. */
  t: number;
  value: number;
}

/**
 * A step line over time: a figure holds until the next change. Axis labels are dates (YYYY-MM-DD);
 * the last value is written at the end of the line.
 */
export function stepChart(points: readonly LinePoint[], options: { title: string; unit: string; width?: number; height?: number; until?: number }): string {
  const width = options.width ?? 760;
  const height = options.height ?? 260;
  const left = 64;
  const right = 24;
  const top = 16;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return svg(width, 40, options.title, `<text x="8" y="24" font-size="12">No data</text>`);
  const t0 = first.t;
  // The last figure holds until the report date.
  const end = options.until !== undefined && options.until > last.t ? options.until : last.t;
  const t1 = end > t0 ? end : t0 + 86_400_000;
  const yMax = niceMax(Math.max(...points.map((p) => p.value)));
  const x = (t: number): number => left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  const steps = yTicks(yMax);
  for (let i = 0; i <= steps; i++) {
    const v = (yMax * i) / steps;
    const yy = y(v);
    parts.push(`<line x1="${left}" y1="${num(yy)}" x2="${left + plotW}" y2="${num(yy)}" stroke="#d0d7de" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${num(yy + 4)}" text-anchor="end" font-size="11" fill="#57606a">${esc(formatTick(v))}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    parts.push(`<text x="${num(x(t))}" y="${height - bottom + 18}" text-anchor="${anchor}" font-size="11" fill="#57606a">${new Date(t).toISOString().slice(0, 10)}</text>`);
  }
  let d = `M${num(x(first.t))},${num(y(first.value))}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i];
    const prev = points[i - 1];
    if (!p || !prev) continue;
    d += ` L${num(x(p.t))},${num(y(prev.value))} L${num(x(p.t))},${num(y(p.value))}`;
  }
  if (end > last.t) d += ` L${num(x(end))},${num(y(last.value))}`;
  parts.push(`<path d="${d}" fill="none" stroke="#2f6fb0" stroke-width="2"/>`);
  if (points.length <= 60) for (const p of points) parts.push(`<circle cx="${num(x(p.t))}" cy="${num(y(p.value))}" r="2.5" fill="#2f6fb0"/>`);
  parts.push(`<text x="${num(x(end))}" y="${num(Math.max(12, y(last.value) - 8))}" text-anchor="end" font-size="12" font-weight="600" fill="#1f2328">${esc(`${formatTick(last.value)} ${options.unit}`)}</text>`);
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#57606a" stroke-width="1"/>`);
  parts.push(`<text x="12" y="${num(top + plotH / 2)}" font-size="11" fill="#57606a" transform="rotate(-90 12 ${num(top + plotH / 2)})" text-anchor="middle">${esc(options.unit)}</text>`);
  return svg(width, height, options.title, parts.join(''));
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT}><title>${esc(title)}</title>${body}</svg>`;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n * 1.05) return m * p;
  return 10 * p;
}

/** Intervals that give round tick values for a niceMax() maximum (25 -> 5 x 5, 20 -> 4 x 5). */
function yTicks(max: number): number {
  const mantissa = Number((max / 10 ** Math.floor(Math.log10(max))).toPrecision(3));
  return mantissa === 2 ? 4 : 5;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}
