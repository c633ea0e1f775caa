// Command-line parsing for `modelgate`. Usage errors are thrown as UsageError (exit code 2).
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckArgs {
  command: 'check';
  dir: string;
  base?: string;
  head?: string;
  all: boolean;
  config?: string;
  format: Format;
  output?: string;
  asOf?: string;
  verbose: boolean;
  color: boolean;
}

export type Args = CheckArgs | { command: 'help'; topic?: string } | { command: 'version' };

export const HELP = `modelgate: gate changes to ML models on governance evidence

Usage:
  modelgate check [dir] [--all | --base REF [--head REF]] [options]

Commands:
  check     Evaluate models in a repository against its policy (.github/modelgate.yml).

What is evaluated:
  --all             every model in the working tree of [dir] (the default)
  --base REF        only the models changed between REF and --head (a git checkout;
                    merge-base semantics, like a pull request). The policy and waivers
                    are read from REF, never from the change itself.
  --head REF        the revision to evaluate with --base (default: HEAD)

Options:
  --config FILE     use this policy file instead of the repository's
  --format FORMAT   text (default), markdown (the PR checklist), json (report schema v1), sarif
  --output FILE     write the report to FILE instead of standard output
  --as-of DATE      evaluate as if today were DATE (YYYY-MM-DD): audit ages, due dates, waivers
  --verbose         text format: list passing checks too
  --no-color        text format: no ANSI colours
  -h, --help        this help
  -v, --version     print the version

Exit codes:
  0  every changed model passes (warnings allowed)
  1  at least one check at level "error" fails, or could not be evaluated
  2  usage or configuration error (an invalid .github/modelgate.yml), or modelgate could not run

Examples:
  modelgate check examples/acme-ml --all
  modelgate check . --base origin/main --format markdown --output checklist.md
  modelgate check --all --format sarif --output modelgate.sarif
`;

export function parseCliArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        all: { type: 'boolean', default: false },
        config: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'as-of': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { command: 'help' };
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (try: modelgate check --help)`);
  if (rest.length > 1) throw new UsageError(`check takes one directory, got ${rest.length}: ${rest.join(' ')}`);
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (values.all && values.base) throw new UsageError('--all and --base exclude each other');
  if (values.head && !values.base) throw new UsageError('--head needs --base');
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of takes a date: YYYY-MM-DD');
  const args: CheckArgs = {
    command: 'check',
    dir: rest[0] ?? '.',
    all: !values.base,
    format: format as Format,
    verbose: values.verbose ?? false,
    color: values['no-color'] ? false : values.color ?? false,
  };
  if (values.base) args.base = values.base;
  if (values.head) args.head = values.head;
  if (values.config) args.config = values.config;
  if (values.output) args.output = values.output;
  if (asOf) args.asOf = asOf;
  return args;
}
