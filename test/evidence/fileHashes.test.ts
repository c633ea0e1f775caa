import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkingTreeReader } from '../../adapters/workingTree.js';
import { cleanup, tempDir, write } from '../adapters/fixture.js';
import { parseDatasheet } from '../../src/evidence/datasheet.js';
import { verifyManifestFiles } from '../../src/evidence/fileHashes.js';
import type { DatasetManifest, ManifestFile } from '../../src/evidence/manifest.js';
import type { HashResult, ReadFailure, ReadResult, RepoReader, TreeEntry } from '../../src/types.js';

type Entry = Uint8Array | ReadFailure | 'throw';

/** An in-memory repository: path → bytes, or the failure a real reader would report. */
class FakeReader implements RepoReader {
  readonly label = 'fake repo';
  readonly hashed: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly entries: Map<string, Entry>) {}
  async listFiles(): Promise<string[]> {
    return [...this.entries].filter(([, e]) => e instanceof Uint8Array).map(([p]) => p);
  }
  async listEntries(): Promise<TreeEntry[]> {
    return (await this.listFiles()).map((path) => ({ path, kind: 'file' }));
  }
  async read(path: string, maxBytes: number): Promise<ReadResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 1));
    this.inFlight--;
    const e = this.entry(path);
    if (!(e instanceof Uint8Array)) return e;
    if (e.length > maxBytes) return { kind: 'too-large', size: e.length, limit: maxBytes };
    return { kind: 'ok', bytes: e, size: e.length };
  }
  async head(path: string, maxBytes: number): Promise<ReadResult> {
    const e = this.entry(path);
    return e instanceof Uint8Array ? { kind: 'ok', bytes: e.subarray(0, maxBytes), size: e.length } : e;
  }
  async sha256(path: string): Promise<HashResult> {
    this.hashed.push(path);
    const e = this.entry(path);
    if (!(e instanceof Uint8Array)) return e;
    return { kind: 'ok', sha256: sha(e), size: e.length };
  }
  private entry(path: string): Exclude<Entry, 'throw'> {
    const e = this.entries.get(path);
    if (e === 'throw') throw new Error('disk on fire');
    return e ?? { kind: 'missing' };
  }
}

