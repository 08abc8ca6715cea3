/**
 * Escaping of untrusted text (scenario, goroutine and object names, messages, values)
 * for HTML, XML and JSON embedded in a `<script>` element.
 */

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Text safe inside XML 1.0 content and quoted attributes: the five entities escaped,
 * characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced
 * by U+FFFD, and newlines/tabs in attributes kept as character references.
 */
export function escapeXml(s: string, attribute = false): string {
  const clean = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const out = clean.replace(/[&<>"']/g, (c) => HTML[c]!.replace('&#39;', '&apos;'));
  return attribute ? out.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : out;
}

/**
 * JSON safe inside `<script type="application/json">`: `<` is written as `\u003c` (so no
 * `</script>` or `<!--` can end or confuse the element), as are U+2028/U+2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
