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
  /** With base: judge the result of merging head into base, not head itself. */
  merged?: boolean;
  all: boolean;
  config?: string;
  format: Format;
  output?: string;
  asOf?: string;
  verbose: boolean;
  color: boolean;
}

export const REPORT_FORMATS = ['markdown', 'json', 'html', 'cyclonedx', 'vendor'] as const;
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
  /** --format vendor: only this vendor's pack (its name, case-insensitive). */
  vendor?: string;
}

export interface InitArgs {
  command: 'init';
  dir: string;
  force: boolean;
}

export interface HashArgs {
  command: 'hash';
  manifests: string[];
  force: boolean;
}

export interface AttestArgs {
  command: 'attest';
  dir: string;
  config?: string;
  /** Directory to write one statement per model into; standard output (JSON Lines) when absent. */
  output?: string;
  asOf?: string;
  repository?: string;
}

export interface VerifyArgs {
  command: 'verify';
  bundle: string;
  dir: string;
  config?: string;
  trustedRoot: string;
  /** A regular expression the certificate's subject alternative name must match. */
  identity: string;
  issuer: string;
}

/** The OIDC issuer of GitHub Actions: what `verify` expects unless told otherwise. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

export type Args = CheckArgs | ReportArgs | AttestArgs | VerifyArgs | InitArgs | HashArgs | { command: 'help'; topic?: string } | { command: 'version' };

export const HELP = `modelgate: gate changes to ML models on governance evidence

Usage:
  modelgate check [dir] [--all | --base REF [--head REF] [--merged]] [options]
  modelgate report [dir] [--format markdown|json|html|cyclonedx|vendor] [--vendor NAME] [--output FILE] [--as-of DATE]
  modelgate report --merge A.json B.json... [--format FORMAT] [--output FILE]
  modelgate attest [dir] [--output DIR] [--config FILE] [--repository NAME]
  modelgate verify BUNDLE [dir] --trusted-root FILE (--repo OWNER/NAME | --identity URI
                   | --identity-regexp RE) [--issuer URL] [--config FILE]
  modelgate init [dir] [--force]
  modelgate hash MANIFEST... [--force]

Commands:
  check     Evaluate models in a repository against its policy (.github/modelgate.yml).
  report    KPI report over every model of a repository: risk tiers, audit coverage,
            compliance scores, open findings, unverified datasets, vendors, carbon and
            its trend over the git history (docs/report.md); or a CycloneDX 1.6 ML-BOM.
  attest    One unsigned in-toto statement per model: its artifacts and evidence files by
            SHA-256, its verdict, checks, policy digest and waivers (docs/attestations.md).
  verify    Check a Sigstore bundle of such a statement against a checkout: signature and
            signer identity, every subject's digest, the verdict, the policy digest.
  init      Start a repository: find its models by the gate's rules, write
            .github/modelgate.yml and .github/workflows/modelgate.yml, add a
            governance: skeleton to each card (the gate fails until it is filled in).
            Existing files are kept; --force rewrites the two .github files.
  hash      Fill sha256 and size of the files a datasheet or Croissant manifest lists,
            from the files present, editing it in place; prints what changed. A
            recorded hash that differs from the file is replaced only with --force.

What is evaluated:
  --all             every model in the working tree of [dir] (the default)
  --base REF        only the models changed between REF and --head (a git checkout;
                    merge-base semantics, like a pull request). The policy and waivers
                    are read from REF, never from the change itself.
  --head REF        the revision to evaluate with --base (default: HEAD); its files are
                    judged as they are in it
  --merged          with --base: judge what merging --head into REF would produce (the
                    files --head changed as in --head, every other file as in REF; git
                    merge-tree, git 2.38+), as the GitHub Action does for a pull request.
                    A conflict is an error

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
                    html (one self-contained file that prints as a board pack), cyclonedx,
                    vendor (the due-diligence pack to send to each supplier, Markdown)
  --vendor NAME     with --format vendor: only this vendor's pack
  --output FILE     write the report to FILE instead of standard output
  --as-of DATE      compute audit ages and due dates as if today were DATE (YYYY-MM-DD)
  --config FILE     use this policy file instead of the repository's
  --repository NAME name shown for the repository (default: origin remote, else directory)
  --no-history      skip the carbon and workforce trends (reads no git history)
  --merge           the arguments are JSON KPI reports of several repositories: write one
                    organisation report from them

Attest and verify options:
  --output DIR      attest: one <model>.intoto.json per model in DIR (default: JSON Lines on stdout)
  --trusted-root F  verify: Sigstore trusted root(s), JSON or JSON Lines
                    (gh attestation trusted-root > trusted_root.jsonl)
  --repo O/N        verify: signed by a GitHub Actions workflow of repository O/N
  --identity URI    verify: exactly this certificate identity (e.g. the workflow URI)
  --identity-regexp RE  verify: a certificate identity matching RE
  --issuer URL      verify: the OIDC issuer (default ${GITHUB_ACTIONS_ISSUER})

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
  modelgate init .
  modelgate hash datasets/support-tickets-2025/datasheet.yml

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
        merged: { type: 'boolean', default: false },
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
        vendor: { type: 'string' },
        'trusted-root': { type: 'string' },
        repo: { type: 'string' },
        identity: { type: 'string' },
        'identity-regexp': { type: 'string' },
        issuer: { type: 'string' },
        force: { type: 'boolean', default: false },
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
  if (command === 'attest') return attestArgs(values, rest);
  if (command === 'verify') return verifyArgs(values, rest);
  if (command === 'init' || command === 'hash') return setupArgs(command, values, rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (try: modelgate --help)`);
  refuse(values, VERIFY_OPTIONS, 'check');
  for (const name of ['merge', 'repository', 'no-history', 'vendor'] as const) {
    if (values[name] !== undefined && values[name] !== false) throw new UsageError(`--${name} is an option of modelgate report, not check`);
  }
  if (values.force) throw new UsageError('--force is an option of modelgate init and hash, not check');
  if (rest.length > 1) throw new UsageError(`check takes one directory, got ${rest.length}: ${rest.join(' ')}`);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (values.all && values.base) throw new UsageError('--all and --base exclude each other');
  if (values.head && !values.base) throw new UsageError('--head needs --base');
  if (values.merged && !values.base) throw new UsageError('--merged needs --base');
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
  if (values.merged) args.merged = true;
  if (values.config) args.config = values.config;
  if (values.output) args.output = values.output;
  if (asOf) args.asOf = asOf;
  return args;
}

type ParsedValues = Record<string, string | boolean | undefined>;

const VERIFY_OPTIONS = ['trusted-root', 'repo', 'identity', 'identity-regexp', 'issuer'] as const;

function refuse(values: ParsedValues, names: readonly string[], command: string): void {
  for (const name of names) {
    if (values[name] !== undefined && values[name] !== false) throw new UsageError(`--${name} is not an option of modelgate ${command}`);
  }
}

function attestArgs(values: ParsedValues, rest: string[]): AttestArgs {
  refuse(values, ['base', 'head', 'merged', 'all', 'verbose', 'color', 'no-color', 'format', 'merge', 'no-history', 'vendor', 'force', ...VERIFY_OPTIONS], 'attest');
  if (rest.length > 1) throw new UsageError(`attest takes one directory, got ${rest.length}: ${rest.join(' ')}`);
  const args: AttestArgs = { command: 'attest', dir: rest[0] ?? '.' };
  const asOf = values['as-of'];
  if (typeof asOf === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of takes a date: YYYY-MM-DD');
  if (typeof asOf === 'string') args.asOf = asOf;
  if (typeof values.config === 'string') args.config = values.config;
  if (typeof values.output === 'string') args.output = values.output;
  if (typeof values.repository === 'string') args.repository = values.repository;
  return args;
}

function verifyArgs(values: ParsedValues, rest: string[]): VerifyArgs {
  refuse(values, ['base', 'head', 'merged', 'all', 'verbose', 'color', 'no-color', 'format', 'merge', 'no-history', 'vendor', 'output', 'as-of', 'repository', 'force'], 'verify');
  const [bundle, dir, ...extra] = rest;
  if (bundle === undefined) throw new UsageError('verify needs the bundle: modelgate verify BUNDLE [dir] --trusted-root FILE --repo OWNER/NAME');
  if (extra.length > 0) throw new UsageError(`verify takes a bundle and one directory, got also: ${extra.join(' ')}`);
  const trustedRoot = values['trusted-root'];
  if (typeof trustedRoot !== 'string') throw new UsageError('verify needs --trusted-root FILE (gh attestation trusted-root > trusted_root.jsonl): nothing is fetched');
  const identities = (['repo', 'identity', 'identity-regexp'] as const).filter((n) => typeof values[n] === 'string');
  if (identities.length !== 1) throw new UsageError('verify needs exactly one of --repo OWNER/NAME, --identity URI, --identity-regexp RE: whom the signature must come from');
  const repo = values.repo;
  if (typeof repo === 'string' && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) throw new UsageError(`--repo takes OWNER/NAME, got ${JSON.stringify(repo)}`);
  const identity =
    typeof repo === 'string'
      ? `^https://github\\.com/${escapeRegExp(repo)}/`
      : typeof values.identity === 'string'
        ? `^${escapeRegExp(values.identity)}$`
        : String(values['identity-regexp']);
  try {
    new RegExp(identity);
  } catch (err) {
    throw new UsageError(`--identity-regexp: ${err instanceof Error ? err.message : String(err)}`);
  }
  const args: VerifyArgs = { command: 'verify', bundle, dir: dir ?? '.', trustedRoot, identity, issuer: typeof values.issuer === 'string' ? values.issuer : GITHUB_ACTIONS_ISSUER };
  if (typeof values.config === 'string') args.config = values.config;
  return args;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `init` and `hash` take paths and --force, nothing else. */