const enc = (s: string) => new TextEncoder().encode(s);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pointerText = (oid: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;

const small = enc('a,b\n1,2\n');
const large = new Uint8Array(5000).fill(7);
const weightsOid = sha(enc('pretend these are 16.9 GB of weights'));
const pointer = enc(pointerText(weightsOid, 16940128464));
const OTHER = 'ab'.repeat(32);

function manifest(files: ManifestFile[]): DatasetManifest {
  return { kind: 'datasheet', file: 'datasets/d/datasheet.yml', aliases: [], files, lines: {} };
}
const at = (path: string, sha256: string, extra: Partial<ManifestFile> = {}): ManifestFile => ({ path, resolved: `datasets/d/${path}`, sha256, ...extra });

describe('verifyManifestFiles', () => {
  const reader = () =>
    new FakeReader(
      new Map<string, Entry>([
        ['datasets/d/small.csv', small],
        ['datasets/d/large.bin', large],
        ['datasets/d/model.safetensors', pointer],
        ['datasets/d/broken.pointer', enc('version https://git-lfs.github.com/spec/v1\noid sha256:nothex\nsize 1\n')],
        ['datasets/d/link.csv', { kind: 'not-a-file', detail: 'symbolic link to /etc/passwd' }],
        ['datasets/d/escape.csv', { kind: 'outside', detail: 'resolves outside the repository' }],
        ['datasets/d/io.csv', { kind: 'io', detail: 'EIO' }],
        ['datasets/d/throws.csv', 'throw'],
      ]),
    );

  it('matches a small file from the bytes already read', async () => {
    const r = reader();
    const [v] = await verifyManifestFiles(manifest([at('small.csv', sha(small), { line: 9, size: small.length })]), r);
    expect(v).toMatchObject({ path: 'small.csv', resolved: 'datasets/d/small.csv', status: 'match', expected: sha(small), actual: sha(small), viaLfs: false, line: 9 });
    expect(r.hashed).toEqual([]);
  });
  it('reports a mismatch naming the file and both hashes', async () => {
    const [v] = await verifyManifestFiles(manifest([at('small.csv', OTHER)]), reader());
    expect(v?.status).toBe('mismatch');
    expect(v?.message).toContain('small.csv');
    expect(v?.message).toContain(OTHER.slice(0, 12));
    expect(v?.message).toContain(sha(small).slice(0, 12));
  });
  it('reports a size mismatch even when the hash matches', async () => {
    const [v] = await verifyManifestFiles(manifest([at('small.csv', sha(small), { size: 1 })]), reader());
    expect(v).toMatchObject({ status: 'mismatch', message: expect.stringMatching(/says 1 bytes/) });
  });
  it('streams files too large to read whole', async () => {
    const r = reader();
    const [ok, bad] = await verifyManifestFiles(manifest([at('large.bin', sha(large)), at('large.bin', OTHER)]), r);
    expect(ok?.status).toBe('match');
    expect(bad?.status).toBe('mismatch');
    expect(r.hashed).toEqual(['datasets/d/large.bin', 'datasets/d/large.bin']);
  });
  it('compares a Git LFS pointer by oid and size without fetching content', async () => {
    const r = reader();
    const [v] = await verifyManifestFiles(manifest([at('model.safetensors', weightsOid, { size: 16940128464 })]), r);
    expect(v).toMatchObject({ status: 'match', viaLfs: true, actual: weightsOid, message: expect.stringMatching(/Git LFS pointer oid/) });
    expect(r.hashed).toEqual([]);
  });
  it('reports a Git LFS oid mismatch and a size mismatch', async () => {
    const [oid, size] = await verifyManifestFiles(
      manifest([at('model.safetensors', OTHER), at('model.safetensors', weightsOid, { size: 16940128465 })]),
      reader(),
    );
    expect(oid).toMatchObject({ status: 'mismatch', viaLfs: true, expected: OTHER, actual: weightsOid });
    expect(oid?.message).toContain(weightsOid.slice(0, 12));
    expect(size).toMatchObject({ status: 'mismatch', viaLfs: true, message: expect.stringMatching(/16940128465 bytes and the pointer says 16940128464/) });
  });
  it('with LFS extensions, compares the ext-0 (original content) hash and ignores the stored size', async () => {
    const original = sha(enc('original'));
    const ext = enc(`version https://git-lfs.github.com/spec/v1\next-0-gzip sha256:${original}\noid sha256:${OTHER}\nsize 3\n`);
    const r = new FakeReader(new Map<string, Entry>([['datasets/d/x.bin', ext]]));
    const [v] = await verifyManifestFiles(manifest([at('x.bin', original, { size: 999 })]), r);
    expect(v).toMatchObject({ status: 'match', viaLfs: true, actual: original });
  });
  it('explains when the manifest holds the hash of the pointer file itself', async () => {
    const [v] = await verifyManifestFiles(manifest([at('model.safetensors', sha(pointer))]), reader());
    expect(v).toMatchObject({ status: 'mismatch', message: expect.stringMatching(/hash of the Git LFS pointer file, not of the content/) });
  });
  it('calls a malformed pointer unverifiable', async () => {
    const [v] = await verifyManifestFiles(manifest([at('broken.pointer', OTHER)]), reader());
    expect(v).toMatchObject({ status: 'unverifiable', viaLfs: true, message: expect.stringMatching(/malformed \(line 2: oid must be/) });
  });
  it('maps reader failures: missing, symlink, outside, io, thrown', async () => {
    const out = await verifyManifestFiles(
      manifest([at('nope.csv', OTHER), at('link.csv', OTHER), at('escape.csv', OTHER), at('io.csv', OTHER), at('throws.csv', OTHER)]),
      reader(),
    );
    expect(out.map((v) => v.status)).toEqual(['missing', 'unsafe', 'unsafe', 'unreadable', 'unreadable']);
    expect(out[0]?.message).toMatch(/nope\.csv: not found in fake repo/);
    expect(out[1]?.message).toMatch(/symbolic link to \/etc\/passwd/);
    expect(out[4]?.message).toMatch(/disk on fire/);
  });
  it('never reads refused, external or unverifiable entries', async () => {
    const r = reader();
    const out = await verifyManifestFiles(
      manifest([
        { path: '../../x', pathError: 'path "../../x" leaves the repository', sha256: OTHER },
        { path: 'https://x.example/a', external: 'https://x.example/a', sha256: OTHER },
        { path: 'small.csv', resolved: 'datasets/d/small.csv', hashProblem: 'no verifiable hash: "foo" is a placeholder, not a SHA-256' },
      ]),
      r,
    );
    expect(out.map((v) => [v.status, v.viaLfs])).toEqual([
      ['unsafe', false],
      ['external', false],
      ['unverifiable', false],
    ]);
    expect(out[0]?.message).toMatch(/leaves the repository/);
    expect(out[2]?.message).toMatch(/placeholder/);
    expect(r.maxInFlight).toBe(0);
  });
  it('keeps manifest order and at most 8 reads in flight', async () => {
    const r = reader();
    const files = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? at('small.csv', sha(small)) : at('nope.csv', OTHER)));
    const out = await verifyManifestFiles(manifest(files), r);
    expect(out.map((v) => v.status)).toEqual(files.map((_, i) => (i % 2 === 0 ? 'match' : 'missing')));
    expect(r.maxInFlight).toBeGreaterThan(1);
    expect(r.maxInFlight).toBeLessThanOrEqual(8);
  });
  it('verifies a parsed datasheet end to end, escaping paths included', async () => {
    const parsed = parseDatasheet(
      [
        'id: d',
        'files:',
        `  - { path: small.csv, sha256: "${sha(small).toUpperCase()}" }`,
        `  - { path: model.safetensors, sha256: "sha256:${weightsOid}", size: 16940128464 }`,
        `  - { path: ../../../etc/passwd, sha256: "${OTHER}" }`,
        `  - { path: /etc/passwd, sha256: "${OTHER}" }`,
        '  - { path: link.csv, sha256: "0000000000000000000000000000000000000000000000000000000000000000" }',
      ].join('\n'),
      'datasets/d/datasheet.yml',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const out = await verifyManifestFiles(parsed.value, reader());
    expect(out.map((v) => [v.path, v.status, v.line])).toEqual([
      ['small.csv', 'match', 3],
      ['model.safetensors', 'match', 4],
      ['../../../etc/passwd', 'unsafe', 5],
      ['/etc/passwd', 'unsafe', 6],
      ['link.csv', 'unverifiable', 7],
    ]);
  });
});

describe('verifyManifestFiles over a working tree, large files on every core', () => {
  afterEach(cleanup);
  const MiB = 1024 * 1024;

  it('hashes many large files at once (main thread and workers) and still names the one that differs', async () => {
    const root = tempDir();
    // Sizes on both sides of the 1 MiB chunk, so the small-file path, whole chunks and a partial last
    // chunk all occur; twelve at once keep every lane busy and some queued.
    const sizes = [MiB - 1, MiB, MiB + 1, 3 * MiB + 17, 2 * MiB, 5 * MiB - 3, MiB + 4096, 4 * MiB, 1, 0, 2 * MiB + 1, 3 * MiB];
    const files = sizes.map((size, i) => ({ path: `data/part-${i}.bin`, bytes: randomBytes(size) }));
    for (const f of files) write(root, `datasets/d/${f.path}`, f.bytes);
    const wrong = 5;
    const parsed = parseDatasheet(
      ['id: d', 'files:', ...files.map((f, i) => `  - { path: ${f.path}, sha256: "${i === wrong ? OTHER : sha(f.bytes)}", size: ${f.bytes.length} }`)].join('\n'),
      'datasets/d/datasheet.yml',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const manifest = parsed.value;
    const reader = createWorkingTreeReader(root);
    await reader.listFiles();
    const out = await verifyManifestFiles(manifest, reader);
    expect(out.map((v) => v.status)).toEqual(files.map((_, i) => (i === wrong ? 'mismatch' : 'match')));
    // Each file's own hash, not a neighbour's: the reader's answers match the bytes one by one.
    const direct = await Promise.all(files.map((f) => reader.sha256(`datasets/d/${f.path}`)));
    expect(direct.map((h) => (h.kind === 'ok' ? [h.sha256, h.size] : h.kind))).toEqual(files.map((f) => [sha(f.bytes), f.bytes.length]));
  });
});
