// `/modelgate` commands in pull request comments. A command is a line of its own starting with
// `/modelgate`; lines inside code fences and block quotes are quotations, never commands (so a
// reply that quotes a command cannot re-issue it). Problems are plain text (they may quote the
// user); the reply escapes them.
import { WAIVER_REASONS } from '../src/types.js';

export type Command =
  | { kind: 'recheck' }
  | { kind: 'waive'; model: string; check: string; reason: string; until: string; note: string; line: string }
  | { kind: 'invalid'; line: string; problem: string };

export const WAIVE_SYNTAX = '/modelgate waive <model> <check> <reason> until <YYYY-MM-DD> -- <note>';
export const RECHECK_SYNTAX = '/modelgate recheck';

export function parseCommands(body: string): Command[] {
  const out: Command[] = [];
  let fence: string | undefined;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    const f = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (f) {
      if (fence === undefined) fence = f[0];
      else if (f[0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined || !/^\/modelgate(\s|$)/i.test(line)) continue;
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
