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

export const REPORT_FORMATS = ['markdown', 'json', 'html', 'cyclonedx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportArgs {
  command: 'report';
  /** The repository to report on (ignored with --merge). */
  dir: string;
  /** JSON KPI reports to merge into one organisation report; empty when not merging. */
  merge: string[];
  format: ReportFormat;
  output?: string;
  asOf?: string;
  config?: string;
  repository?: string;
  history: boolean;
}

export type Args = CheckArgs | ReportArgs | { command: 'help'; topic?: string } | { command: 'version' };

export const HELP = `modelgate: gate changes to ML models on governance evidence

Usage:
  modelgate check [dir] [--all | --base REF [--head REF]] [options]
  modelgate report [dir] [--format markdown|json|html|cyclonedx] [--output FILE] [--as-of DATE]
  modelgate report --merge A.json B.json... [--format FORMAT] [--output FILE]

Commands:
  check     Evaluate models in a repository against its policy (.github/modelgate.yml).
  report    KPI report over every model of a repository: risk tiers, audit coverage,
            compliance scores, open findings, unverified datasets, vendors, carbon and
            its trend over the git history (docs/report.md); or a CycloneDX 1.6 ML-BOM.

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

Report options:
  --format FORMAT   markdown (default; Mermaid charts), json (schema/kpi-report.schema.json),
                    html (one self-contained file that prints as a board pack), cyclonedx
  --output FILE     write the report to FILE instead of standard output
  --as-of DATE      compute audit ages and due dates as if today were DATE (YYYY-MM-DD)
  --config FILE     use this policy file instead of the repository's
  --repository NAME name shown for the repository (default: origin remote, else directory)
  --no-history      skip the carbon trend (reads no git history)
  --merge           the arguments are JSON KPI reports of several repositories: write one
                    organisation report from them

Exit codes:
  0  every changed model passes (warnings allowed)
  1  at least one check at level "error" fails, or could not be evaluated
  2  usage or configuration error (an invalid .github/modelgate.yml), or modelgate could not run

Examples:
  modelgate check examples/acme-ml --all
  modelgate check . --base origin/main --format markdown --output checklist.md
  modelgate check --all --format sarif --output modelgate.sarif
  modelgate report . --format html --output kpi.html
  modelgate report --merge repo-a.json repo-b.json --format markdown

modelgate report exits 0 when the report is written, 2 on a usage error, an invalid
configuration (the report is still written, with the problem at the top) or an unreadable input.
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
        format: { type: 'string' },
        output: { type: 'string' },
        'as-of': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        merge: { type: 'boolean', default: false },
        repository: { type: 'string' },
        'no-history': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { command: 'help' };
  if (command === 'report') return reportArgs(values, rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (try: modelgate --help)`);
  for (const name of ['merge', 'repository', 'no-history'] as const) {
    if (values[name] !== undefined && values[name] !== false) throw new UsageError(`--${name} is an option of modelgate report, not check`);
  }
  if (rest.length > 1) throw new UsageError(`check takes one directory, got ${rest.length}: ${rest.join(' ')}`);
  const format = values.format ?? 'text';
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

type ParsedValues = Record<string, string | boolean | undefined>;

function reportArgs(values: ParsedValues, rest: string[]): ReportArgs {
  for (const name of ['base', 'head', 'all', 'verbose', 'color', 'no-color'] as const) {
    if (values[name] !== undefined && values[name] !== false) throw new UsageError(`--${name} is an option of modelgate check, not report`);
  }
  const format = typeof values.format === 'string' ? values.format : 'markdown';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`report --format must be one of ${REPORT_FORMATS.join(', ')}`);
  const merge = values.merge === true;
  if (merge && rest.length === 0) throw new UsageError('--merge needs the JSON KPI reports to merge: modelgate report --merge a.json b.json');
  if (!merge && rest.length > 1) throw new UsageError(`report takes one directory, got ${rest.length}: ${rest.join(' ')} (to combine JSON reports, use --merge)`);
  if (merge && (values.config !== undefined || values['as-of'] !== undefined || values.repository !== undefined)) {
    throw new UsageError('--merge combines finished reports: --config, --as-of and --repository apply when each report is made');
  }
  const asOf = values['as-of'];
  if (typeof asOf === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of takes a date: YYYY-MM-DD');
  const args: ReportArgs = {
    command: 'report',
    dir: merge ? '.' : (rest[0] ?? '.'),
    merge: merge ? rest : [],
    format: format as ReportFormat,
    history: values['no-history'] !== true,
  };
  if (typeof values.output === 'string') args.output = values.output;
  if (typeof asOf === 'string') args.asOf = asOf;
  if (typeof values.config === 'string') args.config = values.config;
  if (typeof values.repository === 'string') args.repository = values.repository;
  return args;
}
