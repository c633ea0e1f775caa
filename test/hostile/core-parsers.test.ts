// Property-based tests over every parser: whatever the input, a parser ends in a value or located
// errors (never an exception), within a time bound that only linear-time code meets, and what it
// accepts satisfies the invariants the checks rely on (hashes are 64 hex, paths stay in the
// repository, carbon figures are positive and finite, no prototype key survives).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { CHECK_IDS, LEVELS, RISK_TIERS, SEVERITIES, WAIVER_REASONS, type Parsed } from '../../src/types.js';
import { decodeText, parseJson, parseYaml } from '../../src/evidence/load.js';
import { parseModelCard } from '../../src/evidence/modelCard.js';
import { parseDatasheet } from '../../src/evidence/datasheet.js';
import { parseCroissant } from '../../src/evidence/croissant.js';
import { parseAuditRecord, FINDING_STATUSES } from '../../src/evidence/audit.js';
import { parseCodeCarbonCsv } from '../../src/evidence/codecarbon.js';
import { parseLfsPointer } from '../../src/evidence/lfsPointer.js';
import { carbonFromCardField, carbonFromCycloneDx } from '../../src/evidence/carbon.js';
import { normaliseSha256 } from '../../src/evidence/hashFormat.js';
import { classifyLicense } from '../../src/evidence/license.js';
import type { ManifestFile } from '../../src/evidence/manifest.js';
import { loadPolicy } from '../../src/policy/load.js';
import { MAX_WAIVER_DAYS, parseWaivers } from '../../src/waivers.js';
import { resolveRepoPath } from '../../src/paths.js';
import { daysBetween, isIsoDate } from '../../src/dates.js';
import { CALL_BUDGET_MS, FC, isRepoPath, prototypeSnapshot, expectPrototypesUntouched, within } from './harness.js';

// ---------------------------------------------------------------------------------------------
// Generators.

/** Tokens that mean something to one of the formats: the fuzzer's vocabulary. */
const SYNTAX = [
  '---\n', '\n---\n', '# ', '## Uses\n', '<!--', '-->', '[', ']', '{', '}', '{{', '}}', '(', ')', '<', '>', '"', "'", '\\', ':', ': ', '- ', '? ',
  '&a ', '*a', '!!binary ', '!tag ', '|\n', '>-\n', '#', ',', '\t', '\r\n', '\r', '\n', ' ', '%YAML 1.1\n', '__proto__', 'constructor', 'prototype',
  'emissions', 'run_id', 'duration', 'energy_consumed', 'version https://git-lfs.github.com/spec/v1\n', 'oid sha256:', 'size ', 'sha256',
  '@context', '@type', 'sc:Dataset', 'distribution', 'cr:FileObject', 'contentUrl', '..', '../', '/', '%2e', '%2f', 'file://', 'C:\\', '\u0000',
  '\uFEFF', '\u202e', '1e400', '-0', 'NaN', '.inf', '0x1F', '9'.repeat(30), 'AND ', 'OR ', 'WITH ', 'MIT', 'apache-2.0',
];

const syntaxSoup = fc.array(fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** One fragment repeated thousands of times between two syntax tokens: what exposes super-linear code. */
const repetition = fc
  .tuple(fc.constantFrom('', ...SYNTAX), fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ minLength: 1, maxLength: 6 })), fc.integer({ min: 500, max: 12_000 }), fc.constantFrom('', 'x', '\n', ...SYNTAX))
  .map(([prefix, fragment, n, suffix]) => prefix + fragment.repeat(Math.min(n, Math.floor(48_000 / Math.max(1, fragment.length)))) + suffix);

const anyText = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 400 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }), weight: 1 },
  { arbitrary: syntaxSoup, weight: 4 },
  { arbitrary: repetition, weight: 2 },
);

/** A value made of the keys each format knows, with values of any shape. */
function shaped(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('2026-09-12', '2026-02-30', '../../etc/passwd', 'https://x.example', 'open', 'high', 'a'.repeat(64)));
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...keys), tie('v'), { maxKeys: 4 })),
  })).v;
  return fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'other'), value, { maxKeys: keys.length });
}

