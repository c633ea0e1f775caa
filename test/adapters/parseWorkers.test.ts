// The YAML parsing threads (adapters/parseWorkers.ts) change where evidence is parsed, never what
// the report says: the same evaluation with and without them gives byte-identical JSON, over the
// bench's repository shape and over real cards. A thread that crashes or hangs fails its files.
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkChange, type Report, type YamlPort } from '../../src/check.js';
import { createWorkingTreeReader } from '../../adapters/workingTree.js';
import { createParseWorkers, type ParseWorkersOptions } from '../../adapters/parseWorkers.js';
import { generateModelRepo, modelName } from '../../bench/generate.js';
import { cleanup, REPO_ROOT, tempDir } from '../core/fixtures.js';
import { corpusDir } from '../corpus.js';

afterAll(() => cleanup());

// The compiled thread module (test/globalCompile.ts builds build/ before the tests run).
const WORKER = join(REPO_ROOT, 'build', 'adapters', 'parseWorker.js');

async function check(root: string, yamlPort?: YamlPort): Promise<Report> {
  const reader = createWorkingTreeReader(root);
  const { report } = await checkChange({ base: reader, judged: reader, changes: { all: true }, today: '2026-10-01', toolVersion: 'test', generatedAt: '2026-10-01T00:00:00.000Z', ...(yamlPort ? { yamlPort } : {}) });
  return report;
}

/** The report with the threads, and how many files they parsed. */
async function checkOnThreads(root: string, options: ParseWorkersOptions = {}): Promise<{ report: Report; onThreads: number }> {
  const pool = createParseWorkers({ startAfter: 0, workerFile: WORKER, ...options });
  let onThreads = 0;
  const counted: YamlPort = {
    yamlOf: (role, text, path) => {
      const p = pool.yamlOf(role, text, path);
      if (p) onThreads++;
      return p;
    },
  };
  try {
    return { report: await check(root, counted), onThreads };
  } finally {
    await pool.close();
  }
}

describe('YAML parsing threads', () => {
  it('give the same report as parsing in one thread, on the bench repository shape', async () => {
    const root = tempDir('modelgate-threads-');
    generateModelRepo(root, 40, { git: false });
    const here = JSON.stringify(await check(root));
    // Few files per thread: most wait in the queue, and are parsed both on the thread and here.
    const { report, onThreads } = await checkOnThreads(root, { inFlight: 2 });
    expect(onThreads).toBeGreaterThan(10);
    expect(JSON.stringify(report)).toBe(here);
    expect(report.models.length).toBe(40);
  });

  const cards = corpusDir('hf-model-cards');
  it.skipIf(!cards)('give the same report as parsing in one thread, on real cards (lines of findings included)', async () => {
    const dir = cards as string;
    const real = readdirSync(dir).filter((f) => f.endsWith('.md'));
    const root = tempDir('modelgate-threads-corpus-');
    generateModelRepo(root, real.length, { git: false });
    real.forEach((f, i) => copyFileSync(join(dir, f), join(root, 'models', modelName(i + 1), 'README.md')));
    const here = await check(root);
    const { report, onThreads } = await checkOnThreads(root);
    expect(onThreads).toBeGreaterThan(real.length);
    expect(JSON.stringify(report)).toBe(JSON.stringify(here));
    // Real cards fail checks with located findings: the lines were found from the threads' data too.
    expect(report.models.flatMap((m) => m.checks).filter((c) => c.outcome !== 'pass' && c.line !== undefined).length).toBeGreaterThan(10);
  });

  it('start no thread for a small run: the first files are parsed in the evaluating thread', async () => {
    const pool = createParseWorkers({ startAfter: 2, workerFile: WORKER });
    try {
      const text = 'id: x\n';
      expect(pool.yamlOf('audit', text, 'a.yml')).toBeUndefined();
      expect(pool.yamlOf('audit', text, 'b.yml')).toBeUndefined();
      const third = pool.yamlOf('audit', text, 'c.yml');
      expect(third).toBeInstanceOf(Promise);
      expect(await third).toEqual([{ length: text.length, offset: 0, hub: false, result: { ok: true, data: { id: 'x' }, warnings: [] } }]);
    } finally {
      await pool.close();
    }
  });

  for (const [name, options] of [
    ['crashes', { workerFile: join(REPO_ROOT, 'test', 'adapters', 'workers', 'crash.js') }],
    ['answers nothing', { workerFile: join(REPO_ROOT, 'test', 'adapters', 'workers', 'hang.js'), timeoutMs: 300 }],
  ] as const) {
    it(`fail the files a thread held when it ${name}: failing checks that say why, never a pass`, async () => {
      const root = tempDir('modelgate-threads-fail-');
      generateModelRepo(root, 3, { git: false });
      const { report, onThreads } = await checkOnThreads(root, options);
      expect(onThreads).toBeGreaterThan(0);
      expect(report.summary.fail).toBeGreaterThan(0);
      const text = JSON.stringify(report);
      expect(text).toContain(name === 'crashes' ? 'could not be parsed: the YAML parsing thread crashed: simulated crash' : 'could not be parsed: the YAML parsing thread answered nothing for 0.3 s');
      for (const m of report.models) expect(m.outcome, m.path).toBe('fail');
    });
  }
});