function setupArgs(command: 'init' | 'hash', values: ParsedValues, rest: string[]): InitArgs | HashArgs {
  const other = Object.keys(values).find((k) => k !== 'force' && values[k] !== undefined && values[k] !== false);
  if (other !== undefined) throw new UsageError(`--${other} is not an option of modelgate ${command}`);
  const force = values.force === true;
  if (command === 'hash') {
    if (rest.length === 0) throw new UsageError('hash needs the manifests to refresh: modelgate hash datasets/x/datasheet.yml');
    return { command, manifests: rest, force };
  }
  if (rest.length > 1) throw new UsageError(`init takes one directory, got ${rest.length}: ${rest.join(' ')}`);
  return { command, dir: rest[0] ?? '.', force };
}

function reportArgs(values: ParsedValues, rest: string[]): ReportArgs {
  refuse(values, VERIFY_OPTIONS, 'report');
  if (values.force) throw new UsageError('--force is an option of modelgate init and hash, not report');
  for (const name of ['base', 'head', 'merged', 'all', 'verbose', 'color', 'no-color'] as const) {
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
  if (typeof values.vendor === 'string') {
    if (format !== 'vendor') throw new UsageError('--vendor picks the supplier pack of one vendor: use it with --format vendor');
    if (values.vendor.trim() === '') throw new UsageError('--vendor takes the vendor name as the model cards write it (governance.vendor.name)');
    args.vendor = values.vendor;
  }
  return args;
}
