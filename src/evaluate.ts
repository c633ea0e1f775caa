// The evaluator: policy + change + repository in, one Report out. Pure apart from the reads it makes
// through the RepoReader port; every surface (CLI, Action, App) calls this and renders the result.
import {
  CHECK_IDS,
  RISK_TIERS,
  type ChangeSet,
  type CheckId,
  type CheckResult,
  type Diagnostic,
  type ModelFacts,
  type ModelReport,
  type Outcome,
  type PolicyPreview,
  type Report,
  type ReportSummary,
  type RepoReader,
  type RiskTier,
  type WaiverListing,
} from './types.js';
import { findModels, Matcher, modelOf, type ModelDir, type RecognisedWeights } from './discovery.js';
import { viewTree, type TreeView } from './entries.js';
import { recogniseWeights } from './weightsByBytes.js';
import { EvidenceStore } from './evidence/store.js';
import { safetyFacts } from './gatherSafety.js';
import { gatherEvidence, indexManifests, type EvidenceIndex, type ManifestIndex, type ModelEvidence } from './gather.js';
import { indexAudits } from './auditIndex.js';
import { changedAudits, touchesModel } from './auditChanges.js';
import { modelsReaching } from './reach.js';
import { settingFor, type LoadedPolicy, type Policy } from './policy/load.js';
import { MODEL_CHECKS } from './checks/index.js';
import type { CheckVerdict } from './checks/types.js';
import { coveringAudits } from './checks/audit.js';
import { carbonFigure } from './checks/carbon.js';
import { isActive, type LoadedWaivers, type Waiver } from './waivers.js';
import { mapLimit } from './concurrency.js';

export interface EvaluateInput {
  reader: RepoReader;
  changes: ChangeSet;
  /**
   * The revision the change is compared against. Only the audit records the change touches are read
   * from it: what a removed, moved or re-scoped record covered is written there alone. Without it (or
   * when such a record cannot be read there) the models it may have covered fail closed.
   */
  base?: RepoReader;
  /** The policy that judges the change: always the base branch's. */
  policy: LoadedPolicy;
  waivers: LoadedWaivers;
  /** Evaluation date, YYYY-MM-DD. */
  today: string;
  toolVersion: string;
  generatedAt?: string;
  /**
   * With `changes.all`, whether every file is sniffed for weights by its bytes (the default) or none
   * (the App: through the API that would be one read per file of the repository). Files a change
   * names are always sniffed.
   */
  sniffUnchanged?: boolean;
  /** A policy the change itself proposes: validated and previewed, never applied. */
  proposedPolicy?: { loaded: LoadedPolicy; file: string };
}

interface Selected {
  model: ModelDir;
  touchedBy: string[];
}

export async function evaluate(input: EvaluateInput): Promise<Report> {
  const { changes, policy: loaded, today } = input;
  const policy = loaded.policy;
  // Every entry, links and submodules included; read through the view, where an allowed link is its target.
  const view = viewTree(input.reader, await input.reader.listEntries(), policy.models.links);
  const files = view.files;
  const store = new EvidenceStore(view.reader, new Set(files));
  // A change to a few models parses only the manifests their cards may name.
  const manifests = indexManifests(store, files, policy, { lazy: !changes.all });
  const audits = indexAudits(store, files, policy);
  const byBytes = await recogniseWeights({ reader: view.reader, files, changes, policy, datasetFiles: () => datasetFiles(store, manifests), sniffUnchanged: input.sniffUnchanged ?? true });
  const models = findModels(view.entries, policy.models, byBytes);
  const index: EvidenceIndex = { manifests, audits, changedAudits: changes.all ? [] : await changedAudits(changes.files, audits, input.base) };
  const selected = await selectModels(models, changes, store, index, policy, view, input.base);

  const reports: ModelReport[] = [];
  const verifyHashes = policy.checks['datasets.hashes'].level !== 'off' || hasTierHashes(policy);
  const gathered = await mapLimit(selected, MODEL_CONCURRENCY, (s) => gatherEvidence(s.model, store, index, policy, { verifyHashes }));
  selected.forEach((s, i) => {
    const ev = gathered[i] as ModelEvidence;
    reports.push(judgeModel(ev, s.touchedBy, policy, input.waivers.waivers, today));
  });

  const policyErrors: CheckResult[] = [...loaded.errors, ...input.waivers.errors].map((d) => policyResult(d));
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'modelgate', version: input.toolVersion },
    verdict: 'pass',
    policy: { source: policy.source, extends: policy.extends, errors: policyErrors },
    summary: summarise(reports, policyErrors),
    models: reports,
    waivers: listWaivers(input.waivers.waivers, reports, today),
    generatedAt: input.generatedAt ?? new Date().toISOString(),
  };
  if (input.proposedPolicy) {
    report.policy.preview = await previewPolicy(input.proposedPolicy, { files, entries: view.entries, store, models, index, byBytes, policy, reports, waivers: input.waivers.waivers, today });
  }
  report.verdict = verdictOf(report);
  return report;
}

