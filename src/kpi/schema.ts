// JSON Schema (draft-07) of the KPI report. schema/kpi-report.schema.json is this object written
// out (a test keeps the two identical); it lives in code so every build carries it without a file read.
import { CHECK_IDS, OUTCOMES, RISK_TIERS, SEVERITIES } from '../types.js';
import { AGE_BUCKETS, KPI_GROUPS, TIER_KEYS, VENDOR_ITEMS } from './types.js';
import { SAFETY_KINDS } from '../evidence/safety.js';

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const date: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const int: Schema = { type: 'integer', minimum: 0 };
const anyInt: Schema = { type: 'integer' };
const share: Schema = { type: 'number', minimum: 0, maximum: 1 };
const kg: Schema = { type: 'number', minimum: 0 };
const sha: Schema = { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' };
const strList: Schema = { type: 'array', items: str };

function object(required: string[], properties: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return { type: 'object', additionalProperties: false, required, properties: { ...properties, ...optional } };
}

function record(keys: readonly string[], value: Schema): Schema {
  return object([...keys], Object.fromEntries(keys.map((k) => [k, value])));
}

const severity: Schema = { enum: [...SEVERITIES] };
const bySeverity = record(SEVERITIES, int);

const score = object(['pass', 'fail', 'warn', 'error', 'waived', 'skipped', 'evaluated', 'score'], {
  pass: int,
  fail: int,
  warn: int,
  error: int,
  waived: int,
  skipped: int,
  evaluated: int,
  score: { oneOf: [share, { type: 'null' }] },
});
const num: Schema = { type: 'number' };
/** A safety evaluation covering a model (ModelFacts.safety), as in schema/report.schema.json. */
const safetyFact = object(
  ['file', 'id', 'kind', 'evaluator', 'independent', 'datasets', 'slices', 'results', 'issues', 'mitigations'],
  {
    file: str,
    id: str,
    kind: { enum: [...SAFETY_KINDS] },
    evaluator: str,
    independent: { type: 'boolean' },
    datasets: strList,
    slices: strList,
    results: { type: 'array', items: object(['metric'], { metric: str }, { slice: str, value: num, max: num, min: num, passed: { type: 'boolean' } }) },
    issues: { type: 'array', items: object(['id', 'title', 'severity', 'status'], { id: str, title: str, severity, status: str }, { mitigation: str }) },
    mitigations: strList,
  },
  { date: str, method: str, standard: str },
);
const byGroup = record(KPI_GROUPS, { $ref: '#/definitions/score' });
const checklist = record(VENDOR_ITEMS, { type: 'boolean' });
const riskTier: Schema = { oneOf: [{ enum: [...RISK_TIERS] }, { type: 'null' }] };

const audit = object(
  ['id', 'file', 'independent'],
  { id: str, file: str, independent: { type: 'boolean' } },
  {
    date,
    ageDays: anyInt,
    auditor: str,
    standard: str,
    report: object([], {}, { url: str, path: str, sha256: str }),
  },
);

const finding = object(
  ['audit', 'auditFile', 'id', 'title', 'severity', 'status'],
  { audit: str, auditFile: str, id: str, title: str, severity, status: str },
  { auditDate: date, due: date, owner: str, ageDays: anyInt, overdueDays: { type: 'integer', minimum: 1 } },
);

const dataset = object(
  ['ref', 'files'],
  {
    ref: str,
    files: {
      type: 'array',
      items: object(['path', 'verified'], { path: str, verified: { type: 'boolean' } }, { sha256: str, size: int, problem: str }),
    },
  },
  { manifest: str, name: str, license: str },
);

const model = object(
  ['repository', 'path', 'name', 'riskTier', 'outcome', 'license', 'compliance', 'checks', 'audit', 'findings', 'datasets'],
  {
    repository: str,
    path: str,
    name: str,
    riskTier,
    outcome: { enum: ['pass', 'fail'] },
    license: strList,
    compliance: object(['overall', 'byGroup'], { overall: { $ref: '#/definitions/score' }, byGroup }),
    checks: {
      type: 'array',
      items: object(['id', 'level', 'outcome'], { id: { enum: [...CHECK_IDS] }, level: { enum: ['error', 'warn'] }, outcome: { enum: [...OUTCOMES] } }),
    },
    audit: object(['limitDays', 'audits', 'independentFresh'], { limitDays: int, audits: { type: 'array', items: { $ref: '#/definitions/audit' } }, independentFresh: { type: 'boolean' } }),
    findings: { type: 'array', items: { $ref: '#/definitions/finding' } },
    datasets: { type: 'array', items: { $ref: '#/definitions/dataset' } },
  },
  {
    card: str,
    owner: str,
    vendor: object(['name'], { name: str }, { contract: str }),
    exportControl: object([], {}, { classification: str, reviewed: str, jurisdictions: strList }),
    carbon: object(['kg', 'original', 'source', 'file'], { kg, original: str, source: str, file: str }, { kwh: kg }),
    vendorChecklist: checklist,
    safety: { type: 'array', items: safetyFact },
    workforce: object(['fte', 'roles'], { fte: kg, roles: { type: 'array', items: object(['role', 'fte'], { role: str, fte: kg }) } }, { assessed: date }),
  },
);

const repository = object(
  ['name', 'asOf', 'generatedAt', 'verdict', 'models', 'policy'],
  {
    name: str,
    asOf: date,
    generatedAt: dateTime,
    verdict: { enum: ['pass', 'fail'] },
    models: int,
    policy: object(['source', 'extends', 'errors'], { source: str, extends: { type: ['string', 'null'] }, errors: strList }),
  },
  { head: sha, workforce: object(['file', 'programmes', 'errors'], { file: str, programmes: int, errors: strList }) },
);

const trendPoint = object(['date', 'commit', 'repository', 'totalKg', 'repositoryTotalKg', 'models', 'changes'], {
  date: dateTime,
  commit: { oneOf: [sha, { type: 'null' }] },
  repository: str,
  totalKg: kg,
  repositoryTotalKg: kg,
  models: int,
  changes: { type: 'array', items: object(['model', 'kg'], { model: str, kg: { oneOf: [kg, { type: 'null' }] } }) },
});

const budget: Schema = { type: 'array', items: object(['currency', 'amount'], { currency: str, amount: kg }) };
const programme: Record<string, Schema> = {
  repository: str,
  file: str,
  name: str,
  headcount: int,
  budget: object(['amount', 'currency'], { amount: kg, currency: str }),
  period: object(['start', 'end'], { start: date, end: date }),
  roles: strList,
  models: strList,
};
const workforceTrendPoint = object(
  ['date', 'commit', 'repository', 'exposureFte', 'headcount', 'budget', 'repositoryExposureFte', 'repositoryHeadcount', 'repositoryBudget'],
  { date: dateTime, commit: { oneOf: [sha, { type: 'null' }] }, repository: str, exposureFte: kg, headcount: int, budget, repositoryExposureFte: kg, repositoryHeadcount: int, repositoryBudget: budget },
);
const workforce = object(['exposureFte', 'headcount', 'coverage', 'budget', 'models', 'programmes', 'trend'], {
  exposureFte: kg,
  headcount: int,
  coverage: { oneOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] },
  budget,
  models: {
    type: 'array',
    items: object(['repository', 'path', 'name', 'fte', 'headcount', 'coverage', 'programmes'], {
      repository: str,
      path: str,
      name: str,
      fte: kg,
      headcount: int,
      coverage: { oneOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] },
      programmes: strList,
    }),
  },
  programmes: { type: 'array', items: object([...Object.keys(programme), 'status', 'covers'], { ...programme, status: { enum: ['running', 'planned', 'ended'] }, covers: strList }) },
  trend: object(
    ['status', 'shallow', 'commitsScanned', 'points'],
    { status: { enum: ['ok', 'unavailable'] }, shallow: { type: 'boolean' }, commitsScanned: int, points: { type: 'array', items: { $ref: '#/definitions/workforceTrendPoint' } } },
    { reason: str },
  ),
});

