/**
 * Deterministic text for values and virtual times, used in traces and messages.
 */

/** Virtual nanoseconds as Go prints durations: `0`, `250ns`, `1.5µs`, `30ms`, `2s`. */
export function formatTime(ns: number): string {
  if (ns === 0) return '0';
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${ns}ns`;
  if (abs < 1e6) return `${trim(ns / 1e3)}µs`;
  if (abs < 1e9) return `${trim(ns / 1e6)}ms`;
  return `${trim(ns / 1e9)}s`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(3)));
}

/** A short, deterministic rendering of any value a goroutine stores, sends or receives. */
export function formatValue(v: unknown, depth = 0): string {
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
      return String(v);
    case 'string':
      return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
    case 'symbol':
      return v.toString();
    case 'function':
      return v.name ? `[function ${v.name}]` : '[function]';
    case 'object':
      return formatObject(v, depth);
  }
  return String(v);
}

function formatObject(v: object | null, depth: number): string {
  if (v === null) return 'null';
  if (depth >= 2) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) {
    const items = v.slice(0, 6).map((x) => formatValue(x, depth + 1));
    if (v.length > 6) items.push(`… ${v.length - 6} more`);
    return `[${items.join(', ')}]`;
  }
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  const ctor = proto?.constructor?.name;
  const refName = (v as { name?: unknown; kind?: unknown }).kind !== undefined ? (v as { name?: unknown }).name : undefined;
  if (typeof refName === 'string' && ctor !== undefined && ctor !== 'Object') return `${ctor} "${refName}"`;
  const keys = Object.keys(v);
  const items = keys.slice(0, 6).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatValue((v as Record<string, unknown>)[k], depth + 1)}`);
  if (keys.length > 6) items.push(`… ${keys.length - 6} more`);
  const body = `{${items.join(', ')}}`;
  return ctor !== undefined && ctor !== 'Object' && proto !== null ? `${ctor} ${body}` : body;
}