/**
 * Models gathered at once. Models are independent, and most of gathering one is waiting for file
 * reads, so several in flight overlap one model's I/O with another's parsing; the store bounds the
 * expensive part (hashing large files) on its own.
 */
const MODEL_CONCURRENCY = 16;


/** Every repository file some parseable dataset manifest lists. */
async function datasetFiles(store: EvidenceStore, manifests: ManifestIndex): Promise<Set<string>> {
  const listed = new Set<string>();
  for (const m of await Promise.all(manifests.files.map((file) => store.manifest(file)))) {
    if (m.ok) for (const f of m.value.files) if (f.resolved) listed.add(f.resolved);
  }
  return listed;
}

function hasTierHashes(policy: Policy): boolean {
  return Object.values(policy.tiers).some((t) => t?.['datasets.hashes']?.level && t['datasets.hashes'].level !== 'off');
}

// ---------------------------------------------------------------------------------------------
// Which models a change touches.

async function selectModels(
  models: Map<string, ModelDir>,
  changes: ChangeSet,
  store: EvidenceStore,
  index: EvidenceIndex,
  policy: Policy,
  view: TreeView,
  base: RepoReader | undefined,
): Promise<Selected[]> {
  const byPath = (a: ModelDir, b: ModelDir) => a.path.localeCompare(b.path);
  const all = [...models.values()];
  if (changes.all) return all.sort(byPath).map((model) => ({ model, touchedBy: [] }));
  // A change to a few models sorts those, not every model of the repository.
  let sortedAll: ModelDir[] | undefined;
  const sorted = () => (sortedAll ??= [...all].sort(byPath));

  const touched = new Map<string, Set<string>>();
  const touch = (model: string, path: string) => {
    const set = touched.get(model) ?? new Set<string>();
    set.add(path);
    touched.set(model, set);
  };
  const outside: string[] = [];
  for (const c of changes.files) {
    for (const changed of c.previousPath ? [c.path, c.previousPath] : [c.path]) {
      // A file reached through an allowed link changes with its target: every path it stands for counts.
      for (const p of view.aliases(changed)) {
        const m = modelOf(p, models);
        if (m !== undefined) touch(m, c.path);
        else outside.push(p);
        // A link or submodule that is a model directory, or holds some (a directory link above them).
        for (const dir of modelsAtOrBelow(p, all)) touch(dir, c.path);
      }
    }
  }
  // An audit record touches the models its scope covers on either revision (all of them when that
  // scope is unknown), whether or not their cards cite it.
  for (const c of index.changedAudits) {
    const path = c.head?.path ?? c.base?.path ?? '';
    for (const model of sorted()) if (touchesModel(c, model.path)) touch(model.path, path);
  }
  // A change outside every model directory can still touch models through their evidence: a
  // manifest, a file a manifest lists, an audit record a card cites, a carbon report. The models
  // whose texts may reference the change are gathered to know.
  if (outside.length > 0) {
    const changed = new Set(outside);
    const isManifest = new Matcher(policy.datasets.manifests);
    const manifestChanges = outside.filter((p) => isManifest.test(p));
    const candidates = await modelsReaching({ changed: [...changed], models: sorted(), store, manifests: index.manifests.files, audits: index.audits.paths, policy, base });
    const gathered = await mapLimit(candidates, MODEL_CONCURRENCY, (model) => gatherEvidence(model, store, index, policy, { verifyHashes: false }));
    candidates.forEach((model, i) => {
      const ev = gathered[i] as ModelEvidence;
      for (const dep of dependencies(ev)) if (changed.has(dep)) touch(model.path, dep);
      // A dataset the card names that no manifest answers to may be one this change deleted, renamed
      // or broke (its old name is only in the base revision): any manifest change touches such a model.
      if (ev.datasets.some((d) => !d.manifestFile)) for (const p of manifestChanges) touch(model.path, p);
    });
  }
  // Filtered in discovery order first, so models that compare equal keep the order a full sort gives.
  return all.filter((m) => touched.has(m.path)).sort(byPath).map((model) => ({ model, touchedBy: [...(touched.get(model.path) ?? [])].sort() }));
}

