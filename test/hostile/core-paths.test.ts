// Paths in evidence that try to leave the repository, and symbolic links that lead out of it, in a
// working tree and committed to git. The outside files hold exactly the bytes the evidence expects,
// so reading one would turn a failure into a pass: the gate must refuse before it reads.
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { resolveRepoPath } from '../../src/paths.js';
import { createWorkingTreeReader } from '../../adapters/workingTree.js';
import { createGitRefReader } from '../../adapters/git/gitReader.js';
import { check, cleanupDirs, commitAll, evaluateReader, exampleRepo, git, GOOD_MODEL, isRepoPath, modelOutcome, sha256, spyReader, tempDir, text, writeTree } from './harness.js';

afterAll(() => cleanupDirs());

const CARD = 'models/support-router/README.md';
const SHEET = 'datasets/support-tickets-2025/datasheet.yml';
const TRAIN = 'datasets/support-tickets-2025/data/train.csv';
const AUDIT = 'audits/2026-09-support-router.yml';

/** Ways to write "a file outside this repository", as people and attackers write them. */
const ESCAPES = [
  '../../../../etc/passwd',
  'data/../../../../etc/passwd',
  './../../../../etc/passwd',
  '..',
  '/etc/passwd',
  '//server/share/x',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  'c:secret.txt',
  '\\\\server\\share\\x',
  'file:///etc/passwd',
  'FILE:///etc/passwd',
  'file:/etc/passwd',
  'file://localhost/etc/passwd',
  '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '..%2f..%2f..%2f..%2fetc%2fpasswd',
  '%252e%252e/%252e%252e/%252e%252e/etc/passwd',
  '.%2e/.%2e/.%2e/.%2e/etc/passwd',
  '%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  'data/..\\..\\..\\..\\etc\\passwd',
  'data/\u0000/../x',
  'data/train.csv\n../../../../etc/passwd',
];

