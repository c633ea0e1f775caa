// `/modelgate` commands in pull request comments. A command is a line of its own starting with
// `/modelgate`, as GitHub renders it: text inside code fences (closed only by a fence of the same
// character at least as long), indented code blocks, HTML comments and block quotes is a
// quotation or hidden, never a command (so a reply or an example that quotes a command cannot
// issue it, and nobody can hide one from the reviewers). Problems are plain text (they may quote
// the user); the reply escapes them.
import { WAIVER_REASONS } from '../src/index.js';

export type Command =
  | { kind: 'recheck' }
  | { kind: 'waive'; model: string; check: string; reason: string; until: string; note: string; line: string }
  | { kind: 'invalid'; line: string; problem: string };

export const WAIVE_SYNTAX = '/modelgate waive <model> <check> <reason> until <YYYY-MM-DD> -- <note>';
export const RECHECK_SYNTAX = '/modelgate recheck';

/** Columns of leading white space (a tab advances to the next multiple of four). */
function indentOf(raw: string): number {
  let col = 0;
  for (const ch of raw) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

export function parseCommands(body: string): Command[] {
  const out: Command[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (fence !== undefined) {
      const close = /^(`{3,}|~{3,})\s*$/.exec(line)?.[1];
      if (close && indentOf(raw) < 4 && close[0] === fence[0] && close.length >= fence.length) fence = undefined;
      continue;
    }
    // Indented four columns or more: indented code, or the continuation of a paragraph (then not a
    // line of its own); never a command, nor a fence.
    if (indentOf(raw) >= 4) continue;
    const open = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (open) {
      fence = open;
      continue;
    }
    // An HTML comment opened on this line and not closed on it hides the lines that follow.
    const opened = line.lastIndexOf('<!--');
    if (opened !== -1 && !line.includes('-->', opened + 4)) inComment = true;
    if (!/^\/modelgate(\s|$)/i.test(line)) continue;
    out.push(parseLine(line));
  }
  return out;
}

function parseLine(line: string): Command {
  const [verb, ...rest] = line.slice('/modelgate'.length).trim().split(/\s+/);
  switch ((verb ?? '').toLowerCase()) {
    case 'recheck':
      return { kind: 'recheck' };
    case 'waive':
      return parseWaive(line, rest.join(' '));
    case '':
      return { kind: 'invalid', line, problem: 'no command given' };
    default:
      return { kind: 'invalid', line, problem: `unknown command "${verb}"` };
  }
}

function parseWaive(line: string, args: string): Command {
  const sep = args.indexOf(' -- ');
  const head = sep === -1 ? args.replace(/\s+--$/, '') : args.slice(0, sep);
  const note = sep === -1 ? '' : args.slice(sep + 4).trim();
  const tokens = tokenize(head);
  if (typeof tokens === 'string') return { kind: 'invalid', line, problem: tokens };
  if (tokens.length !== 5 || tokens[3]?.toLowerCase() !== 'until') {
    return { kind: 'invalid', line, problem: 'a waiver needs a model, a check, a reason, "until" and a date' };
  }
  const [model, check, reason, , until] = tokens as [string, string, string, string, string];
  if (!(WAIVER_REASONS as readonly string[]).includes(reason)) {
    return { kind: 'invalid', line, problem: `reason must be one of ${WAIVER_REASONS.join(', ')}` };
  }
  if (!note) return { kind: 'invalid', line, problem: 'a waiver needs a note after " -- " saying why the risk is acceptable' };
  return { kind: 'waive', model, check, reason, until, note, line };
}

/** Splits on spaces; a model path with spaces can be written in "double quotes" or `backticks`. */
function tokenize(text: string): string[] | string {
  const tokens: string[] = [];
  const re = /"([^"]*)"|`([^`]*)`|(\S+)/g;
  for (const m of text.matchAll(re)) {
    const t = m[1] ?? m[2] ?? m[3] ?? '';
    if (m[3]?.includes('"') || m[3]?.includes('`')) return 'unbalanced quotes';
    tokens.push(t);
  }
  return tokens;
}
