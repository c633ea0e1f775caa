// Files that are too big, binary, or not UTF-8, under the names of evidence. A 50 MB card is refused
// by its size, quickly, without being read: the reader is never asked for more than the cap, and
// neither the working-tree nor the git reader allocates the file.
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_EVIDENCE_BYTES } from '../../src/evidence/store.js';
import { createWorkingTreeReader } from '../../adapters/workingTree.js';
import { createGitRefReader } from '../../adapters/git/gitReader.js';
import {
  check,
  cleanupDirs,
  commitAll,
  evaluateFiles,
  evaluateReader,
  exampleRepo,
  GOOD_MODEL,
  git,
  huge,
  modelOutcome,
  spyReader,
  tempDir,
  text,
  within,
  writeTree,
} from './harness.js';

const CARD = 'models/support-router/README.md';
const FIFTY_MB = 50 * 1024 * 1024;

afterAll(() => cleanupDirs());

/** Bytes held in ArrayBuffers (Buffers included) now: what reading a 50 MB file would raise by 50 MB. */
function arrayBufferBytes(): number {
  return process.memoryUsage().arrayBuffers;
}

describe('a 50 MB card', () => {
  it('in memory: the reader is asked for at most the cap, and nothing of the file is handed out', async () => {
    const files = exampleRepo();
    files.set(CARD, huge(FIFTY_MB, text(files.get(CARD))));
    const reader = spyReader(files);
    const report = await within(2000, 'evaluate', () => evaluateReader(reader));
    const cardReads = reader.log.filter((r) => r.path === CARD);
    expect(cardReads.length).toBeGreaterThan(0);
    for (const r of cardReads) {
      expect(r.op).toBe('read');
      expect(r.maxBytes).toBeLessThanOrEqual(MAX_EVIDENCE_BYTES);
    }
    const c = check(report, GOOD_MODEL, 'card.metadata');
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/52428800 bytes, over the 8388608-byte limit/);
    expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
  });

  it('in a working tree: refused by its size without being read', async () => {
    const dir = tempDir();
    writeTree(dir, exampleRepo());
    truncateSync(join(dir, ...CARD.split('/')), FIFTY_MB); // sparse: the card's text, then 50 MB of zeros
    const reader = createWorkingTreeReader(dir);
    await reader.listFiles();
    const before = arrayBufferBytes();
    const report = await within(3000, 'refusing a 50 MB card', async () => {
      expect(await reader.read(CARD, MAX_EVIDENCE_BYTES)).toMatchObject({ kind: 'too-large', size: FIFTY_MB });
      return evaluateReader(reader);
    });
    expect(arrayBufferBytes() - before).toBeLessThan(16 * 1024 * 1024);
    expect(check(report, GOOD_MODEL, 'card.metadata').outcome).toBe('fail');
    expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
  });

  it('committed to git: refused by the size git records, without cat-file reading the blob', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    writeTree(dir, exampleRepo());
    truncateSync(join(dir, ...CARD.split('/')), FIFTY_MB);
    commitAll(dir, 'a 50 MB card');
    const reader = await createGitRefReader(dir, 'HEAD');
    try {
      const before = arrayBufferBytes();
      const report = await within(3000, 'refusing a 50 MB card', async () => {
        expect(await reader.read(CARD, MAX_EVIDENCE_BYTES)).toMatchObject({ kind: 'too-large', size: FIFTY_MB });
        return evaluateReader(reader);
      });
      expect(arrayBufferBytes() - before).toBeLessThan(16 * 1024 * 1024);
      expect(check(report, GOOD_MODEL, 'card.metadata').outcome).toBe('fail');
      expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
    } finally {
      reader.close();
    }
  });

  it('just over the cap is refused; just under is read', async () => {
    const files = exampleRepo();
    const card = text(files.get(CARD));
    files.set(CARD, card + ' '.repeat(MAX_EVIDENCE_BYTES - card.length + 1));
    expect(check(await evaluateFiles(files), GOOD_MODEL, 'card.metadata').outcome).toBe('fail');
    files.set(CARD, card + ' '.repeat(MAX_EVIDENCE_BYTES - card.length));
    expect(check(await evaluateFiles(files), GOOD_MODEL, 'card.metadata').outcome).toBe('pass');
  });
});