/** Models whose directory is `path` or below it: what a changed link or submodule at `path` may have been. */
function modelsAtOrBelow(path: string, models: readonly ModelDir[]): string[] {
  const prefix = `${path}/`;
  return models.filter((m) => m.path === path || m.path.startsWith(prefix)).map((m) => m.path);
}

/** Every file outside the model directory that the model's evidence depends on. */
function dependencies(ev: ModelEvidence): string[] {
  const deps: string[] = [];
  for (const d of ev.datasets) {
    if (d.manifestFile) deps.push(d.manifestFile);
    if (d.ambiguous) deps.push(...d.ambiguous);
    if (d.manifest?.ok) for (const f of d.manifest.value.files) if (f.resolved) deps.push(f.resolved);
  }
  for (const a of ev.audits) {
    if (a.path) deps.push(a.path);
    if (a.report?.resolved) deps.push(a.report.resolved);
  }
  for (const s of ev.safety) {
    if (s.path) deps.push(s.path);
    if (s.report?.resolved) deps.push(s.report.resolved);
  }
  if (ev.carbon.reportPath) deps.push(ev.carbon.reportPath);
  return deps;
}

// ---------------------------------------------------------------------------------------------
// Judging one model.

function riskTierOf(ev: ModelEvidence): RiskTier | null {
  const t = ev.card.kind === 'ok' ? ev.card.card.governance.riskTier : undefined;
  return t && (RISK_TIERS as readonly string[]).includes(t) ? (t as RiskTier) : null;
}