/** One of each family, through the whole evaluator (resolveRepoPath is tested on all of them above). */
const THROUGH_EVALUATOR = ['../../../../etc/passwd', '/etc/passwd', 'C:\\Windows\\win.ini', 'file:///etc/passwd', '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '..'];

describe('resolveRepoPath refuses every escape', () => {
  for (const ref of ESCAPES) {
    it(JSON.stringify(ref), () => {
      const r = resolveRepoPath('', ref);
      expect(r.ok, `${ref} -> ${r.ok ? r.path : ''}`).toBe(false);
    });
  }

  it('still resolves ordinary paths, dots and percent signs that encode nothing dangerous', () => {
    expect(resolveRepoPath('datasets/d', 'data/train.csv')).toEqual({ ok: true, path: 'datasets/d/data/train.csv' });
    expect(resolveRepoPath('datasets/d', '../e/x.csv')).toEqual({ ok: true, path: 'datasets/e/x.csv' });
    expect(resolveRepoPath('', 'data/100%.csv')).toEqual({ ok: true, path: 'data/100%.csv' });
    expect(resolveRepoPath('', 'data/a%20b.csv')).toEqual({ ok: true, path: 'data/a%20b.csv' });
    expect(resolveRepoPath('', '.hidden/..x')).toEqual({ ok: true, path: '.hidden/..x' });
  });
});

/** Where each kind of evidence names a path, and the check that must fail when it escapes. */
const FIELDS: { name: string; check: string; apply: (files: Map<string, string | Uint8Array | object>, ref: string) => void }[] = [
  {
    name: 'a datasheet file path',
    check: 'datasets.hashes',
    apply: (f, ref) => f.set(SHEET, text(f.get(SHEET) as Uint8Array).replace('path: data/train.csv', `path: ${JSON.stringify(ref)}`)),
  },
  {
    name: 'a Croissant contentUrl',
    check: 'datasets.hashes',
    apply: (f, ref) => {
      const p = 'datasets/support-eval-2025/support-eval-2025.croissant.json';
      f.set(p, text(f.get(p) as Uint8Array).replace('"contentUrl": "data/eval.jsonl"', `"contentUrl": ${JSON.stringify(ref)}`));
    },
  },
  {
    name: 'a card audit reference',
    check: 'audit.reference',
    apply: (f, ref) => f.set(CARD, text(f.get(CARD) as Uint8Array).replace('    - audits/2026-09-support-router.yml', `    - ${JSON.stringify(ref)}`)),
  },
  {
    name: "an audit record's report.path",
    check: 'audit.reference',
    apply: (f, ref) => f.set(AUDIT, text(f.get(AUDIT) as Uint8Array).replace(/report:\n(?: {2}.*\n)+/, `report:\n  path: ${JSON.stringify(ref)}\n  sha256: "${'ab'.repeat(32)}"\n`)),
  },
  {
    name: "an audit record's scope",
    check: 'audit.reference',
    apply: (f, ref) => f.set(AUDIT, text(f.get(AUDIT) as Uint8Array).replace('  - models/support-router', `  - ${JSON.stringify(ref)}`)),
  },
  {
    name: 'a card carbon_report',
    check: 'carbon.estimate',
    apply: (f, ref) => f.set(CARD, text(f.get(CARD) as Uint8Array).replace('carbon_report: emissions.csv', `carbon_report: ${JSON.stringify(ref)}`)),
  },
  {
    name: 'a card datasets entry',
    check: 'datasets.manifest',
    apply: (f, ref) => f.set(CARD, text(f.get(CARD) as Uint8Array).replace('  - acme/support-tickets-2025', `  - ${JSON.stringify(ref)}`)),
  },
];

describe('escaping paths in every evidence field, through the evaluator', () => {
  for (const field of FIELDS) {
    it(`${field.name}: refused, never read, and the model fails`, async () => {
      for (const ref of THROUGH_EVALUATOR) {
        const files = exampleRepo() as Map<string, string | Uint8Array | object>;
        field.apply(files, ref);
        const reader = spyReader(files as ReturnType<typeof exampleRepo>);
        const report = await evaluateReader(reader);
        for (const r of reader.log) expect(isRepoPath(r.path), `${ref}: the reader was asked for ${JSON.stringify(r.path)}`).toBe(true);
        expect(check(report, GOOD_MODEL, field.check).outcome, `${field.name} = ${JSON.stringify(ref)}`).toBe('fail');
        expect(modelOutcome(report, GOOD_MODEL), ref).toBe('fail');
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Real files outside the repository, reached by relative paths and by symbolic links.

interface Fixture {
  repo: string;
  outside: string;
}

/** The example repository in `repo`, and beside it a directory holding copies of its evidence. */
function fixture(asGit: boolean): Fixture {
  const root = tempDir();
  const repo = join(root, 'repo');
  const outside = join(root, 'outside');
  mkdirSync(repo);
  if (asGit) git(repo, 'init', '-q', '-b', 'main');
  writeTree(repo, exampleRepo());
  writeTree(outside, exampleRepo());
  return { repo, outside };
}

/** Replaces a file (or directory) of the repository by a symbolic link to its outside copy. */
function linkOut(fx: Fixture, path: string): void {
  const inside = join(fx.repo, ...path.split('/'));
  rmSync(inside, { recursive: true, force: true });
  mkdirSync(dirname(inside), { recursive: true });
  symlinkSync(join(fx.outside, ...path.split('/')), inside);
}

async function evaluateTree(fx: Fixture, viaGit: boolean): Promise<Report> {
  if (!viaGit) return evaluateReader(createWorkingTreeReader(fx.repo));
  commitAll(fx.repo, 'symlinks');
  const reader = await createGitRefReader(fx.repo, 'HEAD');
  try {
    return await evaluateReader(reader);
  } finally {
    reader.close();
  }
}

for (const mode of ['working tree', 'git repository (committed symlinks)'] as const) {
  const viaGit = mode !== 'working tree';
  describe(`symbolic links out of a ${mode}`, () => {
    it('the control: without links the model passes', async () => {
      const fx = fixture(viaGit);
      expect(modelOutcome(await evaluateTree(fx, viaGit), GOOD_MODEL)).toBe('pass');
    });

    const links: [string, string[], string[]][] = [
      ['the model card', [CARD], ['card.present']],
      ['the directory holding a dataset manifest', ['datasets/support-tickets-2025'], ['datasets.manifest']],
      // Independent checks, so one fixture shows all three refused.
      ['a dataset file listed with its correct hash, the audit record and the carbon report', [TRAIN, AUDIT, 'models/support-router/emissions.csv'], ['datasets.hashes', 'audit.reference', 'carbon.estimate']],
    ];
    for (const [name, paths, checkIds] of links) {
      it(`${name} as links to identical files outside: refused`, async () => {
        const fx = fixture(viaGit);
        for (const p of paths) linkOut(fx, p);
        const report = await evaluateTree(fx, viaGit);
        for (const id of checkIds) expect(check(report, GOOD_MODEL, id).outcome, id).toBe('fail');
        expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
      });
    }

    it('a manifest path climbing out to an identical file with the right hash: refused, not matched', async () => {
      const fx = fixture(viaGit);
      const secret = 'id,text\n1,secret\n';
      writeFileSync(join(fx.outside, 'secret.csv'), secret);
      const sheet = join(fx.repo, ...SHEET.split('/'));
      const doc = text(exampleRepo().get(SHEET)).replace(/- path: data\/train\.csv\n\s+sha256: "?[0-9a-f]{64}"?\n\s+size: \d+/, `- path: ../../../outside/secret.csv\n    sha256: "${sha256(secret)}"\n    size: ${secret.length}`);
      expect(doc).toContain('../../../outside/secret.csv');
      writeFileSync(sheet, doc);
      const report = await evaluateTree(fx, viaGit);
      const hashes = check(report, GOOD_MODEL, 'datasets.hashes');
      expect(hashes.outcome).toBe('fail');
      expect(hashes.message).toMatch(/leaves the repository/);
      expect(report.models.find((m) => m.path === GOOD_MODEL)?.facts.datasets.flatMap((d) => d.files).some((f) => f.verified && f.path.includes('secret'))).toBe(false);
    });
  });
}

describe('a link whose target is inside the repository is still refused (it could change under the reader)', () => {
  it('README.md -> MODEL_CARD.md', async () => {
    const fx = fixture(false);
    const dir = join(fx.repo, 'models', 'support-router');
    cpSync(join(dir, 'README.md'), join(dir, 'MODEL_CARD.md.real'));
    rmSync(join(dir, 'README.md'));
    symlinkSync('MODEL_CARD.md.real', join(dir, 'README.md'));
    const report = await evaluateReader(createWorkingTreeReader(fx.repo));
    expect(check(report, GOOD_MODEL, 'card.present').outcome).toBe('fail');
  });
});