const asYaml = (a: fc.Arbitrary<unknown>) =>
  a.map((v) => {
    try {
      return toYaml(v) ?? '';
    } catch {
      return '';
    }
  });
const asJson = (a: fc.Arbitrary<unknown>) => a.map((v) => JSON.stringify(v) ?? 'null');

const DATASHEET_KEYS = ['id', 'name', 'source', 'url', 'creator', 'license', 'collection', 'retention', 'policy', 'until', 'personal_data', 'files', 'path', 'sha256', 'size', 'md5'];
const AUDIT_KEYS = ['id', 'auditor', 'name', 'independent', 'date', 'standard', 'scope', 'report', 'url', 'path', 'sha256', 'findings', 'title', 'severity', 'status', 'due', 'owner', 'accepted_by', 'reason'];
const CROISSANT_KEYS = ['@context', '@type', '@id', 'name', 'url', 'license', 'creator', 'distribution', 'contentUrl', 'sha256', 'md5', 'encodingFormat', 'containedIn', 'includes', 'rai:dataCollection', 'rai:dataReleaseMaintenancePlan', 'isLiveDataset', 'conformsTo'];
const CARD_KEYS = ['license', 'licence', 'datasets', 'base_model', 'co2_eq_emissions', 'emissions', 'source', 'governance', 'risk_tier', 'owner', 'audits', 'carbon_report', 'vendor', 'export_control', 'model-index'];
const CDX_KEYS = ['bomFormat', 'specVersion', 'metadata', 'component', 'components', 'modelCard', 'considerations', 'environmentalConsiderations', 'energyConsumptions', 'co2CostEquivalent', 'activityEnergyCost', 'value', 'unit'];

// ---------------------------------------------------------------------------------------------
// Invariants.

/** The shape every parser promises: a value with warnings, or at least one located error. */
function expectParsed<T>(r: Parsed<T>): void {
  expect(typeof r.ok).toBe('boolean');
  const diags = r.ok ? r.warnings : r.errors;
  if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
  for (const d of diags) {
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(typeof d.file).toBe('string');
    if (d.line !== undefined) expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    if (d.column !== undefined) expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
  }
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
function depthAndKeys(v: unknown, d = 0): number {
  if (Array.isArray(v)) return v.reduce<number>((m, x) => Math.max(m, depthAndKeys(x, d + 1)), d + 1);
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) expect(FORBIDDEN.has(k), `forbidden key ${k} survived`).toBe(false);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    return Object.values(v).reduce<number>((m, x) => Math.max(m, depthAndKeys(x, d + 1)), d + 1);
  }
  return d;
}

function expectSafeFile(f: ManifestFile): void {
  const placed = [f.resolved, f.external, f.pathError].filter((x) => x !== undefined);
  expect(placed.length <= 1).toBe(true);
  if (f.resolved !== undefined) expect(isRepoPath(f.resolved), f.resolved).toBe(true);
  if (f.resolved === undefined && f.external === undefined && f.hashProblem === undefined) expect(f.pathError).toBeDefined();
  if (f.sha256 !== undefined) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  if (f.size !== undefined) expect(Number.isSafeInteger(f.size) && f.size >= 0).toBe(true);
}

/** Runs a property over `arb` with the suite's run count and time cap, each call within the budget. */
function holds<T>(arb: fc.Arbitrary<T>, prop: (t: T) => void, runs: number = FC.numRuns): void {
  fc.assert(
    fc.property(arb, (t) => {
      within(CALL_BUDGET_MS, 'one call', () => prop(t));
    }),
    { ...FC, numRuns: runs },
  );
}

