// Everything in a report that came from a repository (paths, titles, notes, messages quoting
// evidence) is untrusted. These helpers make such text inert in GitHub Markdown: it cannot open
// HTML, break tables, start links or images, or @-mention people and teams.

/** Escapes text for GitHub-flavoured Markdown, on one line. */
export function md(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|~<>-]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u200b') // zero-width space: no mention, no notification
    .replace(/:\/\//g, ':/\u200b/'); // no autolinks
}

/** A code span that cannot be closed early by backticks in the text. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
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
