/**
 * Plain-text helpers for terminal output: display width, fitting, padding.
 */

/** Display width of `s` in a terminal (code points; wide East Asian / emoji count 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Untrusted text made safe for a terminal: control characters other than newline and tab
 * (an escape sequence in a goroutine name or a message could move the cursor, change the
 * title or hide lines) are shown as `\uXXXX`.
 */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `s` cut to at most `width` columns (ending with `…` when cut), then padded to `width`. */
export function fit(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const flat = plain(s.replace(/[\r\n\t]+/g, ' '));
  let out = flat;
  if (displayWidth(flat) > width) {
    out = '';
    let w = 0;
    for (const ch of flat) {
      const cw = displayWidth(ch);
      if (w + cw > width - 1) break;
      out += ch;
      w += cw;
    }
    out += width > 0 ? '…' : '';
  }
  const pad = ' '.repeat(Math.max(0, width - displayWidth(out)));
  return align === 'left' ? out + pad : pad + out;
}

/**
 * `s` wrapped into lines of at most `width` columns: broken at spaces where it can, inside
 * a word only when the word alone is wider. Control characters are shown as `\uXXXX`;
 * newlines and tabs become spaces. Never returns no line.
 */
export function wrap(s: string, width: number): string[] {
  const w = Math.max(1, width);
  const words = plain(s.replace(/[\r\n\t]+/g, ' ')).split(' ');
  const lines: string[] = [];
  let line = '';
  let lineW = 0;
  const push = (): void => {
    lines.push(line);
    line = '';
    lineW = 0;
  };
  for (const word of words) {
    const ww = displayWidth(word);
    if (lineW > 0 && lineW + 1 + ww <= w) {
      line += ` ${word}`;
      lineW += 1 + ww;
      continue;
    }
    if (lineW > 0) push();
    if (ww <= w) {
      line = word;
      lineW = ww;
      continue;
    }
    for (const ch of word) {
      const cw = displayWidth(ch);
      if (lineW + cw > w && lineW > 0) push();
      line += ch;
      lineW += cw;
    }
  }
  if (lineW > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** A count with thousands separators: `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A rate per second, compact: `812/s`, `45.2k/s`, `1.2M/s`. */
export function rate(executions: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return '-';
  const r = (executions * 1000) / elapsedMs;
  if (r >= 1e6) return `${(r / 1e6).toFixed(1)}M/s`;
  if (r >= 1e4) return `${(r / 1e3).toFixed(1)}k/s`;
  return `${Math.round(r)}/s`;
}

/** Wall-clock milliseconds, compact: `850ms`, `12.3s`, `2m05s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