const modelRef = object(['repository', 'path', 'name'], { repository: str, path: str, name: str });

export const KPI_SCHEMA_ID = 'https://github.com/modelgate/modelgate/schema/kpi-report.schema.json';

export function kpiReportSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: KPI_SCHEMA_ID,
    title: 'modelgate KPI report',
    description: 'Output of `modelgate report --format json` (schemaVersion 1). See docs/report.md for what each figure means.',
    definitions: { score, audit, finding, dataset, model, trendPoint, workforceTrendPoint },
    ...object(
      ['schemaVersion', 'kind', 'tool', 'generatedAt', 'asOf', 'repositories', 'methods', 'tiers', 'highRiskAudit', 'compliance', 'findings', 'datasets', 'vendors', 'carbon', 'models'],
      {
        schemaVersion: { const: 1 },
        kind: { const: 'modelgate-kpi' },
        tool: object(['name', 'version'], { name: { const: 'modelgate' }, version: str }),
        generatedAt: dateTime,
        asOf: date,
        repositories: { type: 'array', minItems: 1, items: repository },
        // workforce is optional so that reports written before it still merge.
        methods: object(['compliance', 'highRiskAudit', 'findings', 'datasets', 'vendors', 'carbon'], { compliance: str, highRiskAudit: str, findings: str, datasets: str, vendors: str, carbon: str }, { workforce: str }),
        tiers: record(TIER_KEYS, int),
        highRiskAudit: object(['models', 'covered', 'share', 'entries'], {
          models: int,
          covered: int,
          share: { oneOf: [share, { type: 'null' }] },
          entries: {
            type: 'array',
            items: object(
              ['repository', 'path', 'name', 'ok', 'limitDays', 'reason'],
              { repository: str, path: str, name: str, ok: { type: 'boolean' }, limitDays: int, reason: str },
              { audit: object(['id'], { id: str }, { date, ageDays: anyInt, auditor: str }) },
            ),
          },
        }),
        compliance: object(['overall', 'byGroup'], { overall: { $ref: '#/definitions/score' }, byGroup }),
        findings: object(['open', 'overdue', 'bySeverity', 'byAge', 'items'], {
          open: int,
          overdue: int,
          bySeverity,
          byAge: { type: 'array', items: object(['bucket', 'total', 'bySeverity'], { bucket: { enum: [...AGE_BUCKETS] }, total: int, bySeverity }) },
          items: {
            type: 'array',
            items: object(
              ['repository', 'audit', 'auditFile', 'id', 'title', 'severity', 'models'],
              { repository: str, audit: str, auditFile: str, id: str, title: str, severity, models: { type: 'array', minItems: 1, items: str } },
              { due: date, owner: str, auditDate: date, ageDays: anyInt, overdueDays: { type: 'integer', minimum: 1 } },
            ),
          },
        }),
        datasets: object(['total', 'verified', 'unverified'], {
          total: int,
          verified: int,
          unverified: {
            type: 'array',
            items: object(
              ['repository', 'ref', 'reason', 'files', 'verifiedFiles', 'models'],
              { repository: str, ref: str, reason: str, files: int, verifiedFiles: int, models: { type: 'array', minItems: 1, items: str } },
              { manifest: str, name: str },
            ),
          },
        }),
        vendors: {
          type: 'array',
          items: object(['name', 'models', 'items', 'score'], {
            name: str,
            models: {
              type: 'array',
              minItems: 1,
              items: object(['repository', 'path', 'name', 'checklist', 'score'], { repository: str, path: str, name: str, checklist, score: share }, { contract: str }),
            },
            items: record(VENDOR_ITEMS, object(['met', 'total'], { met: int, total: int })),
            score: share,
          }),
        },
        carbon: object(['totalKg', 'totalKwh', 'modelsWithFigure', 'modelsWithEnergy', 'withoutFigure', 'trend'], {
          totalKg: kg,
          totalKwh: kg,
          modelsWithFigure: int,
          modelsWithEnergy: int,
          withoutFigure: { type: 'array', items: modelRef },
          trend: object(
            ['status', 'shallow', 'commitsScanned', 'points'],
            { status: { enum: ['ok', 'unavailable'] }, shallow: { type: 'boolean' }, commitsScanned: int, points: { type: 'array', items: { $ref: '#/definitions/trendPoint' } } },
            { reason: str },
          ),
        }),
        models: { type: 'array', items: { $ref: '#/definitions/model' } },
      },
      {
        // Optional so that reports written before it still merge; every report modelgate writes has it.
        gate: object(['models', 'failing', 'reasons', 'headline'], {
          models: int,
          failing: int,
          reasons: { type: 'array', items: object(['check', 'phrase', 'models'], { check: { enum: [...CHECK_IDS] }, phrase: str, models: int }) },
          headline: str,
        }),
        workforce,
      },
    ),
  };
}
