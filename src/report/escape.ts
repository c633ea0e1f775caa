// Everything in a report that came from a repository (paths, titles, notes, messages quoting
// evidence) is untrusted. These helpers make such text inert in GitHub Markdown: it cannot open
// HTML, break tables, start links or images, or @-mention people and teams.

/** Escapes text for GitHub-flavoured Markdown, on one line. */
export function md(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|~<>$-]/g, (c) => `\\${c}`) // `$`: GitHub renders $…$ as math
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u200b') // zero-width space: no mention, no notification
    .replace(/:\/\//g, ':/\u200b/') // no autolinks
    .replace(/www\./gi, (w) => `${w.slice(0, 3)}\u200b.`); // nor www. autolinks
}

/**
 * A code span that cannot be closed early by backticks in the text. An HTML comment opener is broken
 * (a zero-width space after `<!`): inside a span it renders as text anyway, but the comment's source
 * would still hold it, and tools that find their comment by a hidden marker read the source.
 */
export function code(text: string): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ').replace(/<!--/g, '<!\u200b--');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * Monospace text for a GFM table cell. A backtick code span cannot hold a raw `|` there: the table
 * splits the row at every unescaped pipe, code spans included (GitHub takes `\|` inside a span, other
 * renderers differ). So: an HTML <code> element whose text has every character Markdown or the table
 * could read as syntax written as an entity, and, as in md(), no mention and no autolink.
 */
export function cellCode(text: string): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ');
  const inert = clean
    .replace(/[&<>"'`\\|*_[\]~$]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/@/g, '@\u200b')
    .replace(/:\/\//g, ':/\u200b/')
    .replace(/www\./gi, (w) => `${w.slice(0, 3)}\u200b.`);
  return `<code>${inert}</code>`;
}

/** Text for an HTML attribute or element body (used in <details>/<summary>). */
export function html(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@\u200b');
}