describe('binary files and files that are not UTF-8, named like evidence', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]);
  const SAFETENSORS = new Uint8Array([0x40, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{"__metadata__":{}}')]);
  const LATIN1 = new Uint8Array([...new TextEncoder().encode('---\nlicense: mit\ngovernance:\n  owner: "Ren'), 0xe9, ...new TextEncoder().encode('e"\n---\n')]);
  const UTF16_NO_BOM = new Uint8Array(Array.from(new TextEncoder().encode('---\nlicense: mit\n---\n')).flatMap((b) => [b, 0]));
  const OVERLONG = new Uint8Array([...new TextEncoder().encode('---\nlicense: mit\nx: "'), 0xc0, 0xaf, 0x22, 0x0a]);
  const SURROGATE = new Uint8Array([...new TextEncoder().encode('---\nlicense: mit\nx: "'), 0xed, 0xa0, 0x80, 0x22, 0x0a]);
  const TRUNCATED = new Uint8Array([...new TextEncoder().encode('---\nlicense: mit\nx: "caf'), 0xc3]);
  const LFS = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';

  const cases: [string, Uint8Array | string, RegExp][] = [
    ['a PNG', PNG, /binary content \(NUL byte at offset 8\)/],
    ['an ELF executable', ELF, /binary content/],
    ['safetensors weights', SAFETENSORS, /binary content/],
    ['Latin-1 text', LATIN1, /invalid UTF-8/],
    ['UTF-16 without a byte order mark', UTF16_NO_BOM, /binary content/],
    ['an overlong UTF-8 "/"', OVERLONG, /invalid UTF-8/],
    ['a UTF-8-encoded surrogate', SURROGATE, /invalid UTF-8/],
    ['UTF-8 cut in the middle of a character', TRUNCATED, /invalid UTF-8/],
    ['a Git LFS pointer', LFS, /no YAML front matter/],
  ];

  for (const [name, bytes, message] of cases) {
    it(`${name} as the model card fails card.metadata and the model`, async () => {
      const files = exampleRepo();
      files.set(CARD, bytes);
      const report = await evaluateFiles(files);
      const c = check(report, GOOD_MODEL, 'card.metadata');
      expect(c.outcome).toBe('fail');
      expect(c.message).toMatch(message);
      expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
    });
  }

  it('UTF-16 with a byte order mark is read as such, with a warning to save it as UTF-8', async () => {
    const files = exampleRepo();
    const card = text(files.get(CARD));
    files.set(CARD, new Uint8Array([0xff, 0xfe, ...Buffer.from(card, 'utf16le')]));
    const report = await evaluateFiles(files);
    const c = check(report, GOOD_MODEL, 'card.metadata');
    expect(c.outcome).toBe('pass');
    expect(c.message).toMatch(/1 warning: line 1: read as UTF-16 LE .*save it as UTF-8/);
    expect(modelOutcome(report, GOOD_MODEL)).toBe('pass');
  });

  it('invalid UTF-8 is located by line and column', async () => {
    const files = exampleRepo();
    files.set(CARD, LATIN1);
    const c = check(await evaluateFiles(files), GOOD_MODEL, 'card.metadata');
    expect(c.message).toMatch(/README\.md:4:\d+: invalid UTF-8/);
    expect(c.line).toBe(4);
  });

  it('binary manifests, audit records and carbon reports fail their checks', async () => {
    const files = exampleRepo();
    files.set('datasets/support-tickets-2025/datasheet.yml', PNG);
    files.set('audits/2026-09-support-router.yml', LATIN1);
    files.set('models/support-router/emissions.csv', UTF16_NO_BOM);
    const report = await evaluateFiles(files);
    expect(check(report, GOOD_MODEL, 'datasets.manifest').outcome).toBe('fail');
    expect(check(report, GOOD_MODEL, 'audit.reference').outcome).toBe('fail');
    expect(check(report, GOOD_MODEL, 'carbon.estimate').outcome).toBe('fail');
    expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
  });

  it('a UTF-8 BOM is not an error', async () => {
    const files = exampleRepo();
    files.set(CARD, `\uFEFF${text(files.get(CARD))}`);
    expect(check(await evaluateFiles(files), GOOD_MODEL, 'card.metadata').outcome).toBe('pass');
  });
});