function judgeModel(ev: ModelEvidence, touchedBy: string[], policy: Policy, waivers: readonly Waiver[], today: string): ModelReport {
  const tier = riskTierOf(ev);
  const checks: CheckResult[] = [];
  const blocker: CheckId = ev.card.kind === 'missing' ? 'card.present' : 'card.metadata';
  // Checks that need the card are only "skipped" while the check reporting the missing or broken
  // card itself blocks the merge. If that check is off, warn-level or waived, they become errors:
  // a narrow waiver must never turn into a pass for every dependent check.
  let blockerBlocks = false;
  for (const def of MODEL_CHECKS) {
    const setting = settingFor(policy, def.id, tier);
    if (setting.level === 'off' || (def.applies && !def.applies(ev))) continue;
    let verdict: CheckVerdict;
    try {
      verdict = def.run({ ev, setting, tier, today });
    } catch (err) {
      // A bug in a check must fail closed, never pass.
      verdict = { status: 'error', message: `internal error in ${def.id}: ${err instanceof Error ? err.message : String(err)}` };
    }
    const result = toResult(def.id, setting.level, verdict, blockerBlocks, ev.model.path, waivers, today);
    if (def.id === blocker) blockerBlocks = result.level === 'error' && (result.outcome === 'fail' || result.outcome === 'error');
    checks.push(result);
  }
  const outcome = checks.some((c) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error')) ? 'fail' : 'pass';
  return {
    path: ev.model.path,
    name: modelName(ev),
    riskTier: tier,
    outcome,
    touchedBy,
    ...(ev.model.recognised ? { recognised: ev.model.recognised } : {}),
    checks,
    facts: factsOf(ev, touchedBy),
  };
}

function toResult(
  id: CheckId,
  level: 'error' | 'warn',
  v: CheckVerdict,
  blockerBlocks: boolean,
  modelPath: string,
  waivers: readonly Waiver[],
  today: string,
): CheckResult {
  let outcome: Outcome;
  switch (v.status) {
    case 'blocked':
      outcome = blockerBlocks ? 'skipped' : 'error';
      break;
    case 'fail':
      outcome = level === 'warn' || v.softFail ? 'warn' : 'fail';
      break;
    default:
      outcome = v.status;
  }
  const result: CheckResult = { id, level, outcome, message: v.message };
  if (v.file !== undefined) result.file = v.file;
  if (v.line !== undefined) result.line = v.line;
  if (v.hint !== undefined && outcome !== 'pass') result.hint = v.hint;
  // Only a failure can be waived: an error means the check could not run, and waiving what was
  // never evaluated would turn "unknown" into a pass.
  if (outcome === 'fail' || outcome === 'warn') {
    const w = waivers.find((x) => waiverNames(x, modelPath) && x.check === id && isActive(x, today));
    if (w) {
      result.outcome = 'waived';
      result.waiver = { reason: w.reason, approver: w.approver, expires: w.expires, source: w.source, ...(w.note ? { note: w.note } : {}) };
    }
  }
  return result;
}

/** A waiver names a model by its directory; the repository root (path '') is written "." in the file. */
function waiverNames(w: Waiver, modelPath: string): boolean {
  return w.model === modelPath || (modelPath === '' && w.model === '.');
}

function modelName(ev: ModelEvidence): string {
  const base = ev.model.path.split('/').pop() || '.';
  if (ev.card.kind !== 'ok') return base;
  const index = ev.card.card.metadata['model-index'];
  const name = Array.isArray(index) && index[0] && typeof index[0] === 'object' ? (index[0] as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : base;
}

function factsOf(ev: ModelEvidence, touchedBy: string[]): ModelFacts {
  const facts: ModelFacts = { datasets: [], audits: [], findings: [], changedEvidence: [] };
  if (ev.card.kind === 'ok') {
    const c = ev.card.card;
    facts.card = c.file;
    facts.license = c.license;
    if (c.governance.owner) facts.owner = c.governance.owner;
    if (c.governance.vendor) facts.vendor = c.governance.vendor;
    if (c.governance.exportControl) facts.exportControl = c.governance.exportControl;
  } else if (ev.card.kind === 'invalid') {
    facts.card = ev.card.file;
  }
  for (const d of ev.datasets) {
    const m = d.manifest?.ok ? d.manifest.value : undefined;
    facts.datasets.push({
      ref: d.ref,
      ...(d.manifestFile ? { manifest: d.manifestFile } : {}),
      ...(m?.name ? { name: m.name } : {}),
      ...(m?.license ? { license: m.license } : {}),
      files: (m?.files ?? []).map((f) => {
        const v = d.verification?.find((x) => x.path === f.path);
        const verified = v?.status === 'match';
        return { path: f.resolved ?? f.external ?? f.path, ...(f.sha256 ? { sha256: f.sha256 } : {}), ...(f.size !== undefined ? { size: f.size } : {}), verified, ...(v && !verified ? { problem: v.message } : {}) };
      }),
    });
  }
  for (const a of coveringAudits(ev)) {
    facts.audits.push({ file: a.file, id: a.id, independent: a.auditor.independent, auditor: a.auditor.name, ...(a.date ? { date: a.date } : {}) });
    for (const f of a.findings) {
      facts.findings.push({ audit: a.id, auditFile: a.file, id: f.id, title: f.title, severity: f.severity, status: f.status, ...(f.due ? { due: f.due } : {}), ...(f.owner ? { owner: f.owner } : {}) });
    }
  }
  const safety = safetyFacts(ev);
  if (safety.length > 0) facts.safety = safety;
  const carbon = carbonFigure(ev);
  if (carbon) facts.carbon = carbon;
  const evidenceFiles = new Set<string>([...(facts.card ? [facts.card] : []), ...dependencies(ev)]);
  facts.changedEvidence = touchedBy.filter((p) => evidenceFiles.has(p));
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Report-level results.

function policyResult(d: Diagnostic): CheckResult {
  const r: CheckResult = {
    id: 'policy.valid',
    level: 'error',
    outcome: 'error',
    message: `${d.file}${d.line !== undefined ? `:${d.line}` : ''}${d.column !== undefined ? `:${d.column}` : ''}: ${d.message}`,
    file: d.file,
    hint: 'Fix the configuration; until then the gate fails (checks run with the baseline preset so their results still show).',
  };
  if (d.line !== undefined) r.line = d.line;
  return r;
}

function summarise(models: ModelReport[], policyErrors: CheckResult[]): ReportSummary {
  const s: ReportSummary = { models: models.length, checks: 0, pass: 0, fail: 0, warn: 0, waived: 0, skipped: 0, error: 0 };
  for (const c of [...policyErrors, ...models.flatMap((m) => m.checks)]) {
    s.checks++;
    s[c.outcome]++;
  }
  return s;
}

export function verdictOf(report: Pick<Report, 'models' | 'policy'>): 'pass' | 'fail' {
  if (report.policy.errors.length > 0) return 'fail';
  return report.models.some((m) => m.outcome === 'fail') ? 'fail' : 'pass';
}

function listWaivers(waivers: readonly Waiver[], models: ModelReport[], today: string): WaiverListing[] {
  return waivers.map((w) => {
    const used = models.some((m) => waiverNames(w, m.path) && m.checks.some((c) => c.id === w.check && c.outcome === 'waived'));
    const status: WaiverListing['status'] = !isActive(w, today) ? 'expired' : used ? 'active' : 'unused';
    return { model: w.model, check: w.check, reason: w.reason, approver: w.approver, granted: w.granted, expires: w.expires, source: w.source, status, ...(w.note ? { note: w.note } : {}) };
  });
}

interface PreviewContext {
  files: readonly string[];
  entries: TreeView['entries'];
  store: EvidenceStore;
  models: Map<string, ModelDir>;
  index: EvidenceIndex;
  /** Weights recognised by their bytes under the current policy; the proposal is judged with the same. */
  byBytes: RecognisedWeights;
  policy: Policy;
  reports: ModelReport[];
  waivers: readonly Waiver[];
  today: string;
}

/**
 * What the proposed policy would change once merged. Merged, it judges every model of the repository,
 * not only those this change touches, and it may find other models (roots, artifacts, card names) and
 * manifests: so every model is judged under both policies. A model that only one of them finds has
 * its checks "skipped" under the other.
 */
async function previewPolicy(proposed: { loaded: LoadedPolicy; file: string }, ctx: PreviewContext): Promise<PolicyPreview> {
  const preview: PolicyPreview = {
    file: proposed.file,
    valid: proposed.loaded.errors.length === 0,
    errors: proposed.loaded.errors.map((e) => `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`),
    changes: [],
  };
  if (!preview.valid) return preview;
  const next = proposed.loaded.policy;
  const now = new Map(ctx.reports.map((m) => [m.path, m]));
  const untouched = [...ctx.models.values()].filter((m) => !now.has(m.path));
  const nowVerify = ctx.policy.checks['datasets.hashes'].level !== 'off' || hasTierHashes(ctx.policy);
  const untouchedEvidence = await mapLimit(untouched, MODEL_CONCURRENCY, (m) => gatherEvidence(m, ctx.store, ctx.index, ctx.policy, { verifyHashes: nowVerify }));
  untouched.forEach((m, i) => now.set(m.path, judgeModel(untouchedEvidence[i] as ModelEvidence, [], ctx.policy, ctx.waivers, ctx.today)));

  const nextModels = [...findModels(ctx.entries, next.models, ctx.byBytes).values()];
  const nextManifests = indexManifests(ctx.store, ctx.files, next);
  const nextAudits = indexAudits(ctx.store, ctx.files, next);
  const nextIndex: EvidenceIndex = { manifests: nextManifests, audits: nextAudits, changedAudits: ctx.index.changedAudits };
  const nextVerify = next.checks['datasets.hashes'].level !== 'off' || hasTierHashes(next);
  const nextEvidence = await mapLimit(nextModels, MODEL_CONCURRENCY, (m) => gatherEvidence(m, ctx.store, nextIndex, next, { verifyHashes: nextVerify }));
  const after = new Map(nextModels.map((m, i) => [m.path, judgeModel(nextEvidence[i] as ModelEvidence, [], next, ctx.waivers, ctx.today)]));

  for (const path of [...new Set([...now.keys(), ...after.keys()])].sort((a, b) => a.localeCompare(b))) {
    const before = new Map((now.get(path)?.checks ?? []).map((c) => [c.id, c.outcome]));
    const later = new Map((after.get(path)?.checks ?? []).map((c) => [c.id, c.outcome]));
    for (const id of CHECK_IDS) {
      const from = before.get(id) ?? 'skipped';
      const to = later.get(id) ?? 'skipped';
      if (from !== to) preview.changes.push({ model: path, check: id, from, to });
    }
  }
  return preview;
}