describe('every parser ends in a result, in bounded time, on any input', () => {
  const before = prototypeSnapshot();

  it('decodeText: accepts exactly the NUL-free valid UTF-8, and locates the first bad byte', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s)), fc.tuple(fc.string({ unit: 'binary' }), fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.string()).map(([a, b, c]) => new Uint8Array([...new TextEncoder().encode(a), ...b, ...new TextEncoder().encode(c)])));
    holds(bytes, (b) => {
      const r = decodeText(b, 'f');
      expectParsed(r);
      let valid = !b.includes(0);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        valid = false;
      }
      expect(r.ok).toBe(valid);
      if (!r.ok && !b.includes(0)) {
        const e = r.errors[0];
        // The reported line is the line of the first byte no decoder accepts: the text before it decodes.
        expect(e?.line).toBeDefined();
        const newlines = (upTo: number) => b.subarray(0, upTo).filter((x) => x === 0x0a).length;
        let lo = 0;
        while (lo < b.length) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, lo + 1), { stream: true });
            lo++;
          } catch {
            break;
          }
        }
        expect(e?.line).toBe(newlines(lo) + 1);
      }
    });
  });

  it('decodeText round-trips every NUL-free string', () => {
    holds(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')), (s) => {
      const r = decodeText(new TextEncoder().encode(s), 'f');
      expect(r.ok && r.value).toBe(s.replace(/^\uFEFF/, ''));
    });
  });

  it('parseYaml: anything in, a result out; what it accepts is shallow and prototype-free', () => {
    holds(fc.oneof(anyText, asYaml(fc.jsonValue({ maxDepth: 6 })), asYaml(fc.anything({ maxDepth: 4 }))), (text) => {
      const r = parseYaml(text, 'f.yml');
      expectParsed(r);
      if (r.ok) expect(depthAndKeys(r.value.data)).toBeLessThanOrEqual(64);
    });
  });

  it('parseYaml reads back what a YAML writer wrote, unless it holds a prototype key', () => {
    holds(fc.jsonValue({ maxDepth: 5 }), (v) => {
      const r = parseYaml(toYaml(v), 'f.yml');
      const hasForbidden = JSON.stringify(v).match(/"(__proto__|constructor|prototype)":/) !== null;
      if (hasForbidden) expect(r.ok).toBe(false);
      else {
        expect(r.ok).toBe(true);
        if (r.ok) expect(JSON.parse(JSON.stringify(r.value.data))).toEqual(JSON.parse(JSON.stringify(v)));
      }
    });
  });

  it('parseJson: anything in, a result out; exactly the valid, shallow, prototype-free JSON is accepted', () => {
    holds(fc.oneof(anyText, asJson(fc.jsonValue({ maxDepth: 6 })), fc.integer({ min: 60, max: 70 }).map((n) => '['.repeat(n) + ']'.repeat(n))), (text) => {
      const r = parseJson(text, 'f.json');
      expectParsed(r);
      let native: unknown;
      let valid = true;
      try {
        native = JSON.parse(text);
      } catch {
        valid = false;
      }
      if (!valid) expect(r.ok).toBe(false);
      if (r.ok) {
        expect(depthAndKeys(r.value)).toBeLessThanOrEqual(64);
        expect(r.value).toEqual(native);
      }
    });
  });

  it('parseModelCard', () => {
    const card = fc.oneof(anyText, fc.tuple(asYaml(shaped(CARD_KEYS)), anyText).map(([y, body]) => `---\n${y}---\n${body}`));
    holds(card, (text) => {
      const r = parseModelCard(text, 'models/m/README.md');
      expectParsed(r);
      if (!r.ok) return;
      depthAndKeys(r.value.metadata);
      for (const l of [...r.value.license, ...r.value.datasets, ...r.value.governance.audits]) expect(typeof l).toBe('string');
      if (!r.value.hasFrontMatter) expect(r.value.metadata).toEqual({});
      for (const s of r.value.sections) expect(s.line).toBeGreaterThanOrEqual(1);
    });
  });

  it('parseDatasheet', () => {
    holds(fc.oneof(anyText, asYaml(shaped(DATASHEET_KEYS))), (text) => {
      const r = parseDatasheet(text, 'datasets/d/datasheet.yml');
      expectParsed(r);
      if (r.ok) r.value.files.forEach(expectSafeFile);
    });
  });

  it('parseCroissant', () => {
    const croissant = shaped(CROISSANT_KEYS).map((o) => ({ '@context': {}, '@type': 'sc:Dataset', ...o }));
    holds(fc.oneof(anyText, asJson(shaped(CROISSANT_KEYS)), asJson(croissant)), (text) => {
      const r = parseCroissant(text, 'datasets/d/d.croissant.json');
      expectParsed(r);
      if (r.ok) r.value.files.forEach(expectSafeFile);
    });
  });

  it('parseAuditRecord', () => {
    holds(fc.oneof(anyText, asYaml(shaped(AUDIT_KEYS))), (text) => {
      const r = parseAuditRecord(text, 'audits/a.yml');
      expectParsed(r);
      if (!r.ok) return;
      for (const s of r.value.scope) expect(s === '' || isRepoPath(s), s).toBe(true);
      if (r.value.report?.path !== undefined) expect(isRepoPath(r.value.report.path)).toBe(true);
      if (r.value.report?.sha256 !== undefined) expect(r.value.report.sha256).toMatch(/^[0-9a-f]{64}$/);
      for (const f of r.value.findings) {
        expect(SEVERITIES).toContain(f.severity);
        expect(FINDING_STATUSES).toContain(f.status);
        if (f.due !== undefined) expect(isIsoDate(f.due)).toBe(true);
      }
      expect(typeof r.value.auditor.independent).toBe('boolean');
    });
  });

  it('parseCodeCarbonCsv: an accepted report is a positive, finite number of kg', () => {
    const cell = fc.oneof(fc.constantFrom('', '0', '1.5', '1e400', '-1', 'NaN', 'abc', '"1,5"', '0.0001', '1e-300'), fc.double().map(String), fc.string({ maxLength: 6 }));
    const header = fc.shuffledSubarray(['emissions', 'run_id', 'duration', 'energy_consumed', 'task_name', 'timestamp'], { minLength: 1 });
    const csv = fc.tuple(header, fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), { maxLength: 6 })).map(([h, rows]) => [h.join(','), ...rows.map((r) => r.join(','))].join('\n'));
    holds(fc.oneof(anyText, csv), (text) => {
      const r = parseCodeCarbonCsv(text, 'models/m/emissions.csv');
      expectParsed(r);
      if (!r.ok) return;
      expect(Number.isFinite(r.value.totalKg) && r.value.totalKg > 0).toBe(true);
      expect(r.value.figure.kg).toBe(r.value.totalKg);
      if (r.value.totalKwh !== undefined) expect(Number.isFinite(r.value.totalKwh)).toBe(true);
    });
  });

  it('parseLfsPointer: an accepted pointer has a lowercase 64-hex oid and an exact size', () => {
    const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    const pointer = fc.tuple(hex, fc.oneof(fc.nat(), fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21)), fc.boolean()).map(([oid, size, upper]) => `version https://git-lfs.github.com/spec/v1\noid sha256:${upper ? oid.toUpperCase() : oid}\nsize ${BigInt(Math.trunc(size)).toString()}\n`);
    holds(fc.oneof(anyText, pointer), (text) => {
      const r = parseLfsPointer(text, 'm/model.bin');
      expectParsed(r);
      if (!r.ok) return;
      expect(r.value.oid).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isSafeInteger(r.value.size) && r.value.size >= 0).toBe(true);
    });
  });

  it('carbonFromCardField: an accepted figure is positive and finite', () => {
    const field = fc.oneof(fc.anything(), fc.double(), fc.string(), fc.record({ emissions: fc.oneof(fc.double(), fc.string(), fc.anything()), source: fc.anything() }, { requiredKeys: [] }));
    holds(field, (v) => {
      const r = carbonFromCardField(v, 'models/m/README.md', 3);
      if (r === undefined) return expect(v === undefined || v === null).toBe(true);
      expectParsed(r);
      if (r.ok) expect(Number.isFinite(r.value.kg) && r.value.kg > 0).toBe(true);
    });
  });

  it('carbonFromCycloneDx: an accepted figure is positive and finite', () => {
    const measure = (unit: string) => fc.record({ value: fc.oneof(fc.double(), fc.constantFrom(1e308, 1.7e308, 0, -1)), unit: fc.oneof(fc.constant(unit), fc.string()) }, { requiredKeys: [] });
    const consumption = fc.record({ co2CostEquivalent: measure('tCO2eq'), activityEnergyCost: measure('kWh') }, { requiredKeys: [] });
    const bom = fc.array(consumption, { maxLength: 4 }).map((list) => ({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ modelCard: { considerations: { environmentalConsiderations: { energyConsumptions: list } } } }] }));
    holds(fc.oneof(fc.jsonValue(), shaped(CDX_KEYS), bom), (v) => {
      const r = carbonFromCycloneDx(v, 'bom.json');
      expectParsed(r);
      if (!r.ok) return;
      expect(Number.isFinite(r.value.kg) && r.value.kg > 0).toBe(true);
      if (r.value.kwh !== undefined) expect(Number.isFinite(r.value.kwh)).toBe(true);
    });
  });

  it('normaliseSha256: only a real SHA-256 is verifiable, and every encoding of one is', () => {
    const digest = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => new Set(b).size > 1);
    const encodings = digest.chain((b) => {
      const hex = Buffer.from(b).toString('hex');
      return fc.constantFrom(hex, hex.toUpperCase(), `sha256:${hex}`, Buffer.from(b).toString('base64'), Buffer.from(b).toString('base64url')).map((s) => ({ s, hex }));
    });
    holds(fc.oneof(fc.anything(), anyText), (v) => {
      const r = normaliseSha256(v);
      if (r.ok) expect(r.hex).toMatch(/^[0-9a-f]{64}$/);
      else expect(r.problem).toMatch(/^no verifiable hash/);
    });
    holds(encodings, ({ s, hex }) => {
      expect(normaliseSha256(s)).toEqual({ ok: true, hex });
    });
  });

  it('classifyLicense: always a verdict', () => {
    holds(fc.oneof(anyText, fc.array(fc.constantFrom('MIT', 'apache-2.0', 'GPL-3.0-only', 'AND', 'OR', 'WITH', '(', ')', 'Classpath-exception-2.0', 'LicenseRef-x', '+'), { maxLength: 30 }).map((a) => a.join(' '))), (s) => {
      const v = classifyLicense(s);
      expect(['spdx', 'hub', 'other', 'unknown']).toContain(v.kind);
    });
  });

  it('resolveRepoPath: what it accepts stays inside the repository, whatever decodes it', () => {
    const segment = fc.oneof(fc.constantFrom('..', '.', '', '%2e%2e', '%2E.', '.%2e', '%252e%252e', '..%2f', '%c0%ae', 'a', 'data', '~', 'C:', '\\..'), fc.string({ maxLength: 6 }));
    const ref = fc.oneof(anyText, fc.array(segment, { maxLength: 6 }).map((s) => s.join('/')), fc.constantFrom('/etc/passwd', 'C:\\Windows\\win.ini', 'file:///etc/passwd', '\\\\server\\share', '%2e%2e/%2e%2e/etc/passwd'));
    const base = fc.constantFrom('', 'models/m', 'datasets/d/sub', 'a');
    holds(fc.tuple(base, ref), ([b, r]) => {
      const res = resolveRepoPath(b, r);
      if (!res.ok) return expect(res.reason.length).toBeGreaterThan(0);
      expect(res.path === '' || isRepoPath(res.path), res.path).toBe(true);
      let decoded = res.path;
      for (let i = 0; i < 3; i++) {
        try {
          decoded = decodeURIComponent(decoded);
        } catch {
          break;
        }
      }
      expect(decoded.split('/').includes('..'), `${r} -> ${res.path} decodes to ${decoded}`).toBe(false);
      expect(decoded.includes('\\') || decoded.includes('\0') || decoded.startsWith('/')).toBe(false);
    });
  });

  it('loadPolicy: any configuration text ends in a policy whose policy.valid blocks', () => {
    const level = fc.oneof(fc.constantFrom('error', 'warn', 'off'), fc.string({ maxLength: 5 }));
    const setting = fc.oneof(level, fc.record({ level, max_kg: fc.oneof(fc.double(), fc.constant(null)), max_age_days: fc.integer(), block_on: fc.string(), tolerance: fc.double(), required: fc.array(fc.string(), { maxLength: 3 }) }, { requiredKeys: [] }));
    const ids = fc.constantFrom(...CHECK_IDS, 'card', 'carbon', 'audit', 'datasets', 'policy', 'bogus');
    const checks = fc.dictionary(ids, setting, { maxKeys: 6 });
    const config = fc.record(
      {
        extends: fc.oneof(fc.constantFrom('baseline', 'strict', 'eu-ai-act-high-risk'), fc.string()),
        models: fc.record({ roots: fc.array(fc.oneof(fc.constantFrom('models/*', '../x', '/abs', '{a', '[b', '**'), fc.string()), { maxLength: 3 }), cards: fc.array(fc.string(), { maxLength: 2 }) }, { requiredKeys: [] }),
        checks,
        tiers: fc.dictionary(fc.constantFrom(...RISK_TIERS, 'extreme'), checks, { maxKeys: 2 }),
        unknown: fc.anything(),
      },
      { requiredKeys: [] },
    );
    holds(fc.oneof(anyText, asYaml(config)), (text) => {
      const r = loadPolicy(text, '.github/modelgate.yml');
      for (const e of r.errors) expect(e.message.length).toBeGreaterThan(0);
      expect(r.policy.checks['policy.valid'].level).toBe('error');
      for (const id of CHECK_IDS) expect(LEVELS).toContain(r.policy.checks[id].level);
      for (const tier of Object.values(r.policy.tiers)) for (const o of Object.values(tier ?? {})) if (o?.level !== undefined) expect(LEVELS).toContain(o.level);
    }, 40);
  });

  it('parseWaivers: every waiver it returns is well-formed, every entry it drops is reported', () => {
    const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const entry = fc.record(
      {
        model: fc.oneof(fc.constantFrom('models/a', '.', 'models/a/', '../x', ''), fc.string({ maxLength: 8 })),
        check: fc.oneof(fc.constantFrom(...CHECK_IDS), fc.string({ maxLength: 8 })),
        reason: fc.oneof(fc.constantFrom(...WAIVER_REASONS), fc.string({ maxLength: 8 })),
        approver: fc.oneof(fc.constantFrom('@lead', ''), fc.string({ maxLength: 8 })),
        granted: fc.oneof(day, fc.constantFrom('2026-02-30', 'yesterday')),
        expires: fc.oneof(day, fc.constantFrom('2026-13-01', '9999-12-31')),
        note: fc.string({ maxLength: 10 }),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const file = fc.array(entry, { maxLength: 5 }).map((waivers) => ({ waivers }));
    holds(fc.oneof(anyText, asYaml(file), asYaml(fc.anything({ maxDepth: 3 }))), (text) => {
      const r = parseWaivers(text);
      for (const w of r.waivers) {
        expect(CHECK_IDS).toContain(w.check);
        expect(w.check).not.toBe('policy.valid');
        expect(WAIVER_REASONS).toContain(w.reason);
        expect(isIsoDate(w.granted) && isIsoDate(w.expires)).toBe(true);
        const days = daysBetween(w.granted, w.expires);
        expect(days >= 0 && days <= MAX_WAIVER_DAYS).toBe(true);
        expect(w.approver.trim().length).toBeGreaterThan(0);
      }
      const parsed = parseYaml(text, 'w.yml');
      const list = parsed.ok && parsed.value.data && typeof parsed.value.data === 'object' ? (parsed.value.data as { waivers?: unknown }).waivers : undefined;
      if (Array.isArray(list)) {
        const dropped = r.errors.filter((e) => /^waivers\[\d+\]/.test(e.message)).length;
        expect(r.waivers.length + dropped).toBe(list.length);
      }
    }, 100);
  });

  it('leaves Object.prototype untouched after all of the above', () => {
    expectPrototypesUntouched(before);
  });
});
