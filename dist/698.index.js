export const id = 698;
export const ids = [698];
export const modules = {

/***/ 66698:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fD: () => (/* reexport */ CardFactsReader),
  bU: () => (/* reexport */ check/* MAX_EVIDENCE_BYTES */.bU),
  xv: () => (/* reexport */ check/* VERSION */.xv),
  QD: () => (/* reexport */ aggregate_aggregate),
  nT: () => (/* reexport */ workforce_budgetOf),
  VN: () => (/* reexport */ trend_carbonTrend),
  $_: () => (/* reexport */ check/* checkChange */.$_),
  h5: () => (/* reexport */ figuresOf),
  f6: () => (/* reexport */ kpiModels),
  Ro: () => (/* reexport */ kpiRepository),
  zx: () => (/* reexport */ point),
  p1: () => (/* reexport */ policyDigest),
  vm: () => (/* reexport */ programmeStatus),
  c0: () => (/* reexport */ readAuditDetails),
  f_: () => (/* reexport */ readWorkforce),
  iv: () => (/* reexport */ renderCycloneDx),
  a0: () => (/* reexport */ renderKpiHtml),
  dn: () => (/* reexport */ renderKpiJson),
  SO: () => (/* reexport */ renderKpiMarkdown),
  rC: () => (/* reexport */ statementFileName),
  YQ: () => (/* reexport */ statementsFor),
  Vy: () => (/* reexport */ check/* toIsoDate */.Vy),
  e6: () => (/* reexport */ totalOf),
  oO: () => (/* reexport */ workforceTrend_workforceTrend)
});

// UNUSED EXPORTS: CHECK_IDS, CHECK_PHRASES, CONFIG_PATH, IN_TOTO_PAYLOAD_TYPE, LFS_POINTER_MAX_BYTES, Matcher, WAIVER_REASONS, cellCode, code, compareStatement, contentOid, decodeText, findModels, floorViolations, frontMatterText, headline, isRecord, kpiReportJsonSchema, kpiReportSchema, loadPolicy, locateFile, looksLikeLfsPointer, mapLimit, md, mergeKpiReports, modelOf, normaliseRepoPath, normaliseSha256, parseCroissant, parseDatasheet, parseKpiReport, parseLfsPointer, parseYaml, pickVendors, readConfigText, readPolicy, renderMarkdown, renderSarif, renderText, renderVendorPack, sortChecks, sortModels, validateWaiver

// EXTERNAL MODULE: ./src/check.ts + 24 modules
var check = __webpack_require__(92208);
;// CONCATENATED MODULE: ./src/attest/statement.ts
/** The predicate type: stable; a change of the predicate's meaning gets a new version. */
const statement_PREDICATE_TYPE = 'https://modelgate.dev/attestation/governance/v1';
const statement_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The payload type of a DSSE envelope holding an in-toto statement. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
function buildStatement(report, model, subjects, context) {
    const waivers = model.checks.flatMap((c) => c.waiver && c.outcome === 'waived' ? [{ check: c.id, reason: c.waiver.reason, approver: c.waiver.approver, expires: c.waiver.expires, source: c.waiver.source }] : []);
    // A policy error fails every model; the predicate says so through the verdict and the checks.
    const verdict = report.policy.errors.length > 0 ? 'fail' : model.outcome;
    const checks = [...report.policy.errors, ...model.checks].map((c) => ({ id: c.id, level: c.level, outcome: c.outcome }));
    return {
        _type: statement_STATEMENT_TYPE,
        subject: uniqueSubjects([...subjects.artifacts, ...subjects.evidence]),
        predicateType: statement_PREDICATE_TYPE,
        predicate: {
            model: { path: model.path, name: model.name, riskTier: model.riskTier },
            verdict,
            checks,
            policy: context.policy,
            waivers,
            artifacts: subjects.artifacts.map((s) => s.name),
            evidence: subjects.evidence.map((s) => s.name),
            tool: { name: 'modelgate', version: report.tool.version },
            repository: context.repository,
            commit: context.commit,
            evaluatedAt: report.generatedAt,
        },
    };
}
function uniqueSubjects(subjects) {
    const seen = new Map();
    for (const s of subjects)
        if (!seen.has(s.name))
            seen.set(s.name, s);
    return [...seen.values()];
}
/** A file name for a model's statement: its path with `/` as `__`, or `_root` for the repository itself. */
function statementFileName(modelPath) {
    return `${modelPath === '' ? '_root' : modelPath.replace(/[^A-Za-z0-9._-]/g, '_').replace(/_+/g, '_')}.intoto.json`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/discovery.ts
var discovery = __webpack_require__(29989);
// EXTERNAL MODULE: ./src/evidence/load.ts
var load = __webpack_require__(32985);
// EXTERNAL MODULE: ./src/evidence/lfsPointer.ts
var lfsPointer = __webpack_require__(24881);
// EXTERNAL MODULE: ./src/evidence/store.ts + 2 modules
var store = __webpack_require__(71557);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
;// CONCATENATED MODULE: ./src/attest/subjects.ts
// What a model's statement names, and each file's digest: the SHA-256 of its content, or for a Git
// LFS pointer the oid it records (the SHA-256 of the real file, so the downloaded weights verify).






async function subjects_fileDigest(reader, path) {
    const read = await reader.read(path, lfsPointer/* LFS_POINTER_MAX_BYTES */.Jt);
    if (read.kind === 'ok') {
        if (!(0,lfsPointer/* looksLikeLfsPointer */.K2)(read.bytes))
            return { ok: true, sha256: (0,external_node_crypto_.createHash)('sha256').update(read.bytes).digest('hex'), lfs: false };
        const text = (0,load/* decodeText */.g7)(read.bytes, path);
        const pointer = text.ok ? (0,lfsPointer/* parseLfsPointer */.y)(text.value, path) : text;
        if (!pointer.ok)
            return { ok: false, problem: `${path} looks like a Git LFS pointer but is malformed: ${pointer.errors.map((e) => e.message).join('; ')}` };
        return { ok: true, sha256: (0,lfsPointer/* contentOid */.yj)(pointer.value), lfs: true };
    }
    if (read.kind !== 'too-large')
        return { ok: false, problem: (0,store/* readFailure */.f1)(path, read).message };
    const hashed = await reader.sha256(path);
    return hashed.kind === 'ok' ? { ok: true, sha256: hashed.sha256.toLowerCase(), lfs: false } : { ok: false, problem: (0,store/* readFailure */.f1)(path, hashed).message };
}
/** The model's artifacts (weights) as the policy defines them: files of its directory matching `models.artifacts`. */
function subjects_artifactsOf(modelPath, files, policy) {
    const models = (0,discovery/* findModels */.is)(files, policy.models);
    const artifacts = new discovery/* Matcher */.PN(policy.models.artifacts, { nocase: true });
    const ignore = new discovery/* Matcher */.PN(policy.models.ignore);
    return files.filter((f) => artifacts.test(f) && !ignore.test(f) && (0,discovery/* modelOf */.DM)(f, models) === modelPath).sort();
}
/** The evidence files the evaluation read for the model and that exist in the repository. */
function evidenceOf(model, files) {
    const { facts } = model;
    const paths = [
        ...(facts.card ? [facts.card] : []),
        ...facts.datasets.flatMap((d) => [...(d.manifest ? [d.manifest] : []), ...d.files.map((f) => f.path)]),
        ...facts.audits.map((a) => a.file),
        ...(facts.carbon ? [facts.carbon.file] : []),
    ];
    return [...new Set(paths.filter((p) => files.has(p)))].sort();
}
const DIGEST_CONCURRENCY = 8;
/** Digests every subject; a file that cannot be read is an error, never a subject left out. */
async function modelSubjects(reader, model, files, policy) {
    const artifacts = subjects_artifactsOf(model.path, files, policy);
    const evidence = evidenceOf(model, new Set(files)).filter((p) => !artifacts.includes(p));
    const digest = async (name) => {
        const d = await subjects_fileDigest(reader, name);
        if (!d.ok)
            throw new Error(`cannot attest ${model.path || '.'}: ${d.problem}`);
        return { name, digest: { sha256: d.sha256 } };
    };
    return {
        artifacts: await (0,concurrency/* mapLimit */.s)(artifacts, DIGEST_CONCURRENCY, digest),
        evidence: await (0,concurrency/* mapLimit */.s)(evidence, DIGEST_CONCURRENCY, digest),
    };
}
/** SHA-256 of the policy file's bytes, null when there is none. */
async function policyDigest(reader, path) {
    const r = await reader.read(path, 1024 * 1024);
    if (r.kind === 'missing')
        return null;
    if (r.kind !== 'ok')
        throw new Error((0,store/* readFailure */.f1)(path, r).message);
    return { sha256: (0,external_node_crypto_.createHash)('sha256').update(r.bytes).digest('hex') };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(92857);
// EXTERNAL MODULE: ./src/types.ts
var types = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/jsonSchema.ts
var jsonSchema = __webpack_require__(55790);
;// CONCATENATED MODULE: ./src/attest/schema.ts
// The governance predicate, one zod source for three things: its TypeScript type
// (`GovernancePredicate`, which ./statement.ts builds), the shape `modelgate verify` checks a signed
// predicate against (./compare.ts), and the published JSON Schema (`npm run schemas` writes
// schema/governance-predicate.schema.json). Built from the same catalogues as the report.




const sha256 = schemas/* strictObject */.rej({ sha256: schemas/* string */.YjP().regex(/^[0-9a-f]{64}$/) });
const attestedCheck = schemas/* strictObject */.rej({ id: schemas/* enum */.k5n(types/* CHECK_IDS */.Sh), level: schemas/* enum */.k5n(types/* LEVELS */.A_), outcome: schemas/* enum */.k5n(types/* OUTCOMES */.im) });
const attestedWaiver = schemas/* strictObject */.rej({
    check: schemas/* enum */.k5n(types/* CHECK_IDS */.Sh),
    reason: schemas/* enum */.k5n(types/* WAIVER_REASONS */.tR),
    approver: schemas/* string */.YjP(),
    expires: schemas/* string */.YjP().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: schemas/* string */.YjP(),
});
const governancePredicateSchema = schemas/* strictObject */.rej({
    model: schemas/* strictObject */.rej({ path: schemas/* string */.YjP(), name: schemas/* string */.YjP(), riskTier: schemas/* enum */.k5n(types/* RISK_TIERS */.ac).nullable() }),
    verdict: schemas/* enum */.k5n(['pass', 'fail']),
    checks: schemas/* array */.YOg(attestedCheck),
    policy: schemas/* strictObject */.rej({
        file: schemas/* string */.YjP().nullable().describe('The policy file as read, e.g. `.github/modelgate.yml`, or null when a preset applied without one.'),
        digest: sha256.nullable().describe("SHA-256 of the policy file's bytes; null when there is no file."),
        revision: schemas/* string */.YjP().nullable().describe('The commit the policy was read from (the base of a pull request); null outside git.'),
        extends: schemas/* string */.YjP().nullable(),
    }),
    waivers: schemas/* array */.YOg(attestedWaiver),
    artifacts: schemas/* array */.YOg(schemas/* string */.YjP()).describe('Subject names that are the model artifacts (weights).'),
    evidence: schemas/* array */.YOg(schemas/* string */.YjP()).describe('Subject names that are evidence files: card, manifests, dataset files, audits, carbon report.'),
    tool: schemas/* strictObject */.rej({ name: schemas/* literal */.euz('modelgate'), version: schemas/* string */.YjP() }),
    repository: schemas/* string */.YjP().nullable().describe('`owner/name` on GitHub, or whatever names the repository; null when unknown.'),
    commit: schemas/* string */.YjP().nullable().describe('The commit evaluated; null outside git.'),
    evaluatedAt: schemas/* string */.YjP(),
});
function predicateSchema() {
    return jsonSchemaOf(governancePredicateSchema, {
        $id: 'https://github.com/modelgate/modelgate/schema/governance-predicate.schema.json',
        title: `modelgate governance predicate (${PREDICATE_TYPE})`,
        description: 'The predicate of the in-toto Statement v1 modelgate issues per evaluated model: its verdict, each check outcome, the policy that judged it, the waivers applied and where it was evaluated.',
    });
}
function predicateSchemaText() {
    return JSON.stringify(predicateSchema(), null, 2) + '\n';
}
/** Schema problems of a predicate, each as "/json/pointer: message"; empty when valid. */
function schema_predicateProblems(predicate) {
    const parsed = parseWith(governancePredicateSchema, predicate);
    return parsed.ok ? [] : parsed.errors;
}

;// CONCATENATED MODULE: ./src/attest/compare.ts




async function compareStatement(statement, checkout) {
    if (!isRecord(statement) || statement._type !== STATEMENT_TYPE)
        return { problems: [`the signed payload is not an in-toto Statement v1 (_type must be ${STATEMENT_TYPE})`], subjects: 0 };
    if (statement.predicateType !== PREDICATE_TYPE) {
        return { problems: [`predicateType is ${JSON.stringify(statement.predicateType)}, expected ${PREDICATE_TYPE}`], subjects: 0 };
    }
    const shape = predicateProblems(statement.predicate);
    if (shape.length > 0)
        return { problems: shape.map((p) => `predicate ${p}`), subjects: 0 };
    const predicate = statement.predicate;
    const subjects = readSubjects(statement.subject);
    if (typeof subjects === 'string')
        return { problems: [subjects], predicate, subjects: 0 };
    const problems = [];
    const results = await mapLimit(subjects, 8, async (s) => ({ s, d: await fileDigest(checkout.reader, s.name) }));
    for (const { s, d } of results) {
        if (!d.ok)
            problems.push(`subject ${s.name}: attested sha256 ${s.digest.sha256}, ${d.problem}`);
        else if (d.sha256 !== s.digest.sha256)
            problems.push(`subject ${s.name}: attested sha256 ${s.digest.sha256}, checkout has ${d.sha256}${d.lfs ? ' (Git LFS pointer oid)' : ''}`);
    }
    const attested = new Set(subjects.map((s) => s.name));
    for (const a of artifactsOf(predicate.model.path, checkout.files, checkout.policy)) {
        if (!attested.has(a))
            problems.push(`artifact ${a} of model ${predicate.model.path || '.'} is in the checkout but not a subject of the attestation`);
    }
    if (predicate.verdict !== 'pass') {
        const failing = predicate.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error').map((c) => c.id);
        problems.push(`predicate verdict is "${predicate.verdict}"${failing.length ? ` (failing: ${[...new Set(failing)].join(', ')})` : ''}`);
    }
    const want = predicate.policy.digest?.sha256 ?? null;
    const have = checkout.policyDigest?.sha256 ?? null;
    if (want !== have) {
        const file = predicate.policy.file ?? 'no policy file';
        problems.push(`policy digest: attested ${want ? `sha256 ${want}` : 'no policy file'} (${file}), checkout has ${have ? `sha256 ${have}` : 'no policy file'}`);
    }
    return { problems, predicate, subjects: subjects.length };
}
function readSubjects(value) {
    if (!Array.isArray(value) || value.length === 0)
        return 'the statement has no subjects';
    const out = [];
    for (const [i, s] of value.entries()) {
        const sha = isRecord(s) && isRecord(s.digest) ? s.digest.sha256 : undefined;
        if (!isRecord(s) || typeof s.name !== 'string' || typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha))
            return `subject ${i + 1} has no name or no sha256 digest`;
        if (s.name.startsWith('/') || s.name.split('/').includes('..'))
            return `subject ${JSON.stringify(s.name)} leaves the repository`;
        out.push({ name: s.name, digest: { sha256: sha } });
    }
    return out;
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

;// CONCATENATED MODULE: ./src/attest/index.ts


async function statementsFor(report, reader, policy, context) {
    const files = await reader.listFiles();
    const out = [];
    for (const model of report.models)
        out.push(buildStatement(report, model, await modelSubjects(reader, model, files, policy), context));
    return out;
}





// EXTERNAL MODULE: ./src/evidence/croissant.ts
var croissant = __webpack_require__(20069);
// EXTERNAL MODULE: ./src/evidence/datasheet.ts
var datasheet = __webpack_require__(95686);
// EXTERNAL MODULE: ./src/evidence/hashFormat.ts
var hashFormat = __webpack_require__(89646);
// EXTERNAL MODULE: ./src/evidence/manifest.ts
var manifest = __webpack_require__(99240);
// EXTERNAL MODULE: ./src/evidence/modelCard.ts
var modelCard = __webpack_require__(51546);
// EXTERNAL MODULE: ./src/checks/catalogue.ts + 1 modules
var catalogue = __webpack_require__(70849);
;// CONCATENATED MODULE: ./src/report/phrases.ts
// A few words per check for one-line summaries (the App's check-run title, the board pack's
// headline); each check's phrase is written in its catalogue entry.


;// CONCATENATED MODULE: ./src/kpi/score.ts
function emptyScore() {
    return { pass: 0, fail: 0, warn: 0, error: 0, waived: 0, skipped: 0, evaluated: 0, score: null };
}
function scoreOf(outcomes) {
    const s = emptyScore();
    for (const o of outcomes)
        s[o]++;
    return finish(s);
}
/** Adds the counts of several scores and recomputes the share from the sums (not an average of shares). */
function addScores(scores) {
    const s = emptyScore();
    for (const x of scores) {
        s.pass += x.pass;
        s.fail += x.fail;
        s.warn += x.warn;
        s.error += x.error;
        s.waived += x.waived;
        s.skipped += x.skipped;
    }
    return finish(s);
}
function finish(s) {
    s.evaluated = s.pass + s.fail + s.warn + s.error;
    s.score = s.evaluated === 0 ? null : round4(s.pass / s.evaluated);
    return s;
}
function round4(n) {
    return Math.round(n * 10_000) / 10_000;
}
const SCORE_METHOD = 'Compliance score = checks passed / checks evaluated, where evaluated = pass + fail + warn + error. ' +
    'Skipped checks (not applicable) and waived checks (a failure accepted by an approver until a date) are not in the denominator; ' +
    'they are shown as separate counts. A warning counts as not passing. Per group and overall, the counts are summed first ' +
    'and the share is taken from the sums, so every evaluated check weighs the same. Configuration (policy.valid) errors are not per-model and are listed separately.';

;// CONCATENATED MODULE: ./src/kpi/types.ts
// The KPI report (spec section 8): plain data, produced from one repository's evaluation or merged
// from several repositories' JSON reports. Every aggregate is derived from `models` (and the carbon
// trend), so a merge recomputes them exactly as a single repository would. The report's types come
// from its zod schema (./schema.ts); the key lists it is built from live here.

const KPI_GROUPS = catalogue/* CHECK_GROUPS */.mA.filter((g) => g !== (0,catalogue/* groupOf */.F8)(catalogue/* POLICY_CHECK */.M7));
const VENDOR_ITEMS = ['card', 'datasetProvenance', 'audit', 'carbon', 'exportControl', 'safetyTesting'];
const TIER_KEYS = ['prohibited', 'high', 'limited', 'minimal', 'unset'];
const AGE_BUCKETS = ['0-30', '31-90', '91-180', '181-365', '>365', 'unknown'];

// EXTERNAL MODULE: ./src/dates.ts
var dates = __webpack_require__(37718);
// EXTERNAL MODULE: ./src/policy/load.ts + 2 modules
var policy_load = __webpack_require__(74428);
;// CONCATENATED MODULE: ./src/kpi/models.ts





const DEFAULT_AUDIT_AGE_DAYS = 365;
function kpiModels(report, policy, asOf, repository, audits = new Map()) {
    return report.models.map((m) => kpiModel(m, policy, asOf, repository, audits));
}
function kpiRepository(report, asOf, name, head) {
    return {
        name,
        asOf,
        generatedAt: report.generatedAt,
        verdict: report.verdict,
        models: report.models.length,
        policy: { source: report.policy.source, extends: report.policy.extends, errors: report.policy.errors.map((e) => e.message) },
        ...(head ? { head } : {}),
    };
}
/** The policy's audit age limit for a tier: audit.fresh max_age_days, whatever the check's level. */
function auditLimitDays(policy, tier) {
    const v = (0,policy_load/* settingFor */.yJ)(policy, 'audit.fresh', tier).options.max_age_days;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_AUDIT_AGE_DAYS;
}
function kpiModel(m, policy, asOf, repository, details) {
    const f = m.facts;
    const limitDays = auditLimitDays(policy, m.riskTier);
    const audits = f.audits
        .map((a) => {
        const age = a.date && (0,dates/* isIsoDate */.s6)(a.date) ? (0,dates/* daysBetween */.YM)(a.date, asOf) : undefined;
        const more = details.get(a.file);
        return {
            id: a.id,
            file: a.file,
            independent: a.independent,
            ...(a.date ? { date: a.date } : {}),
            ...(age !== undefined ? { ageDays: age } : {}),
            ...(a.auditor ? { auditor: a.auditor } : {}),
            ...(more?.standard ? { standard: more.standard } : {}),
            ...(more?.report ? { report: { ...more.report } } : {}),
        };
    })
        .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    const auditDates = new Map(f.audits.map((a) => [a.file, a.date]));
    const findings = f.findings.map((x) => {
        const auditDate = auditDates.get(x.auditFile);
        const age = auditDate && (0,dates/* isIsoDate */.s6)(auditDate) ? (0,dates/* daysBetween */.YM)(auditDate, asOf) : undefined;
        const overdue = x.status === 'open' && x.due && (0,dates/* isIsoDate */.s6)(x.due) ? (0,dates/* daysBetween */.YM)(x.due, asOf) : 0;
        return {
            audit: x.audit,
            auditFile: x.auditFile,
            id: x.id,
            title: x.title,
            severity: x.severity,
            status: x.status,
            ...(auditDate ? { auditDate } : {}),
            ...(x.due ? { due: x.due } : {}),
            ...(x.owner ? { owner: x.owner } : {}),
            ...(age !== undefined ? { ageDays: age } : {}),
            ...(overdue > 0 ? { overdueDays: overdue } : {}),
        };
    });
    const byGroup = {};
    for (const g of KPI_GROUPS)
        byGroup[g] = scoreOf(m.checks.filter((c) => (0,catalogue/* groupOf */.F8)(c.id) === g).map((c) => c.outcome));
    const model = {
        repository,
        path: m.path,
        name: m.name,
        riskTier: m.riskTier,
        outcome: m.outcome,
        license: [...(f.license ?? [])],
        compliance: { overall: addScores(Object.values(byGroup)), byGroup },
        checks: m.checks.map((c) => ({ id: c.id, level: c.level, outcome: c.outcome })),
        audit: { limitDays, audits, independentFresh: audits.some((a) => isFreshIndependent(a, limitDays)) },
        findings,
        datasets: f.datasets.map((d) => ({
            ref: d.ref,
            ...(d.manifest ? { manifest: d.manifest } : {}),
            ...(d.name ? { name: d.name } : {}),
            ...(d.license ? { license: d.license } : {}),
            files: d.files.map((x) => ({ path: x.path, verified: x.verified, ...(x.sha256 ? { sha256: x.sha256 } : {}), ...(x.size !== undefined ? { size: x.size } : {}), ...(x.problem ? { problem: x.problem } : {}) })),
        })),
    };
    if (f.card)
        model.card = f.card;
    if (f.owner)
        model.owner = f.owner;
    if (f.vendor)
        model.vendor = { ...f.vendor };
    if (f.exportControl)
        model.exportControl = structuredClone(f.exportControl);
    if (f.carbon) {
        const c = f.carbon;
        model.carbon = { kg: c.kg, original: c.original, source: c.source, file: c.file, ...(c.kwh !== undefined ? { kwh: c.kwh } : {}) };
    }
    if (f.safety && f.safety.length > 0)
        model.safety = structuredClone(f.safety);
    if (f.vendor)
        model.vendorChecklist = vendorChecklist(model, asOf);
    return model;
}
function isFreshIndependent(a, limitDays) {
    return a.independent && a.ageDays !== undefined && a.ageDays >= 0 && a.ageDays <= limitDays;
}
/** True when at least one of the checks ran and every one that ran (not skipped) passed. */
function clean(model, ids) {
    const ran = model.checks.filter((c) => ids.includes(c.id) && c.outcome !== 'skipped');
    if (ran.length === 0)
        return undefined;
    return ran.every((c) => c.outcome === 'pass');
}
// Which checks count towards an item is written in each check's catalogue entry.
const CARD_CHECKS = (0,catalogue/* checksOfVendorItem */.Er)('card');
const PROVENANCE_CHECKS = (0,catalogue/* checksOfVendorItem */.Er)('datasetProvenance');
const EXPORT_CHECKS = (0,catalogue/* checksOfVendorItem */.Er)('exportControl');
const SAFETY_CHECKS = (0,catalogue/* checksOfVendorItem */.Er)('safetyTesting');
/**
 * The vendor checklist of a third-party model. Items are read from facts where facts exist, and from
 * check outcomes where only a check knows (sections, provenance fields), so a check turned off by
 * the policy does not make an item pass by itself.
 */
function vendorChecklist(model, asOf) {
    const reviewed = model.exportControl?.reviewed;
    return {
        card: model.card !== undefined && clean(model, CARD_CHECKS) !== false,
        datasetProvenance: model.datasets.length > 0 && model.datasets.every((d) => d.manifest !== undefined) && clean(model, PROVENANCE_CHECKS) !== false,
        audit: model.audit.independentFresh,
        carbon: model.carbon !== undefined,
        exportControl: reviewed !== undefined && (0,dates/* isIsoDate */.s6)(reviewed) && reviewed <= asOf && clean(model, EXPORT_CHECKS) !== false,
        safetyTesting: ['bias', 'red-team'].every((k) => model.safety?.some((s) => s.kind === k)) && clean(model, SAFETY_CHECKS) !== false,
    };
}

;// CONCATENATED MODULE: ./src/kpi/workforce.ts

const WORKFORCE_METHOD = 'Exposure = the full-time equivalents (FTE) each model card declares as affected (governance.workforce.roles[].fte), summed over the models. ' +
    'Reskilling programmes come from .github/modelgate-workforce.yml; a programme is running when the report date is within its period (start and end included), ' +
    'and only running programmes count. A programme covers a model when it lists the model\'s directory under models, or a role the card declares under roles ' +
    '(case-insensitive). Per model, coverage = headcount of the running programmes covering it / its FTE affected (a programme covering several models counts for each). ' +
    'Overall, coverage = headcount of all running programmes, each counted once / total FTE affected; budget is the running programmes\' budgets summed per currency. ' +
    'The trend replays the cards and the workforce file at every commit of the first-parent history of HEAD that changed one of them, with programmes running on the commit date.';
function kpiWorkforce(card) {
    const out = { fte: round6(card.roles.reduce((n, r) => n + r.fte, 0)), roles: card.roles.map((r) => ({ ...r })) };
    if (card.assessed)
        out.assessed = card.assessed;
    return out;
}
function kpiProgramme(p, repository, file) {
    return { repository, file, name: p.name, headcount: p.headcount, budget: { ...p.budget }, period: { ...p.period }, roles: [...p.roles], models: [...p.models] };
}
function programmeStatus(p, date) {
    if (date < p.period.start)
        return 'planned';
    return date > p.period.end ? 'ended' : 'running';
}
function covers(p, m) {
    if (p.repository !== m.repository)
        return false;
    if (p.models.includes(m.path))
        return true;
    const roles = new Set((m.workforce?.roles ?? []).map((r) => r.role.toLowerCase()));
    return p.roles.some((r) => roles.has(r.toLowerCase()));
}
function workforce_budgetOf(programmes) {
    const sums = new Map();
    for (const p of programmes)
        sums.set(p.budget.currency, (sums.get(p.budget.currency) ?? 0) + p.budget.amount);
    return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: round6(amount) }));
}
function coverage(headcount, fte) {
    return fte > 0 ? round4(headcount / fte) : null;
}
function workforceOf(input) {
    const running = input.programmes.filter((p) => programmeStatus(p, input.asOf) === 'running');
    const models = input.models
        .filter((m) => m.workforce !== undefined || running.some((p) => covers(p, m)))
        .map((m) => {
        const by = running.filter((p) => covers(p, m));
        const fte = m.workforce?.fte ?? 0;
        const headcount = by.reduce((n, p) => n + p.headcount, 0);
        return { repository: m.repository, path: m.path, name: m.name, fte, headcount, coverage: coverage(headcount, fte), programmes: by.map((p) => p.name) };
    })
        .sort((a, b) => (a.coverage ?? Infinity) - (b.coverage ?? Infinity) || b.fte - a.fte || a.path.localeCompare(b.path));
    const exposureFte = round6(input.models.reduce((n, m) => n + (m.workforce?.fte ?? 0), 0));
    const headcount = running.reduce((n, p) => n + p.headcount, 0);
    const programmes = [...input.programmes]
        .map((p) => ({ ...p, status: programmeStatus(p, input.asOf), covers: input.models.filter((m) => covers(p, m)).map((m) => m.path) }))
        .sort((a, b) => a.repository.localeCompare(b.repository) || a.period.start.localeCompare(b.period.start) || a.name.localeCompare(b.name));
    return { exposureFte, headcount, coverage: coverage(headcount, exposureFte), budget: workforce_budgetOf(running), models, programmes, trend: input.trend };
}
/** "120,000 EUR + 5,000 USD"; "none" when empty. */
function budgetText(budget) {
    if (budget.length === 0)
        return 'none';
    return budget.map((b) => `${b.amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${b.currency}`).join(' + ');
}
/** FTE and amounts are fractional: 6 decimals, so that 0.1 + 0.2 reads 0.3 in every output. */
function round6(n) {
    return Math.round(n * 1e6) / 1e6;
}

;// CONCATENATED MODULE: ./src/kpi/aggregate.ts
// Every repository-level figure of the KPI report, computed from the per-model records alone (plus
// the carbon trend). A single repository and a merged organisation go through the same code.






const METHODS = {
    compliance: SCORE_METHOD,
    highRiskAudit: 'Share = high-risk models (governance.risk_tier: high) covered by at least one independent audit (auditor.independent: true) ' +
        'whose date is at most the policy\'s audit.fresh max_age_days for the high tier before the report date (and not after it), ' +
        '/ all high-risk models. Only audits the card lists and whose scope covers the model count.',
    findings: 'Open findings are those with status open in the audits covering each model; a finding shared by several models counts once. ' +
        'Age is the number of days since the audit that raised it (findings carry no date of their own). ' +
        'A finding is overdue when it is still open after its due date. Lists show overdue findings first (most overdue first), then by severity, then oldest first.',
    datasets: 'A dataset (one manifest, counted once however many models use it) has a verified hash when it lists at least one file and every listed file\'s SHA-256 ' +
        'matched the file in the repository or its Git LFS pointer. Files in external storage, placeholders and wrong-length hashes are not verified.',
    vendors: 'Third-party models are those with governance.vendor in the card. Checklist per model: card (every card check that ran passed), dataset provenance ' +
        '(the card lists datasets, each resolves to a manifest, and the manifest and provenance checks that ran passed), audit (an independent audit within the ' +
        'policy\'s age limit for the model\'s tier), carbon (a carbon figure exists), export control (governance.export_control.reviewed is a date not after the report date, and export.control passed if it ran), ' +
        'bias and red-team testing (a bias and a red-team safety-evaluation record cover the model, and safety.bias and safety.redteam passed if they ran). ' +
        'Vendor score = items met / (6 x the vendor\'s models).',
    carbon: 'Carbon per model is the CodeCarbon or CycloneDX report the card names when it parses, else the card\'s co2_eq_emissions (grams), in kg CO2eq. ' +
        'The total adds the models that have a figure; energy (kWh) is added only where known. The trend reads the card and carbon report of every current model ' +
        'at each commit of the first-parent history of HEAD that changed one of them (git log and git cat-file, no checkout), and keeps the commits that changed a figure.',
    workforce: WORKFORCE_METHOD,
};
function aggregate_aggregate(input) {
    const models = [...input.models].sort((a, b) => a.repository.localeCompare(b.repository) || a.path.localeCompare(b.path));
    return {
        schemaVersion: 1,
        kind: 'modelgate-kpi',
        tool: { name: 'modelgate', version: input.toolVersion },
        generatedAt: input.generatedAt,
        asOf: input.asOf,
        gate: gateOf(models),
        repositories: input.repositories,
        methods: METHODS,
        tiers: tiersOf(models),
        highRiskAudit: highRiskOf(models),
        compliance: complianceOf(models),
        findings: findingsOf(models),
        datasets: datasetsOf(models),
        vendors: vendorsOf(models),
        carbon: carbonOf(models, input.trend),
        workforce: workforceOf({ asOf: input.asOf, models, programmes: input.programmes ?? [], trend: input.workforceTrend ?? { status: 'unavailable', reason: 'not read', shallow: false, commitsScanned: 0, points: [] } }),
        models,
    };
}
/** Reasons shown in the headline; `gate.reasons` lists them all. */
const HEADLINE_REASONS = 3;
function gateOf(models) {
    const failing = models.filter((m) => m.outcome === 'fail').length;
    const count = new Map();
    for (const m of models) {
        const blocking = new Set(m.checks.filter((c) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error')).map((c) => c.id));
        for (const id of blocking)
            count.set(id, (count.get(id) ?? 0) + 1);
    }
    const reasons = [...count]
        .sort(([a, x], [b, y]) => y - x || types/* CHECK_IDS */.Sh.indexOf(a) - types/* CHECK_IDS */.Sh.indexOf(b))
        .map(([check, n]) => ({ check, phrase: catalogue/* CHECK_PHRASES */.w4[check], models: n }));
    const n = models.length;
    let headline;
    if (n === 0)
        headline = 'No model found.';
    else if (failing === 0)
        headline = n === 1 ? 'The model passes the gate.' : `All ${n} models pass the gate.`;
    else {
        const shown = reasons.length <= HEADLINE_REASONS + 1 ? reasons : reasons.slice(0, HEADLINE_REASONS);
        const top = shown.map((r) => `${r.phrase} (${r.models})`);
        const more = shown.length < reasons.length ? `, and ${reasons.length - shown.length} more reasons` : '';
        headline = `${failing} of ${n} model${n > 1 ? 's' : ''} fail${failing > 1 ? '' : 's'} the gate${top.length > 0 ? `: ${top.join(', ')}${more}` : ''}.`;
    }
    return { models: n, failing, reasons, headline };
}
function tiersOf(models) {
    const t = Object.fromEntries(TIER_KEYS.map((k) => [k, 0]));
    for (const m of models)
        t[m.riskTier ?? 'unset']++;
    return t;
}
function highRiskOf(models) {
    const entries = models
        .filter((m) => m.riskTier === 'high')
        .map((m) => {
        const limit = m.audit.limitDays;
        const best = m.audit.audits.find((a) => isFreshIndependent(a, limit));
        const newestIndependent = m.audit.audits.find((a) => a.independent);
        const shown = best ?? newestIndependent;
        const entry = { repository: m.repository, path: m.path, name: m.name, ok: best !== undefined, limitDays: limit, reason: highRiskReason(m, best, newestIndependent) };
        if (shown) {
            entry.audit = { id: shown.id, ...(shown.date ? { date: shown.date } : {}), ...(shown.ageDays !== undefined ? { ageDays: shown.ageDays } : {}), ...(shown.auditor ? { auditor: shown.auditor } : {}) };
        }
        return entry;
    });
    const covered = entries.filter((e) => e.ok).length;
    return { models: entries.length, covered, share: entries.length === 0 ? null : round4(covered / entries.length), entries };
}
function highRiskReason(m, best, independent) {
    const limit = m.audit.limitDays;
    if (best)
        return `independent audit ${best.id} is ${best.ageDays} days old (limit ${limit})`;
    if (m.audit.audits.length === 0)
        return 'no audit covers the model';
    if (!independent)
        return `no independent audit (only ${m.audit.audits.map((a) => a.id).join(', ')})`;
    if (independent.ageDays === undefined)
        return `independent audit ${independent.id} has no date`;
    if (independent.ageDays < 0)
        return `independent audit ${independent.id} is dated in the future (${independent.date})`;
    return `newest independent audit ${independent.id} is ${independent.ageDays} days old; the limit is ${limit}`;
}
function complianceOf(models) {
    const byGroup = {};
    for (const g of KPI_GROUPS)
        byGroup[g] = addScores(models.map((m) => m.compliance.byGroup[g]));
    return { overall: addScores(models.map((m) => m.compliance.overall)), byGroup };
}
function ageBucket(days) {
    if (days === undefined || days < 0)
        return 'unknown';
    if (days <= 30)
        return '0-30';
    if (days <= 90)
        return '31-90';
    if (days <= 180)
        return '91-180';
    if (days <= 365)
        return '181-365';
    return '>365';
}
function zeroSeverities() {
    return Object.fromEntries(types/* SEVERITIES */.oC.map((s) => [s, 0]));
}
function findingsOf(models) {
    const byKey = new Map();
    for (const m of models) {
        for (const f of m.findings) {
            if (f.status !== 'open')
                continue;
            const key = JSON.stringify([m.repository, f.auditFile, f.id]);
            const existing = byKey.get(key);
            if (existing) {
                if (!existing.models.includes(m.path))
                    existing.models.push(m.path);
                continue;
            }
            byKey.set(key, {
                repository: m.repository,
                audit: f.audit,
                auditFile: f.auditFile,
                id: f.id,
                title: f.title,
                severity: f.severity,
                models: [m.path],
                ...(f.due ? { due: f.due } : {}),
                ...(f.owner ? { owner: f.owner } : {}),
                ...(f.auditDate ? { auditDate: f.auditDate } : {}),
                ...(f.ageDays !== undefined ? { ageDays: f.ageDays } : {}),
                ...(f.overdueDays !== undefined ? { overdueDays: f.overdueDays } : {}),
            });
        }
    }
    const items = [...byKey.values()].sort(compareFindings);
    const bySeverity = zeroSeverities();
    const byAge = AGE_BUCKETS.map((bucket) => ({ bucket, total: 0, bySeverity: zeroSeverities() }));
    for (const f of items) {
        bySeverity[f.severity]++;
        const row = byAge[AGE_BUCKETS.indexOf(ageBucket(f.ageDays))];
        if (row) {
            row.total++;
            row.bySeverity[f.severity]++;
        }
    }
    return { open: items.length, overdue: items.filter((f) => f.overdueDays !== undefined).length, bySeverity, byAge, items };
}
function compareFindings(a, b) {
    const overdue = (b.overdueDays ?? 0) - (a.overdueDays ?? 0);
    if (overdue !== 0)
        return overdue;
    const sev = types/* SEVERITIES */.oC.indexOf(a.severity) - types/* SEVERITIES */.oC.indexOf(b.severity);
    if (sev !== 0)
        return sev;
    const age = (b.ageDays ?? -1) - (a.ageDays ?? -1);
    if (age !== 0)
        return age;
    return a.repository.localeCompare(b.repository) || a.audit.localeCompare(b.audit) || a.id.localeCompare(b.id);
}
function datasetsOf(models) {
    const seen = new Map();
    for (const m of models) {
        for (const d of m.datasets) {
            const key = JSON.stringify([m.repository, d.manifest ?? `ref:${d.ref}`]);
            const existing = seen.get(key);
            if (existing) {
                if (!existing.entry.models.includes(m.path))
                    existing.entry.models.push(m.path);
                continue;
            }
            const verifiedFiles = d.files.filter((f) => f.verified).length;
            const ok = d.manifest !== undefined && d.files.length > 0 && verifiedFiles === d.files.length;
            const entry = {
                repository: m.repository,
                ref: d.ref,
                reason: unverifiedReason(d.manifest, d.files),
                files: d.files.length,
                verifiedFiles,
                models: [m.path],
                ...(d.manifest ? { manifest: d.manifest } : {}),
                ...(d.name ? { name: d.name } : {}),
            };
            seen.set(key, { entry, ok });
        }
    }
    const all = [...seen.values()];
    const unverified = all
        .filter((x) => !x.ok)
        .map((x) => x.entry)
        .sort((a, b) => a.repository.localeCompare(b.repository) || (a.manifest ?? a.ref).localeCompare(b.manifest ?? b.ref));
    return { total: all.length, verified: all.length - unverified.length, unverified };
}
/** The cause, as the datasets.hashes check words it per file (SHA-256 mismatch, not found…); counts only for reports that predate it. */
function unverifiedReason(manifest, files) {
    if (!manifest)
        return 'no manifest found for this dataset';
    if (files.length === 0)
        return 'the manifest lists no files';
    const failing = files.filter((f) => !f.verified);
    const causes = failing.flatMap((f) => (f.problem ? [f.problem] : []));
    if (causes.length === failing.length && causes.length > 0) {
        const shown = causes.slice(0, 3).join('; ');
        return causes.length > 3 ? `${shown}; and ${causes.length - 3} more file(s)` : shown;
    }
    const withoutHash = failing.filter((f) => !f.sha256).length;
    return [`${failing.length} of ${files.length} file(s) not verified`, ...(withoutHash > 0 ? [`${withoutHash} without a SHA-256`] : [])].join('; ');
}
function vendorsOf(models) {
    const byName = new Map();
    for (const m of models) {
        if (!m.vendor || !m.vendorChecklist)
            continue;
        const key = m.vendor.name.trim().toLowerCase();
        let v = byName.get(key);
        if (!v) {
            v = { name: m.vendor.name.trim(), models: [], items: Object.fromEntries(VENDOR_ITEMS.map((i) => [i, { met: 0, total: 0 }])), score: 0 };
            byName.set(key, v);
        }
        const checklist = m.vendorChecklist;
        const met = VENDOR_ITEMS.filter((i) => checklist[i]).length;
        v.models.push({ repository: m.repository, path: m.path, name: m.name, checklist, score: round4(met / VENDOR_ITEMS.length), ...(m.vendor.contract ? { contract: m.vendor.contract } : {}) });
        for (const i of VENDOR_ITEMS) {
            v.items[i].total++;
            if (checklist[i])
                v.items[i].met++;
        }
    }
    const out = [...byName.values()];
    for (const v of out) {
        const met = VENDOR_ITEMS.reduce((n, i) => n + v.items[i].met, 0);
        v.score = round4(met / (VENDOR_ITEMS.length * v.models.length));
    }
    return out.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
}
function carbonOf(models, trend) {
    const withFigure = models.filter((m) => m.carbon !== undefined);
    const withEnergy = withFigure.filter((m) => m.carbon?.kwh !== undefined);
    return {
        totalKg: aggregate_roundKg(withFigure.reduce((s, m) => s + (m.carbon?.kg ?? 0), 0)),
        totalKwh: aggregate_roundKg(withEnergy.reduce((s, m) => s + (m.carbon?.kwh ?? 0), 0)),
        modelsWithFigure: withFigure.length,
        modelsWithEnergy: withEnergy.length,
        withoutFigure: models.filter((m) => m.carbon === undefined).map((m) => ({ repository: m.repository, path: m.path, name: m.name })),
        trend,
    };
}
/** Sums of floating-point figures, rounded to 6 decimals so that 0.1 + 0.2 reads 0.3 in every output. */
function aggregate_roundKg(n) {
    return Math.round(n * 1e6) / 1e6;
}

// EXTERNAL MODULE: ./src/evidence/audit.ts
var audit = __webpack_require__(51178);
;// CONCATENATED MODULE: ./src/kpi/audits.ts



async function readAuditDetails(reader, report) {
    const files = [...new Set(report.models.flatMap((m) => m.facts.audits.map((a) => a.file)))];
    const out = new Map();
    await Promise.all(files.map(async (file) => {
        const r = await reader.read(file, store/* MAX_EVIDENCE_BYTES */.bU);
        if (r.kind !== 'ok')
            return;
        const text = (0,load/* decodeText */.g7)(r.bytes, file);
        const parsed = text.ok ? (0,audit/* parseAuditRecord */.o)(text.value, file) : undefined;
        if (!parsed?.ok)
            return;
        const details = {};
        if (parsed.value.standard)
            details.standard = parsed.value.standard;
        if (parsed.value.report)
            details.report = { ...parsed.value.report };
        out.set(file, details);
    }));
    return out;
}

// EXTERNAL MODULE: ./src/evidence/license.ts
var license = __webpack_require__(36342);
// EXTERNAL MODULE: ./src/evidence/safety.ts
var safety = __webpack_require__(76891);
;// CONCATENATED MODULE: ./src/kpi/cyclonedx.ts
// CycloneDX 1.6 ML-BOM of every model in a KPI report: a machine-learning-model component per model
// (licences, model card with dataset refs and environmental figures), a data component per dataset
// (SHA-256 hashes, licence), and the audits as declarations (assessors, claims, evidence,
// attestations). Only what the evidence states is written: no energy figure is made up to satisfy
// a required field; a carbon figure without energy goes into properties instead.




const SHA256 = /^[0-9a-f]{64}$/i;
/** RFC 4122 URL namespace; the name hashed into it is the BOM's own content. */
const UUID_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
function renderCycloneDx(kpi) {
    return JSON.stringify(buildCycloneDx(kpi), null, 2) + '\n';
}
function buildCycloneDx(kpi) {
    const refs = new RefNames();
    const datasetRefs = new Map();
    const dataComponents = [];
    for (const m of kpi.models) {
        for (const d of m.datasets) {
            const key = datasetKey(m.repository, d);
            if (datasetRefs.has(key))
                continue;
            const ref = refs.make(`dataset:${m.repository}:${d.manifest ?? d.ref}`);
            datasetRefs.set(key, ref);
            dataComponents.push(dataComponent(d, m.repository, ref));
        }
    }
    const modelRefs = new Map();
    for (const m of kpi.models)
        modelRefs.set(m, refs.make(`model:${m.repository}:${m.path || '.'}`));
    const modelComponents = kpi.models.map((m) => modelComponent(m, modelRefs.get(m) ?? '', m.datasets.map((d) => datasetRefs.get(datasetKey(m.repository, d)) ?? '')));
    const dependencies = kpi.models.map((m) => ({
        ref: modelRefs.get(m) ?? '',
        dependsOn: [...new Set(m.datasets.map((d) => datasetRefs.get(datasetKey(m.repository, d)) ?? ''))],
    }));
    const bom = {
        $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        serialNumber: '',
        version: 1,
        metadata: {
            timestamp: kpi.generatedAt,
            tools: { components: [{ type: 'application', name: 'modelgate', version: kpi.tool.version }] },
            properties: [{ name: 'modelgate:asOf', value: kpi.asOf }, ...kpi.repositories.map((r) => ({ name: 'modelgate:repository', value: r.name }))],
        },
        components: [...modelComponents, ...dataComponents],
        dependencies,
    };
    const declared = declarations(kpi, modelRefs, refs);
    if (declared) {
        bom.declarations = declared.declarations;
        bom.definitions = declared.definitions;
    }
    bom.serialNumber = `urn:uuid:${uuidV5(UUID_NAMESPACE, JSON.stringify(bom))}`;
    return bom;
}
function datasetKey(repository, d) {
    return JSON.stringify([repository, d.manifest ?? `ref:${d.ref}`]);
}
/** bom-refs must be unique in a BOM; a clash (two paths that differ only in odd ways) gets a suffix. */
class RefNames {
    used = new Set();
    make(base) {
        let ref = base;
        for (let i = 2; this.used.has(ref); i++)
            ref = `${base}#${i}`;
        this.used.add(ref);
        return ref;
    }
}
function modelComponent(m, ref, datasetRefs) {
    const properties = [
        { name: 'modelgate:path', value: m.path || '.' },
        { name: 'modelgate:riskTier', value: m.riskTier ?? 'unset' },
        { name: 'modelgate:verdict', value: m.outcome },
    ];
    if (m.compliance.overall.score !== null)
        properties.push({ name: 'modelgate:complianceScore', value: String(m.compliance.overall.score) });
    if (m.owner)
        properties.push({ name: 'modelgate:owner', value: m.owner });
    if (m.vendor?.contract)
        properties.push({ name: 'modelgate:vendor:contract', value: m.vendor.contract });
    if (m.exportControl?.classification)
        properties.push({ name: 'modelgate:exportControl:classification', value: m.exportControl.classification });
    if (m.exportControl?.reviewed)
        properties.push({ name: 'modelgate:exportControl:reviewed', value: m.exportControl.reviewed });
    const modelCard = { 'bom-ref': `${ref}/model-card` };
    const uniqueRefs = [...new Set(datasetRefs.filter(Boolean))];
    if (uniqueRefs.length > 0)
        modelCard.modelParameters = { datasets: uniqueRefs.map((r) => ({ ref: r })) };
    const env = environmental(m);
    const considerations = { ...(env ? { environmentalConsiderations: env } : {}), ...safetyConsiderations(m) };
    if (Object.keys(considerations).length > 0)
        modelCard.considerations = considerations;
    const metrics = (m.safety ?? []).flatMap((e) => e.results.map((r) => ({ type: `${r.metric} (${e.kind} ${e.id})`, value: r.value !== undefined ? String(r.value) : r.passed === undefined ? 'not stated' : r.passed ? 'pass' : 'fail', ...(r.slice ? { slice: r.slice } : {}) })));
    if (metrics.length > 0) {
        modelCard.quantitativeAnalysis = { performanceMetrics: metrics };
        // A CycloneDX performance metric has no threshold: each one's bound and verdict are properties.
        modelCard.properties = (m.safety ?? []).flatMap((e) => e.results.flatMap((r) => (r.passed === undefined ? [] : [{ name: `modelgate:safety:${e.id}:${r.metric}${r.slice ? `:${r.slice}` : ''}`, value: `${r.passed ? 'pass' : 'fail'}${r.max !== undefined || r.min !== undefined ? ` (must be ${(0,safety/* bounds */.O)(r.max, r.min)})` : ''}` }])));
    }
    const component = { type: 'machine-learning-model', 'bom-ref': ref, name: m.name, group: m.repository };
    if (m.vendor)
        component.supplier = { name: m.vendor.name };
    const licenses = licenseChoice(m.license);
    if (licenses)
        component.licenses = licenses;
    component.externalReferences = [...(m.card ? [{ type: 'model-card', url: m.card, comment: `Model card, path in repository ${m.repository}` }] : []), attestationReference(m)];
    component.modelCard = modelCard;
    component.properties = properties;
    return component;
}
/** Where the model's governance attestation is found: by its predicate type and any artifact's digest (docs/attestations.md). */
function attestationReference(m) {
    const signed = m.outcome === 'pass' ? `signed by the modelgate Action (attest: true); gh attestation verify <weights> --repo ${m.repository} --predicate-type ${statement_PREDICATE_TYPE}` : 'not signed: the model fails its checks';
    return { type: 'attestation', url: statement_PREDICATE_TYPE, comment: `modelgate governance attestation (in-toto statement ${statementFileName(m.path)}, written by modelgate attest); ${signed}` };
}
/** Safety evaluations as CycloneDX considerations: issues as ethical risks, bias slices as fairness assessments. */
function safetyConsiderations(m) {
    const evaluations = m.safety ?? [];
    const ethical = evaluations.flatMap((e) => e.issues.map((i) => ({ name: `${e.id}/${i.id}: ${i.title} (${i.severity}, ${i.status})`, ...(i.mitigation ? { mitigationStrategy: i.mitigation } : {}) })));
    const fairness = evaluations
        .filter((e) => e.kind === 'bias')
        .flatMap((e) => e.slices.map((slice) => {
        const failed = e.results.filter((r) => r.slice === slice && r.passed === false).map((r) => r.metric);
        return {
            groupAtRisk: slice,
            harms: failed.length > 0 ? `${e.id}: ${failed.join(', ')} outside threshold` : `${e.id}: no result outside its threshold`,
            ...(e.mitigations.length > 0 ? { mitigationStrategy: e.mitigations.join('; ') } : {}),
        };
    }));
    return { ...(ethical.length > 0 ? { ethicalConsiderations: ethical } : {}), ...(fairness.length > 0 ? { fairnessAssessments: fairness } : {}) };
}
function environmental(m) {
    const c = m.carbon;
    if (!c)
        return undefined;
    const about = [
        { name: 'modelgate:carbon:original', value: c.original },
        { name: 'modelgate:carbon:source', value: c.source },
        { name: 'modelgate:carbon:file', value: c.file },
    ];
    if (c.kwh === undefined) {
        // CycloneDX requires activityEnergyCost in every energyConsumption: without a kWh figure the
        // carbon figure is recorded as properties rather than next to an invented energy value.
        return { properties: [{ name: 'modelgate:carbon:kgCO2eq', value: String(c.kg) }, { name: 'modelgate:carbon:tCO2eq', value: String(c.kg / 1000) }, ...about] };
    }
    return {
        energyConsumptions: [
            {
                activity: 'training',
                // Required, but the evidence never names the grid operator: an empty list claims no provider.
                energyProviders: [],
                activityEnergyCost: { value: c.kwh, unit: 'kWh' },
                co2CostEquivalent: { value: c.kg / 1000, unit: 'tCO2eq' },
                properties: about,
            },
        ],
    };
}
function dataComponent(d, repository, ref) {
    const name = d.name ?? d.ref;
    const component = { type: 'data', 'bom-ref': ref, name, group: repository };
    const files = d.files.map((f) => ({ ...f, hash: f.sha256 && SHA256.test(f.sha256) ? f.sha256.toLowerCase() : undefined }));
    const only = files.length === 1 ? files[0] : undefined;
    if (only?.hash)
        component.hashes = [{ alg: 'SHA-256', content: only.hash }];
    const licenses = licenseChoice(d.license ? [d.license] : []);
    if (licenses)
        component.licenses = licenses;
    component.data = [{ type: 'dataset', name }];
    if (files.length > 1) {
        component.components = files.map((f, i) => ({
            type: 'file',
            'bom-ref': `${ref}/file/${i}`,
            name: f.path,
            ...(f.hash ? { hashes: [{ alg: 'SHA-256', content: f.hash }] } : {}),
            properties: fileProperties(f),
        }));
    }
    const properties = [{ name: 'modelgate:dataset:ref', value: d.ref }];
    if (d.manifest)
        properties.push({ name: 'modelgate:dataset:manifest', value: d.manifest });
    properties.push({ name: 'modelgate:dataset:hashesVerified', value: String(d.files.length > 0 && d.files.every((f) => f.verified)) });
    if (only)
        properties.push({ name: 'modelgate:file:path', value: only.path }, ...fileProperties(only));
    component.properties = properties;
    return component;
}
function fileProperties(f) {
    const out = [{ name: 'modelgate:file:sha256Verified', value: String(f.verified) }];
    if (f.sha256 && !f.hash)
        out.push({ name: 'modelgate:file:unverifiableHash', value: f.sha256 });
    if (f.size !== undefined)
        out.push({ name: 'modelgate:file:size', value: String(f.size) });
    return out;
}
/**
 * CycloneDX licence choice: exact-case SPDX ids as `license.id`; a single compound SPDX expression
 * as `expression`; Hugging Face-only ids (llama3.1, openrail…), `other` and free text as `license.name`.
 */
function licenseChoice(list) {
    const entries = list.map((l) => l.trim()).filter(Boolean);
    if (entries.length === 0)
        return undefined;
    const [first] = entries;
    if (entries.length === 1 && first !== undefined && (0,license/* toSpdxId */.U2)(first) === undefined) {
        const v = (0,license/* classifyLicense */.KL)(first);
        if (v.kind === 'spdx')
            return [{ expression: v.spdx }];
    }
    return entries.map((l) => {
        const id = (0,license/* toSpdxId */.U2)(l);
        return { license: id ? { id } : { name: l } };
    });
}
// ---------------------------------------------------------------------------------------------
// Audits as CycloneDX attestations.
function declarations(kpi, modelRefs, refs) {
    const assessors = new Map();
    const standards = new Map();
    const claims = [];
    const evidence = [];
    const attestations = new Map();
    for (const m of kpi.models) {
        const target = modelRefs.get(m) ?? '';
        for (const a of m.audit.audits) {
            const auditorName = a.auditor ?? 'unnamed auditor';
            const assessorKey = JSON.stringify([auditorName, a.independent]);
            let assessor = assessors.get(assessorKey);
            if (!assessor) {
                assessor = { 'bom-ref': refs.make(`assessor:${auditorName}`), thirdParty: a.independent, organization: { name: auditorName } };
                assessors.set(assessorKey, assessor);
            }
            const standardName = a.standard ?? 'unspecified';
            let std = standards.get(standardName);
            if (!std) {
                const requirement = refs.make(`requirement:${standardName}`);
                std = {
                    requirement,
                    standard: {
                        'bom-ref': refs.make(`standard:${standardName}`),
                        name: standardName,
                        requirements: [{ 'bom-ref': requirement, identifier: standardName, text: `Conformance with ${standardName}, as assessed by an audit` }],
                    },
                };
                standards.set(standardName, std);
            }
            const evidenceRef = refs.make(`evidence:${m.repository}:${a.file}:${m.path}`);
            evidence.push({
                'bom-ref': evidenceRef,
                propertyName: 'modelgate:auditRecord',
                description: `Audit record ${a.file} in ${m.repository}`,
                ...(a.date ? { created: `${a.date}T00:00:00Z` } : {}),
            });
            const claimRef = refs.make(`claim:${a.id}:${m.repository}:${m.path}`);
            const claim = {
                'bom-ref': claimRef,
                target,
                predicate: `${m.path || '.'} was audited by ${auditorName}${a.independent ? ' (independent)' : ' (not independent)'}${a.date ? ` on ${a.date}` : ''} against ${standardName} (audit ${a.id})`,
                evidence: [evidenceRef],
            };
            const reportRef = auditReportReference(a.report, a.independent);
            if (reportRef)
                claim.externalReferences = [reportRef];
            claims.push(claim);
            const counterClaims = [];
            for (const f of m.findings.filter((x) => x.auditFile === a.file && x.status === 'open')) {
                const ref = refs.make(`finding:${a.id}:${f.id}:${m.repository}:${m.path}`);
                counterClaims.push(ref);
                claims.push({
                    'bom-ref': ref,
                    target,
                    predicate: `Open finding ${f.id} (${f.severity}${f.due ? `, due ${f.due}` : ''}): ${f.title}`,
                    evidence: [evidenceRef],
                });
            }
            const attKey = JSON.stringify([m.repository, a.file]);
            let att = attestations.get(attKey);
            if (!att) {
                att = { summary: `Audit ${a.id}${a.date ? ` (${a.date})` : ''} by ${auditorName}`, assessor: String(assessor['bom-ref']), map: [] };
                attestations.set(attKey, att);
            }
            att.map.push({ requirement: std.requirement, claims: [claimRef], ...(counterClaims.length > 0 ? { counterClaims } : {}) });
        }
    }
    if (assessors.size === 0)
        return undefined;
    return {
        declarations: { assessors: [...assessors.values()], attestations: [...attestations.values()], claims, evidence },
        definitions: { standards: [...standards.values()].map((s) => s.standard) },
    };
}
function auditReportReference(report, independent) {
    const url = report?.url ?? report?.path;
    if (!url)
        return undefined;
    const ref = { type: independent ? 'certification-report' : 'risk-assessment', url, comment: 'Audit report' };
    if (report?.sha256 && SHA256.test(report.sha256))
        ref.hashes = [{ alg: 'SHA-256', content: report.sha256.toLowerCase() }];
    return ref;
}
/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
function uuidV5(namespace, name) {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    const hash = (0,external_node_crypto_.createHash)('sha1').update(ns).update(name, 'utf8').digest();
    const b = hash.subarray(0, 16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const hex = b.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/evidence/carbon.ts
var carbon = __webpack_require__(12312);
;// CONCATENATED MODULE: ./src/kpi/format.ts
// Number and label formatting shared by the Markdown and HTML renderers, and the trend sampling for charts.


function percent(share) {
    if (share === null)
        return '—';
    const p = share * 100;
    return `${Number.isInteger(p) ? p : p.toFixed(1)} %`;
}
function scoreText(s) {
    const extra = [s.waived ? `${s.waived} waived` : '', s.skipped ? `${s.skipped} skipped` : ''].filter(Boolean).join(', ');
    return `${percent(s.score)} (${s.pass} of ${s.evaluated})${extra ? `; ${extra}` : ''}`;
}
const TIER_LABEL = {
    prohibited: 'prohibited',
    high: 'high',
    limited: 'limited',
    minimal: 'minimal',
    unset: 'not set',
};
/** Risk-tier colours shared by the HTML bars and the Mermaid pie. */
const TIER_COLOR = { prohibited: '#6e0000', high: '#cf222e', limited: '#bf8700', minimal: '#1a7f37', unset: '#8c959f' };
const format_VENDOR_LABEL = {
    card: 'Model card',
    datasetProvenance: 'Dataset provenance',
    audit: 'Independent audit',
    carbon: 'Carbon',
    exportControl: 'Export-control review',
    safetyTesting: 'Bias and red-team testing',
};
function repositoriesLabel(kpi) {
    const names = kpi.repositories.map((r) => r.name);
    return names.length <= 3 ? names.join(', ') : `${names.length} repositories`;
}
/** Model label: path, prefixed with its repository when the report covers several. */
function format_modelLabel(kpi, m) {
    const path = m.path === '' ? '.' : m.path;
    return kpi.repositories.length > 1 ? `${m.repository}:${path}` : path;
}
/** Chart unit: tonnes when the largest value reaches 10 t, else kilograms. */
function carbonUnit(maxKg) {
    return maxKg >= 10_000 ? { unit: 't', factor: 1 / 1000 } : { unit: 'kg', factor: 1 };
}
function round3(n) {
    return Number(n.toPrecision(4));
}
/**
 * At most `max` points for a chart: the last point of each day, then evenly spaced days (the first
 * and the last always kept). The JSON report keeps every point.
 */
function sampleTrend(points, max) {
    const byDay = new Map();
    for (const p of points)
        byDay.set(p.date.slice(0, 10), p);
    const days = [...byDay.values()];
    if (days.length <= max)
        return days;
    const out = [];
    for (let i = 0; i < max; i++) {
        const p = days[Math.round((i * (days.length - 1)) / (max - 1))];
        if (p && out[out.length - 1] !== p)
            out.push(p);
    }
    return out;
}
/** FTE figures: at most two decimals ("12", "1.5", "0.33"). */
function fteText(n) {
    return String(Math.round(n * 100) / 100);
}
/** Why a workforce file's programmes are not counted, per repository. */
function workforceErrors(kpi) {
    return kpi.repositories.flatMap((r) => (r.workforce && r.workforce.errors.length > 0 ? [{ repository: r.name, errors: r.workforce.errors }] : []));
}
/** Headings of the "How these figures are computed" section, shared by the Markdown and HTML reports. */
const METHOD_LABELS = {
    compliance: 'Compliance score',
    highRiskAudit: 'High-risk audit coverage',
    findings: 'Open findings',
    datasets: 'Verified datasets',
    vendors: 'Third-party models',
    carbon: 'Carbon',
    workforce: 'Workforce',
};
const METHOD_KEYS = Object.keys(METHOD_LABELS);

;// CONCATENATED MODULE: ./src/kpi/vendor.ts

/** What a procurement team asks a supplier for when an item is not met. */
const vendor_VENDOR_REQUEST = {
    card: 'A model card (Hugging Face format) with governance metadata: risk tier, owner, intended use, licence, limitations, training data and evaluation.',
    datasetProvenance: 'A manifest for every training and evaluation dataset (datasheet or Croissant) with its source, licence, collection method and the SHA-256 of each file.',
    audit: 'An independent audit of the model, no older than the age limit for its risk tier: auditor, date, scope, standard, findings with severity and remediation status, and the report with its SHA-256.',
    carbon: 'The training emissions: a CodeCarbon or CycloneDX report, or co2_eq_emissions in the card.',
    exportControl: 'The export-control classification (e.g. ECCN or EAR99), the jurisdictions it was assessed under, and the date of the review.',
    safetyTesting: 'Bias and red-team evaluation results: evaluator and independence, method or standard, data slices, metrics against thresholds, issues found with their status, and mitigations.',
};
const vendor_CARD_CHECKS = ['card.present', 'card.metadata', 'card.fields', 'card.sections', 'card.license'];
const vendor_PROVENANCE_CHECKS = ['datasets.manifest', 'datasets.provenance'];
function failing(m, ids) {
    return m.checks.filter((c) => ids.includes(c.id) && c.outcome !== 'pass' && c.outcome !== 'skipped').map((c) => c.id);
}
function checksWhy(m, ids) {
    const bad = failing(m, ids);
    return bad.length > 0 ? `${bad.join(', ')} did not pass` : '';
}
/** The six items of one third-party model, in checklist order. */
function vendor_vendorItemViews(m) {
    const checklist = m.vendorChecklist;
    const card = m.card ? [{ path: m.card, label: 'model card' }] : [];
    return VENDOR_ITEMS.map((item) => {
        const met = checklist?.[item] ?? false;
        const { evidence, why } = details(m, item, card);
        return { item, met, evidence, why: met ? '' : why || 'not met' };
    });
}
function details(m, item, card) {
    switch (item) {
        case 'card':
            return { evidence: card, why: m.card ? checksWhy(m, vendor_CARD_CHECKS) : 'the model has no card' };
        case 'datasetProvenance': {
            const evidence = m.datasets.flatMap((d) => (d.manifest ? [{ path: d.manifest, label: `dataset ${d.name ?? d.ref}` }] : []));
            const missing = m.datasets.filter((d) => !d.manifest).map((d) => d.ref);
            const why = m.datasets.length === 0 ? 'the card lists no dataset' : missing.length > 0 ? `no manifest for ${missing.join(', ')}` : checksWhy(m, vendor_PROVENANCE_CHECKS);
            return { evidence, why };
        }
        case 'audit': {
            const evidence = m.audit.audits.flatMap((a) => {
                const label = `audit ${a.id}${a.date ? ` (${a.date})` : ''}${a.independent ? ', independent' : ''}`;
                const report = a.report?.path ? [{ path: a.report.path, label: `audit ${a.id} report` }] : a.report?.url ? [{ url: a.report.url, label: `audit ${a.id} report` }] : [];
                return [{ path: a.file, label }, ...report];
            });
            const independent = m.audit.audits.find((a) => a.independent);
            const why = m.audit.audits.length === 0
                ? 'no audit covers the model'
                : !independent
                    ? 'no independent audit'
                    : `no independent audit within ${m.audit.limitDays} days (newest: ${independent.id}, ${independent.ageDays ?? 'undated'}${independent.ageDays !== undefined ? ' days old' : ''})`;
            return { evidence, why };
        }
        case 'carbon':
            return { evidence: m.carbon ? [{ path: m.carbon.file, label: `carbon figure (${m.carbon.source})` }] : [], why: 'no carbon figure' };
        case 'exportControl': {
            const ec = m.exportControl;
            const why = !ec ? 'no governance.export_control in the card' : !ec.reviewed ? 'no review date (governance.export_control.reviewed)' : checksWhy(m, ['export.control']) || `review date ${ec.reviewed} is not a past date`;
            const label = ec ? `export control: ${[ec.classification ?? 'no classification', ...(ec.reviewed ? [`reviewed ${ec.reviewed}`] : [])].join(', ')}` : '';
            return { evidence: ec && m.card ? [{ path: m.card, label }] : [], why };
        }
        case 'safetyTesting': {
            const safety = m.safety ?? [];
            const evidence = safety.map((s) => ({ path: s.file, label: `${s.kind} evaluation ${s.id}${s.date ? ` (${s.date})` : ''}` }));
            const kinds = ['bias', 'red-team'].filter((k) => !safety.some((s) => s.kind === k));
            const why = kinds.length > 0 ? `no ${kinds.join(' and no ')} evaluation covers the model` : checksWhy(m, ['safety.bias', 'safety.redteam']);
            return { evidence, why };
        }
    }
}
function vendor_vendorModels(kpi, v) {
    return v.models.flatMap((ref) => kpi.models.filter((m) => m.repository === ref.repository && m.path === ref.path));
}
/** Items met over all the vendor's models, e.g. "4 of 6". */
function itemsMet(v) {
    return VENDOR_ITEMS.reduce((acc, i) => ({ met: acc.met + v.items[i].met, total: acc.total + v.items[i].total }), { met: 0, total: 0 });
}
/** Finds vendors by name, case-insensitive; undefined picks all. */
function pickVendors(kpi, name) {
    if (name === undefined)
        return kpi.vendors;
    const wanted = name.trim().toLowerCase();
    const found = kpi.vendors.filter((v) => v.name.toLowerCase() === wanted);
    return found.length > 0 ? found : { unknown: name, known: kpi.vendors.map((v) => v.name) };
}
/** A repository-relative path as a link target: every segment percent-encoded, so no scheme, query or Markdown syntax survives. */
function pathHref(path) {
    return path
        .split('/')
        .filter((s) => s !== '' && s !== '.')
        .map((s) => encodeURIComponent(s).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}
/** An http(s) URL normalised by the URL parser, with the characters Markdown link syntax reads encoded; undefined otherwise. */
function urlHref(url) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return undefined;
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
        return undefined;
    return u.href.replace(/[()<>"' ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

;// CONCATENATED MODULE: ./src/kpi/svg.ts
// Inline SVG charts for the HTML board pack: no script, no font or stylesheet to fetch, readable in
// grey when printed (every bar and point carries its number as text).

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"';
function esc(s) {
    return (0,report_escape/* html */.qy)(s);
}
function num(n) {
    return String(Math.round(n * 100) / 100);
}
/** Horizontal bars, one row per item, scaled to `max` (default: the largest value). */
function barChart(bars, options) {
    const width = options.width ?? 640;
    const labelWidth = options.labelWidth ?? 180;
    const row = 26;
    const top = 8;
    const valueWidth = 110;
    const plot = width - labelWidth - valueWidth - 16;
    const max = options.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
    const height = top * 2 + bars.length * row;
    const rows = bars.map((b, i) => {
        const y = top + i * row;
        const w = max > 0 ? Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot) : 0;
        const label = truncate(b.label, Math.floor(labelWidth / 7));
        return [
            `<text x="${labelWidth - 8}" y="${num(y + 17)}" text-anchor="end" font-size="12" fill="#1f2328">${esc(label)}</text>`,
            `<rect x="${labelWidth}" y="${num(y + 5)}" width="${num(plot)}" height="16" fill="#eef1f4"/>`,
            `<rect x="${labelWidth}" y="${num(y + 5)}" width="${num(w)}" height="16" fill="${b.color ?? '#2f6fb0'}"/>`,
            `<text x="${num(labelWidth + plot + 8)}" y="${num(y + 17)}" font-size="12" fill="#1f2328">${esc(b.display ?? String(b.value))}</text>`,
        ].join('');
    });
    return svg(width, height, options.title, rows.join(''));
}
/**
 * A step line over time: a figure holds until the next change. Axis labels are dates (YYYY-MM-DD);
 * the last value is written at the end of the line.
 */
function stepChart(points, options) {
    const width = options.width ?? 760;
    const height = options.height ?? 260;
    const left = 64;
    const right = 24;
    const top = 16;
    const bottom = 40;
    const plotW = width - left - right;
    const plotH = height - top - bottom;
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last)
        return svg(width, 40, options.title, `<text x="8" y="24" font-size="12">No data</text>`);
    const t0 = first.t;
    // The last figure holds until the report date.
    const end = options.until !== undefined && options.until > last.t ? options.until : last.t;
    const t1 = end > t0 ? end : t0 + 86_400_000;
    const yMax = niceMax(Math.max(...points.map((p) => p.value)));
    const x = (t) => left + ((t - t0) / (t1 - t0)) * plotW;
    const y = (v) => top + plotH - (v / yMax) * plotH;
    const parts = [];
    const steps = yTicks(yMax);
    for (let i = 0; i <= steps; i++) {
        const v = (yMax * i) / steps;
        const yy = y(v);
        parts.push(`<line x1="${left}" y1="${num(yy)}" x2="${left + plotW}" y2="${num(yy)}" stroke="#d0d7de" stroke-width="1"/>`);
        parts.push(`<text x="${left - 6}" y="${num(yy + 4)}" text-anchor="end" font-size="11" fill="#57606a">${esc(formatTick(v))}</text>`);
    }
    for (let i = 0; i <= 4; i++) {
        const t = t0 + ((t1 - t0) * i) / 4;
        const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
        parts.push(`<text x="${num(x(t))}" y="${height - bottom + 18}" text-anchor="${anchor}" font-size="11" fill="#57606a">${new Date(t).toISOString().slice(0, 10)}</text>`);
    }
    let d = `M${num(x(first.t))},${num(y(first.value))}`;
    for (let i = 1; i < points.length; i++) {
        const p = points[i];
        const prev = points[i - 1];
        if (!p || !prev)
            continue;
        d += ` L${num(x(p.t))},${num(y(prev.value))} L${num(x(p.t))},${num(y(p.value))}`;
    }
    if (end > last.t)
        d += ` L${num(x(end))},${num(y(last.value))}`;
    parts.push(`<path d="${d}" fill="none" stroke="#2f6fb0" stroke-width="2"/>`);
    if (points.length <= 60)
        for (const p of points)
            parts.push(`<circle cx="${num(x(p.t))}" cy="${num(y(p.value))}" r="2.5" fill="#2f6fb0"/>`);
    parts.push(`<text x="${num(x(end))}" y="${num(Math.max(12, y(last.value) - 8))}" text-anchor="end" font-size="12" font-weight="600" fill="#1f2328">${esc(`${formatTick(last.value)} ${options.unit}`)}</text>`);
    parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#57606a" stroke-width="1"/>`);
    parts.push(`<text x="12" y="${num(top + plotH / 2)}" font-size="11" fill="#57606a" transform="rotate(-90 12 ${num(top + plotH / 2)})" text-anchor="middle">${esc(options.unit)}</text>`);
    return svg(width, height, options.title, parts.join(''));
}
function svg(width, height, title, body) {
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT}><title>${esc(title)}</title>${body}</svg>`;
}
function truncate(s, max) {
    return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}
function niceMax(n) {
    if (!(n > 0))
        return 1;
    const p = 10 ** Math.floor(Math.log10(n));
    for (const m of [1, 2, 2.5, 5, 10])
        if (m * p >= n * 1.05)
            return m * p;
    return 10 * p;
}
/** Intervals that give round tick values for a niceMax() maximum (25 -> 5 x 5, 20 -> 4 x 5). */
function yTicks(max) {
    const mantissa = Number((max / 10 ** Math.floor(Math.log10(max))).toPrecision(3));
    return mantissa === 2 ? 4 : 5;
}
function formatTick(v) {
    if (v === 0)
        return '0';
    if (Math.abs(v) >= 1000)
        return `${Number((v / 1000).toPrecision(3))}k`;
    return String(Number(v.toPrecision(3)));
}

;// CONCATENATED MODULE: ./src/kpi/html.ts
// The KPI report as one self-contained HTML file (a board pack): inline CSS and SVG, no script, no
// external font, stylesheet or image; a Content-Security-Policy forbids loading anything. Print CSS
// gives A4 pages, repeated table headers and page breaks between the major sections.







const SEVERITY_COLOR = { critical: '#6e0000', high: '#cf222e', medium: '#bf8700', low: '#2f6fb0', info: '#8c959f' };
const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; break-after: avoid; }
h3 { font-size: 15px; margin: 18px 0 8px; break-after: avoid; }
p { margin: 6px 0 10px; }
.meta { color: #57606a; margin-bottom: 18px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 16px 0 8px; }
.headline { font-size: 24px; font-weight: 650; border-radius: 8px; padding: 12px 16px; margin: 12px 0 4px; break-inside: avoid; }
.headline.bad { color: #82071e; background: #ffebe9; border: 1px solid #cf222e; }
.headline.good { color: #116329; background: #dafbe1; border: 1px solid #1a7f37; }
.reasons { margin: 6px 0 12px; }
.tile { border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 14px; break-inside: avoid; }
.tile .value { font-size: 24px; font-weight: 650; }
.tile .label { color: #57606a; font-size: 12.5px; }
.tile.bad .value { color: #cf222e; }
.tile.good .value { color: #1a7f37; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 12.5px; }
th, td { border: 1px solid #d0d7de; padding: 5px 7px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; overflow-wrap: break-word; }
.ok { color: #1a7f37; font-weight: 600; }
.no { color: #cf222e; font-weight: 600; }
.ok, .no, .nowrap { white-space: nowrap; }
.warn { color: #9a6700; }
.alert { border-left: 4px solid #cf222e; background: #fff5f5; padding: 8px 12px; margin: 12px 0; }
.note { border-left: 4px solid #bf8700; background: #fff8e5; padding: 8px 12px; margin: 12px 0; }
figure { margin: 10px 0 14px; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 12px; }
.methods dt { font-weight: 600; margin-top: 8px; }
.methods dd { margin: 2px 0 6px 0; }
footer { color: #57606a; font-size: 12px; margin-top: 28px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 11.5px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  .new-page { break-before: page; }
  h2 { margin-top: 0; }
  section { margin-top: 18px; }
  a { color: inherit; text-decoration: none; }
}
`;
function renderKpiHtml(kpi, options = {}) {
    const max = options.maxRows ?? 500;
    const title = `Model governance KPI report: ${repositoriesLabel(kpi)} (${kpi.asOf})`;
    const body = [cover(kpi), tiersSection(kpi), highRiskSection(kpi, max), complianceSection(kpi, max), findingsSection(kpi, max), datasetsSection(kpi, max), vendorsSection(kpi, max), carbonSection(kpi, max), workforceSection(kpi, max), methodsSection(kpi)].join('\n');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="modelgate ${h(kpi.tool.version)}">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
<footer>Generated ${h(kpi.generatedAt)} by modelgate ${h(kpi.tool.version)} · KPI report schema v${kpi.schemaVersion}</footer>
</main>
</body>
</html>
`;
}
function h(s) {
    return (0,report_escape/* html */.qy)(s);
}
/** Code text; paths may break after a slash rather than anywhere. */
function c(s) {
    return `<code>${h(s).replace(/\//g, '/<wbr>')}</code>`;
}
/** A date (or other short token) that must not wrap in a narrow column. */
function d(s) {
    return `<span class="nowrap">${h(s)}</span>`;
}
function table(columns, rows, max, what = 'rows') {
    const cols = columns.map((x) => (typeof x === 'string' ? { head: x } : x));
    const head = `<thead><tr>${cols.map((x) => `<th${x.num ? ' class="num"' : ''}>${x.head}</th>`).join('')}</tr></thead>`;
    const body = rows
        .slice(0, max)
        .map((r) => `<tr>${r.map((cell, i) => `<td${cols[i]?.num ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`)
        .join('');
    const more = rows.length > max ? `<p>…and ${rows.length - max} more ${what} (the JSON report lists them all).</p>` : '';
    return `<table>${head}<tbody>${body}</tbody></table>${more}`;
}
function figure(svg, caption) {
    return `<figure>${svg}<figcaption>${h(caption)}</figcaption></figure>`;
}
function tile(value, label, tone = '') {
    return `<div class="tile ${tone}"><div class="value">${h(value)}</div><div class="label">${h(label)}</div></div>`;
}
function cover(kpi) {
    const hr = kpi.highRiskAudit;
    const meta = [`As of <strong>${h(kpi.asOf)}</strong>`, `${kpi.models.length} model(s)`, `${kpi.repositories.length} repositor${kpi.repositories.length === 1 ? 'y' : 'ies'}`];
    const parts = [`<header><h1>Model governance KPI report</h1><div class="meta">${h(repositoriesLabel(kpi))} · ${meta.join(' · ')}</div></header>`];
    const errors = kpi.repositories.flatMap((r) => r.policy.errors.map((e) => `<li>${kpi.repositories.length > 1 ? `${c(r.name)}: ` : ''}${h(e)}</li>`));
    if (errors.length > 0)
        parts.push(`<div class="alert"><strong>The policy configuration is invalid.</strong> The checks ran with the baseline preset, so these figures do not reflect the intended policy.<ul>${errors.join('')}</ul></div>`);
    parts.push(gateHeadline(kpi));
    const overall = kpi.compliance.overall;
    parts.push(`<div class="tiles">${[
        tile(String(kpi.models.length), `models (${kpi.tiers.high} high-risk)`),
        tile(hr.models === 0 ? '—' : percent(hr.share), hr.models === 0 ? 'no high-risk model' : `high-risk models with a fresh independent audit (${hr.covered} of ${hr.models})`, hr.models === 0 ? '' : hr.covered === hr.models ? 'good' : 'bad'),
        tile(percent(overall.score), `compliance score (${overall.pass} of ${overall.evaluated} checks pass)`),
        tile(String(kpi.findings.open), `open audit findings, ${kpi.findings.overdue} overdue`, kpi.findings.overdue > 0 ? 'bad' : ''),
        tile(`${kpi.datasets.unverified.length} / ${kpi.datasets.total}`, 'datasets without a verified hash', kpi.datasets.unverified.length > 0 ? 'bad' : kpi.datasets.total > 0 ? 'good' : ''),
        tile(String(kpi.vendors.reduce((n, v) => n + v.models.length, 0)), `third-party models from ${kpi.vendors.length} vendor(s)`),
        tile((0,carbon/* formatKg */.KC)(kpi.carbon.totalKg), `CO2eq reported for ${kpi.carbon.modelsWithFigure} of ${kpi.models.length} model(s)`),
        tile(`${kpi.workforce.headcount} / ${fteText(kpi.workforce.exposureFte)}`, `people in running reskilling / FTE affected by the models (${percent(kpi.workforce.coverage)})`, kpi.workforce.exposureFte === 0 ? '' : kpi.workforce.headcount >= kpi.workforce.exposureFte ? 'good' : 'bad'),
    ].join('')}</div>`);
    if (kpi.repositories.length === 1) {
        const r = kpi.repositories[0];
        if (r)
            parts.push(`<p class="meta">Policy: ${h(r.policy.source)}${r.policy.extends ? ` (extends ${c(r.policy.extends)})` : ''}${r.head ? ` · commit ${c(r.head.slice(0, 12))}` : ''}</p>`);
    }
    else {
        parts.push(table(['Repository', 'As of', { head: 'Models', num: true }, 'Verdict', 'Policy'], kpi.repositories.map((r) => [c(r.name), d(r.asOf), String(r.models), h(r.verdict), h(r.policy.source)]), 1000));
    }
    return `<section>${parts.join('\n')}</section>`;
}
/** The first thing read: how many models fail the gate and the checks that fail them, before any percentage. */
function gateHeadline(kpi) {
    const g = kpi.gate;
    const tone = g.failing > 0 ? 'bad' : g.models > 0 ? 'good' : '';
    const reasons = g.reasons.map((r) => `<li>${h(r.phrase)} (${c(r.check)}): ${r.models} of ${g.models} model(s)</li>`).join('');
    return `<p class="headline ${tone}" id="gate">${h(g.headline)}</p>${reasons ? `<ul class="reasons">${reasons}</ul>` : ''}`;
}
function tiersSection(kpi) {
    const present = TIER_KEYS.filter((t) => kpi.tiers[t] > 0);
    const chart = present.length === 0 ? '<p>No model.</p>' : figure(barChart(present.map((t) => ({ label: TIER_LABEL[t], value: kpi.tiers[t], color: TIER_COLOR[t] })), { title: 'Models by risk tier', labelWidth: 110, width: 520 }), 'Models by governance.risk_tier in the model card.');
    return `<section><h2>1. Models by risk tier</h2>${chart}</section>`;
}
function highRiskSection(kpi, max) {
    const hr = kpi.highRiskAudit;
    if (hr.models === 0)
        return `<section><h2>2. High-risk models: independent audit</h2><p>No model has <code>governance.risk_tier: high</code>.</p></section>`;
    const rows = [...hr.entries]
        .sort((a, b) => Number(a.ok) - Number(b.ok) || a.path.localeCompare(b.path))
        .map((e) => [yesNo(e.ok), c(format_modelLabel(kpi, e)), e.audit ? `${h(e.audit.id)}${e.audit.auditor ? ` (${h(e.audit.auditor)})` : ''}` : '—', d(e.audit?.date ?? '—'), e.audit?.ageDays !== undefined ? String(e.audit.ageDays) : '—', String(e.limitDays), h(e.reason)]);
    return `<section><h2>2. High-risk models: independent audit within the policy's age limit</h2>
<p><strong>${hr.covered} of ${hr.models} (${percent(hr.share)})</strong> high-risk models are covered by an independent audit younger than the policy's limit.</p>
${table(['', 'Model', 'Independent audit', 'Date', { head: 'Age (days)', num: true }, { head: 'Limit (days)', num: true }, 'Why'], rows, max, 'models')}</section>`;
}
function yesNo(ok) {
    return ok ? '<span class="ok">✔ yes</span>' : '<span class="no">✘ no</span>';
}
function complianceSection(kpi, max) {
    const groups = KPI_GROUPS.filter((g) => kpi.compliance.byGroup[g].evaluated + kpi.compliance.byGroup[g].waived + kpi.compliance.byGroup[g].skipped > 0);
    const bars = groups.map((g) => ({ label: g, value: (kpi.compliance.byGroup[g].score ?? 0) * 100, display: percent(kpi.compliance.byGroup[g].score) }));
    bars.push({ label: 'all checks', value: (kpi.compliance.overall.score ?? 0) * 100, display: percent(kpi.compliance.overall.score) });
    const scoreRow = (label, s) => [label, percent(s.score), String(s.pass), String(s.evaluated), String(s.fail), String(s.warn), String(s.error), String(s.waived), String(s.skipped)];
    const numCols = ['Score', 'Passed', 'Evaluated', 'Failed', 'Warnings', 'Errors', 'Waived', 'Skipped'].map((x) => ({ head: x, num: true }));
    const models = [...kpi.models].sort((a, b) => (a.compliance.overall.score ?? 2) - (b.compliance.overall.score ?? 2) || a.path.localeCompare(b.path));
    const modelRows = models.map((m) => [c(format_modelLabel(kpi, m)), h(m.riskTier ?? '—'), m.outcome === 'pass' ? '<span class="ok">pass</span>' : '<span class="no">fail</span>', h(scoreText(m.compliance.overall)), ...groups.map((g) => percent(m.compliance.byGroup[g].score))]);
    return `<section class="new-page"><h2>3. Compliance score</h2>
<p>Overall <strong>${h(scoreText(kpi.compliance.overall))}</strong>. ${h(kpi.methods.compliance)}</p>
${figure(barChart(bars, { title: 'Compliance score by check group', max: 100, labelWidth: 110, width: 560 }), 'Share of evaluated checks that pass, per check group.')}
${table(['Check group', ...numCols], [...groups.map((g) => scoreRow(g, kpi.compliance.byGroup[g])), scoreRow('<strong>all</strong>', kpi.compliance.overall)], 100)}
<h3>Per model (lowest score first)</h3>
${table(['Model', 'Tier', 'Verdict', 'Score', ...groups.map((g) => ({ head: g, num: true }))], modelRows, max, 'models')}</section>`;
}
function findingsSection(kpi, max) {
    const f = kpi.findings;
    if (f.open === 0)
        return `<section class="new-page"><h2>4. Open audit findings</h2><p>No open finding in the audits that cover the models.</p></section>`;
    const sevs = types/* SEVERITIES */.oC.filter((s) => f.bySeverity[s] > 0);
    const chart = barChart(sevs.map((s) => ({ label: s, value: f.bySeverity[s], color: SEVERITY_COLOR[s] })), { title: 'Open findings by severity', labelWidth: 90, width: 480 });
    const ageRows = f.byAge.filter((r) => r.total > 0).map((r) => [h(r.bucket === 'unknown' ? 'unknown (audit undated)' : `${r.bucket} days`), ...sevs.map((s) => String(r.bySeverity[s])), String(r.total)]);
    ageRows.push(['<strong>all</strong>', ...sevs.map((s) => String(f.bySeverity[s])), String(f.open)]);
    const rows = f.items.map((x) => [
        x.overdueDays !== undefined ? `<span class="no">${x.overdueDays} d overdue</span>` : '',
        `${h(x.audit)} / ${h(x.id)}: ${h(x.title)}`,
        `<span style="color:${SEVERITY_COLOR[x.severity]};font-weight:600">${h(x.severity)}</span>`,
        x.models.map((p) => c(format_modelLabel(kpi, { repository: x.repository, path: p }))).join(', '),
        d(x.due ?? '—'),
        x.ageDays !== undefined ? String(x.ageDays) : '—',
        h(x.owner ?? '—'),
    ]);
    return `<section class="new-page"><h2>4. Open audit findings</h2>
<p><strong>${f.open} open, ${f.overdue} overdue.</strong> Age is counted from the date of the audit that raised the finding.</p>
${figure(chart, 'Open findings in the audits covering the models, by severity.')}
<h3>By age and severity</h3>
${table(['Age', ...sevs.map((s) => ({ head: h(s), num: true })), { head: 'Total', num: true }], ageRows, 100)}
<h3>Open findings, overdue first</h3>
${table(['Overdue', 'Finding', 'Severity', 'Model(s)', 'Due', { head: 'Age (days)', num: true }, 'Owner'], rows, max, 'findings')}</section>`;
}
function datasetsSection(kpi, max) {
    const d = kpi.datasets;
    const head = '<h2>5. Datasets without a verified hash</h2>';
    if (d.total === 0)
        return `<section>${head}<p>The models list no dataset.</p></section>`;
    if (d.unverified.length === 0)
        return `<section>${head}<p class="ok">All ${d.total} dataset(s) have every file verified against its SHA-256.</p></section>`;
    const rows = d.unverified.map((x) => [c(x.name ?? x.ref), x.manifest ? c(x.manifest) : '—', h(x.reason), x.models.map((p) => c(format_modelLabel(kpi, { repository: x.repository, path: p }))).join(', ')]);
    return `<section>${head}<p><strong>${d.unverified.length} of ${d.total}</strong> dataset(s) used by the models have a file whose SHA-256 could not be verified.</p>
${table(['Dataset', 'Manifest', 'Why', 'Used by'], rows, max, 'datasets')}</section>`;
}
function vendorsSection(kpi, max) {
    const head = '<h2>6. Third-party models</h2>';
    if (kpi.vendors.length === 0)
        return `<section>${head}<p>No model names a vendor (<code>governance.vendor</code>).</p></section>`;
    const chart = barChart(kpi.vendors.map((v) => ({ label: v.name, value: v.score * 100, display: percent(v.score) })), { title: 'Vendor checklist score', max: 100, labelWidth: 200, width: 600 });
    const summaryRows = kpi.vendors.map((v) => [h(v.name), String(v.models.length), ...VENDOR_ITEMS.map((i) => `${v.items[i].met}/${v.items[i].total}`), `<strong>${percent(v.score)}</strong>`]);
    const modelRows = kpi.vendors.flatMap((v) => v.models.map((m) => [h(v.name), c(format_modelLabel(kpi, m)), h(m.contract ?? '—'), ...VENDOR_ITEMS.map((i) => yesNo(m.checklist[i])), percent(m.score)]));
    return `<section>${head}
${figure(chart, 'Share of checklist items met over each vendor\'s models.')}
${table(['Vendor', { head: 'Models', num: true }, ...VENDOR_ITEMS.map((i) => format_VENDOR_LABEL[i]), { head: 'Score', num: true }], summaryRows, max, 'vendors')}
<h3>Per model</h3>
${table(['Vendor', 'Model', 'Contract', ...VENDOR_ITEMS.map((i) => format_VENDOR_LABEL[i]), { head: 'Score', num: true }], modelRows, max, 'models')}
<p>Vendor score: ${h(kpi.methods.vendors)}</p>
${kpi.vendors.slice(0, max).map((v) => vendorDueDiligence(kpi, v, max)).join('\n')}</section>`;
}
/** One vendor as the checklist reads: per model, the six items met or not, with links to the evidence. */
function vendorDueDiligence(kpi, v, max) {
    const { met, total } = itemsMet(v);
    const parts = [`<h3>Vendor: ${h(v.name)}: ${met} of ${total} checklist items met (vendor score ${percent(v.score)})</h3>`];
    for (const m of vendor_vendorModels(kpi, v)) {
        const ref = v.models.find((x) => x.repository === m.repository && x.path === m.path);
        parts.push(`<p>${c(format_modelLabel(kpi, m))}${ref?.contract ? ` · contract ${h(ref.contract)}` : ''} · risk tier ${h(m.riskTier ?? 'not set')} · ${percent(ref?.score ?? null)} of items met</p>`);
        const rows = vendor_vendorItemViews(m).map((i) => [h(format_VENDOR_LABEL[i.item]), yesNo(i.met), i.evidence.length > 0 ? i.evidence.map((e) => evidenceLink(kpi, m.repository, e)).join('<br>') : '—', h(i.why)]);
        parts.push(table(['Checklist item', 'Met', 'Evidence', 'Why not met'], rows, max));
    }
    return parts.join('\n');
}
function evidenceLink(kpi, repository, e) {
    if (e.url) {
        const href = urlHref(e.url);
        return href ? `<a href="${h(href)}">${h(e.label)}</a>` : `${h(e.label)}: ${c(e.url)}`;
    }
    if (!e.path)
        return h(e.label);
    if (kpi.repositories.length > 1)
        return `${h(e.label)}: ${c(`${repository}:${e.path}`)}`;
    return `<a href="${h(pathHref(e.path))}">${h(e.label)}: ${c(e.path)}</a>`;
}
function carbonSection(kpi, max) {
    const cb = kpi.carbon;
    const parts = [`<h2>7. Carbon</h2><p><strong>${h((0,carbon/* formatKg */.KC)(cb.totalKg))} CO2eq</strong> in total over ${cb.modelsWithFigure} of ${kpi.models.length} model(s)${cb.modelsWithEnergy > 0 ? `; ${round3(cb.totalKwh)} kWh over the ${cb.modelsWithEnergy} model(s) whose energy is known` : ''}.</p>`];
    const withFigure = kpi.models.filter((m) => m.carbon !== undefined).sort((a, b) => b.carbon.kg - a.carbon.kg);
    if (withFigure.length > 0) {
        const { unit, factor } = carbonUnit(withFigure[0]?.carbon.kg ?? 0);
        const shown = withFigure.slice(0, 15);
        parts.push(figure(barChart(shown.map((m) => ({ label: format_modelLabel(kpi, m), value: m.carbon.kg * factor, display: (0,carbon/* formatKg */.KC)(m.carbon.kg) })), { title: `Carbon per model (${unit} CO2eq)`, labelWidth: 230, width: 680 }), withFigure.length > shown.length ? `The ${shown.length} largest of ${withFigure.length} models.` : 'Reported training emissions per model.'));
        const rows = withFigure.map((m) => [c(format_modelLabel(kpi, m)), h((0,carbon/* formatKg */.KC)(m.carbon.kg)), m.carbon.kwh !== undefined ? `${round3(m.carbon.kwh)} kWh` : '—', h(m.carbon.original), h(m.carbon.source), c(m.carbon.file)]);
        parts.push(table(['Model', { head: 'CO2eq', num: true }, { head: 'Energy', num: true }, 'As written', 'Source', 'File'], rows, max, 'models'));
    }
    if (cb.withoutFigure.length > 0)
        parts.push(`<p class="warn">No carbon figure: ${cb.withoutFigure.slice(0, max).map((m) => c(format_modelLabel(kpi, m))).join(', ')}${cb.withoutFigure.length > max ? ` and ${cb.withoutFigure.length - max} more` : ''}.</p>`);
    parts.push('<h3>Trend over the repository history</h3>');
    const t = cb.trend;
    if (t.status === 'unavailable')
        parts.push(`<p>Not available: ${h(t.reason ?? 'unknown reason')}.</p>`);
    else {
        if (t.reason)
            parts.push(`<div class="note">${h(t.reason)}</div>`);
        if (t.points.length === 0)
            parts.push(`<p>No commit in the history changed a carbon figure (${t.commitsScanned} commit(s) touched the evidence).</p>`);
        else {
            const { unit, factor } = carbonUnit(Math.max(...t.points.map((p) => p.totalKg)));
            const sample = sampleTrend(t.points, 400);
            parts.push(figure(stepChart(sample.map((p) => ({ t: Date.parse(p.date), value: p.totalKg * factor })), { title: `Total carbon (${unit} CO2eq) over time`, unit: `${unit} CO2eq`, until: Date.parse(`${kpi.asOf}T23:59:59Z`) }), `Total after each change: ${t.points.length} change(s) in ${t.commitsScanned} commit(s) that touched a card or carbon report.`));
            const recent = [...t.points].reverse().slice(0, 20);
            const multi = kpi.repositories.length > 1;
            const rows = recent.map((p) => [d(p.date.slice(0, 10)), p.commit ? c(p.commit.slice(0, 12)) : 'working tree', ...(multi ? [c(p.repository)] : []), h((0,carbon/* formatKg */.KC)(p.totalKg)), p.changes.map((x) => `${c(x.model)} ${x.kg === null ? 'no figure' : h((0,carbon/* formatKg */.KC)(x.kg))}`).join(', ')]);
            parts.push('<h3>Latest changes</h3>', table(['Date', 'Commit', ...(multi ? ['Repository'] : []), { head: 'Total', num: true }, 'Changed'], rows, max));
        }
    }
    return `<section class="new-page">${parts.join('\n')}</section>`;
}
function workforceSection(kpi, max) {
    const w = kpi.workforce;
    const parts = ['<h2>8. Workforce: reskilling against automation exposure</h2>'];
    for (const e of workforceErrors(kpi)) {
        parts.push(`<div class="alert"><strong>The workforce file is invalid${kpi.repositories.length > 1 ? ` in ${c(e.repository)}` : ''}</strong>: its programmes are not counted.<ul>${e.errors.map((x) => `<li>${h(x)}</li>`).join('')}</ul></div>`);
    }
    if (w.exposureFte === 0 && w.programmes.length === 0) {
        parts.push('<p>No model card declares <code>governance.workforce</code> and no reskilling programme is declared (<code>.github/modelgate-workforce.yml</code>).</p>');
        return `<section class="new-page">${parts.join('\n')}</section>`;
    }
    const affected = kpi.models.filter((m) => m.workforce !== undefined).length;
    parts.push(`<p><strong>${h(fteText(w.exposureFte))} FTE</strong> affected across ${affected} model(s); <strong>${w.headcount}</strong> people in running reskilling programmes (coverage ${h(percent(w.coverage))}); budget <strong>${h(budgetText(w.budget))}</strong>.</p>`);
    if (w.models.length > 0) {
        const shown = w.models.slice(0, 15);
        const bars = shown.flatMap((m) => [
            { label: `${format_modelLabel(kpi, m)}: FTE`, value: m.fte, display: `${fteText(m.fte)} FTE`, color: '#cf222e' },
            { label: `${format_modelLabel(kpi, m)}: reskilling`, value: m.headcount, display: `${m.headcount} people`, color: '#1a7f37' },
        ]);
        parts.push(figure(barChart(bars, { title: 'FTE affected and reskilling headcount per model', labelWidth: 260, width: 700 }), 'Per model: FTE the card declares as affected, and the headcount of the running programmes covering it.'));
        const rows = w.models.map((m) => [c(format_modelLabel(kpi, m)), h(fteText(m.fte)), String(m.headcount), h(percent(m.coverage)), m.programmes.length > 0 ? m.programmes.map(h).join(', ') : '—']);
        parts.push(table(['Model', { head: 'FTE affected', num: true }, { head: 'Reskilling headcount', num: true }, { head: 'Coverage', num: true }, 'Programmes'], rows, max, 'models'));
    }
    if (w.programmes.length > 0) {
        const rows = w.programmes.map((p) => [
            h(p.name),
            p.status === 'running' ? '<span class="ok">running</span>' : h(p.status),
            `${d(p.period.start)} to ${d(p.period.end)}`,
            String(p.headcount),
            h(budgetText([p.budget])),
            [...p.roles.map(h), ...p.models.map(c)].join(', '),
            p.covers.length > 0 ? p.covers.map((x) => c(format_modelLabel(kpi, { repository: p.repository, path: x }))).join(', ') : '—',
        ]);
        parts.push('<h3>Reskilling programmes</h3>', table(['Programme', 'Status', 'Period', { head: 'Headcount', num: true }, { head: 'Budget', num: true }, 'Roles or models', 'Covers'], rows, max, 'programmes'));
    }
    parts.push('<h3>Trend over the repository history</h3>');
    const t = w.trend;
    if (t.status === 'unavailable')
        parts.push(`<p>Not available: ${h(t.reason ?? 'unknown reason')}.</p>`);
    else {
        if (t.reason)
            parts.push(`<div class="note">${h(t.reason)}</div>`);
        if (t.points.length === 0)
            parts.push(`<p>No commit in the history changed these figures (${t.commitsScanned} commit(s) touched a card or the workforce file).</p>`);
        else {
            const sample = sampleTrend(t.points, 400);
            const until = Date.parse(`${kpi.asOf}T23:59:59Z`);
            parts.push(figure(stepChart(sample.map((p) => ({ t: Date.parse(p.date), value: p.exposureFte })), { title: 'FTE affected over time', unit: 'FTE', until, height: 200 }), 'FTE the model cards declare as affected, after each change.'));
            parts.push(figure(stepChart(sample.map((p) => ({ t: Date.parse(p.date), value: p.headcount })), { title: 'People in running reskilling programmes over time', unit: 'people', until, height: 200 }), `Headcount of the programmes running on each change's date: ${t.points.length} change(s) in ${t.commitsScanned} commit(s).`));
            const multi = kpi.repositories.length > 1;
            const rows = [...t.points].reverse().slice(0, 20).map((p) => [d(p.date.slice(0, 10)), p.commit ? c(p.commit.slice(0, 12)) : 'working tree', ...(multi ? [c(p.repository)] : []), h(fteText(p.exposureFte)), String(p.headcount), h(budgetText(p.budget))]);
            parts.push('<h3>Latest changes</h3>', table(['Date', 'Commit', ...(multi ? ['Repository'] : []), { head: 'FTE affected', num: true }, { head: 'Headcount', num: true }, { head: 'Budget', num: true }], rows, max));
        }
    }
    return `<section class="new-page">${parts.join('\n')}</section>`;
}
function methodsSection(kpi) {
    const items = METHOD_KEYS.map((k) => `<dt>${h(METHOD_LABELS[k])}</dt><dd>${h(kpi.methods[k])}</dd>`).join('');
    return `<section class="new-page"><h2>How these figures are computed</h2><dl class="methods">${items}</dl></section>`;
}

;// CONCATENATED MODULE: ./src/kpi/json.ts
function renderKpiJson(kpi) {
    return JSON.stringify(kpi, null, 2) + '\n';
}

;// CONCATENATED MODULE: ./src/kpi/vendorPack.ts
// Vendor due diligence in Markdown: one section per vendor for the board pack, and `modelgate report
// --format vendor`, the pack a procurement team sends to a supplier (what is met, with the evidence,
// and what is asked for). Repository text goes through md()/code(); link targets through pathHref/urlHref.



const YES = '✅ met';
const NO = '❌ not met';
/** GFM splits table rows on every unescaped pipe, even inside code spans. */
function cell(text) {
    return text.replace(/(?<!\\)\|/g, '\\|');
}
function row(cells) {
    return `| ${cells.map(cell).join(' | ')} |`;
}
/** Evidence as a Markdown link (single-repository reports) or as a path (merged ones, whose paths belong to several repositories). */
function evidenceMarkdown(kpi, m, e) {
    if (e.url) {
        const href = urlHref(e.url);
        return href ? `[${(0,report_escape.md)(e.label)}](${href})` : `${(0,report_escape.md)(e.label)}: ${(0,report_escape/* code */.aY)(e.url)}`;
    }
    if (!e.path)
        return (0,report_escape.md)(e.label);
    if (kpi.repositories.length > 1)
        return `${(0,report_escape.md)(e.label)}: ${(0,report_escape/* code */.aY)(`${m.repository}:${e.path}`)}`;
    return `[${(0,report_escape.md)(e.label)}: ${(0,report_escape/* code */.aY)(e.path)}](${pathHref(e.path)})`;
}
/** One vendor: its score, then per model the six items, met or not, with evidence or the reason. */
function vendorSectionMarkdown(kpi, v, level) {
    const hashes = '#'.repeat(level);
    const { met, total } = itemsMet(v);
    const lines = [`${hashes} ${(0,report_escape.md)(v.name)}: ${met} of ${total} checklist items met (vendor score ${percent(v.score)})`, ''];
    for (const m of vendor_vendorModels(kpi, v)) {
        const ref = v.models.find((x) => x.repository === m.repository && x.path === m.path);
        lines.push(`**${(0,report_escape/* code */.aY)(format_modelLabel(kpi, m))}**${ref?.contract ? ` · contract ${(0,report_escape.md)(ref.contract)}` : ''} · risk tier ${m.riskTier ?? 'not set'} · ${percent(ref?.score ?? null)} of items met`, '');
        lines.push(row(['Checklist item', 'Status', 'Evidence', 'Why not met']), '|---|---|---|---|');
        for (const item of vendor_vendorItemViews(m)) {
            lines.push(row([format_VENDOR_LABEL[item.item], item.met ? YES : NO, item.evidence.length > 0 ? item.evidence.map((e) => evidenceMarkdown(kpi, m, e)).join('<br>') : '—', item.met ? '' : (0,report_escape.md)(item.why)]));
        }
        lines.push('');
    }
    return lines;
}
/** The supplier pack: per vendor, a standalone document separated by a rule. */
function renderVendorPack(kpi, options = {}) {
    const vendors = options.vendors ?? kpi.vendors;
    if (vendors.length === 0)
        return `# Vendor due diligence\n\nNo model names a vendor (\`governance.vendor\` in its model card) as of ${kpi.asOf}.\n`;
    const docs = vendors.map((v) => {
        const lines = [`# Vendor due diligence: ${md(v.name)}`, ''];
        lines.push(`As of **${kpi.asOf}** · ${v.models.length} model(s) · generated ${md(kpi.generatedAt)} by modelgate ${md(kpi.tool.version)}`, '');
        lines.push('This pack lists, for each model you supply, the six items of our vendor due-diligence checklist, whether the evidence we hold meets each one, ' +
            'and, where it does not, what we ask you to provide. Evidence paths are relative to our model repository.', '');
        lines.push(...vendorSectionMarkdown(kpi, v, 2));
        const asks = vendorModels(kpi, v).flatMap((m) => vendorItemViews(m).filter((i) => !i.met).map((i) => ({ m, i })));
        lines.push('## What we ask you to provide', '');
        if (asks.length === 0)
            lines.push('Nothing: every item is met. Please tell us when any of this evidence changes.', '');
        for (const { m, i } of asks)
            lines.push(`- **${code(modelLabel(kpi, m))}, ${VENDOR_LABEL[i.item]}** (${md(i.why)}): ${VENDOR_REQUEST[i.item]}`);
        if (asks.length > 0)
            lines.push('');
        lines.push('## How the score is computed', '', md(kpi.methods.vendors));
        return lines.join('\n');
    });
    return docs.join('\n\n---\n\n') + '\n';
}

;// CONCATENATED MODULE: ./src/kpi/markdown.ts
// The KPI report as GitHub Markdown, with Mermaid charts GitHub renders (pie, xychart-beta). Every
// string that comes from a repository goes through md()/code(); Mermaid blocks only ever contain
// fixed labels, dates and numbers.






/** Mermaid's default xychart colour is a pale lavender that vanishes on white; GitHub honours init directives. */
const XY_THEME = `%%{init: ${JSON.stringify({ themeVariables: { xyChart: { plotColorPalette: '#2f6fb0' } } })}}%%`;
const markdown_YES = '✅';
const markdown_NO = '❌';
function renderKpiMarkdown(kpi, options = {}) {
    const max = options.maxRows ?? 200;
    const parts = [
        header(kpi),
        summary(kpi),
        tiers(kpi),
        highRisk(kpi, max),
        compliance(kpi, max),
        findings(kpi, max),
        datasets(kpi, max),
        vendors(kpi, max),
        markdown_carbon(kpi, max, options.trendPoints ?? 24),
        workforce(kpi, max, options.trendPoints ?? 24),
        methods(kpi),
    ];
    return parts.filter((p) => p !== '').join('\n\n') + '\n';
}
/** GFM splits table rows on every unescaped pipe, even inside code spans, where `\\|` shows as `|`. */
function markdown_cell(text) {
    return text.replace(/(?<!\\)\|/g, '\\|');
}
function markdown_table(head, rows, max, what = 'rows') {
    const shown = rows.slice(0, max);
    const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...shown.map((r) => `| ${r.map(markdown_cell).join(' | ')} |`)];
    if (rows.length > max)
        lines.push('', `…and ${rows.length - max} more ${what} (the JSON report lists them all).`);
    return lines.join('\n');
}
function header(kpi) {
    const lines = [`## modelgate KPI report: ${(0,report_escape.md)(repositoriesLabel(kpi))}`, '', `**${(0,report_escape.md)(kpi.gate.headline)}**`, ''];
    lines.push(`As of **${kpi.asOf}** · ${kpi.models.length} model(s) in ${kpi.repositories.length} repositor${kpi.repositories.length === 1 ? 'y' : 'ies'} · generated ${(0,report_escape.md)(kpi.generatedAt)} by modelgate ${(0,report_escape.md)(kpi.tool.version)}`);
    if (kpi.repositories.length === 1) {
        const r = kpi.repositories[0];
        if (r)
            lines.push('', `Policy: ${(0,report_escape.md)(r.policy.source)}${r.policy.extends ? ` (extends ${(0,report_escape/* code */.aY)(r.policy.extends)})` : ''}${r.head ? ` · commit ${(0,report_escape/* code */.aY)(r.head.slice(0, 12))}` : ''}`);
    }
    else {
        lines.push('', markdown_table(['Repository', 'As of', 'Models', 'Verdict', 'Policy'], kpi.repositories.map((r) => [(0,report_escape/* code */.aY)(r.name), r.asOf, String(r.models), r.verdict, (0,report_escape.md)(r.policy.source)]), 1000));
    }
    const errors = kpi.repositories.flatMap((r) => r.policy.errors.map((e) => `- ${kpi.repositories.length > 1 ? `${(0,report_escape/* code */.aY)(r.name)}: ` : ''}${(0,report_escape.md)(e)}`));
    if (errors.length > 0) {
        lines.push('', '> ⛔ **The policy configuration is invalid**: the checks below ran with the baseline preset, so these figures do not reflect the intended policy.', '', ...errors);
    }
    return lines.join('\n');
}
function summary(kpi) {
    const hr = kpi.highRiskAudit;
    const c = kpi.carbon;
    const rows = [
        ['Models failing the gate', kpi.gate.reasons.length === 0 ? `${kpi.gate.failing} of ${kpi.gate.models}` : `${kpi.gate.failing} of ${kpi.gate.models}: ${kpi.gate.reasons.map((r) => `${r.phrase} ${(0,report_escape/* code */.aY)(r.check)} (${r.models})`).join(', ')}`],
        ['Models', `${kpi.models.length} (${kpi.tiers.high} high-risk${kpi.tiers.prohibited ? `, ${kpi.tiers.prohibited} prohibited` : ''}${kpi.tiers.unset ? `, ${kpi.tiers.unset} without a tier` : ''})`],
        ['High-risk models with a fresh independent audit', hr.models === 0 ? 'no high-risk model' : `${hr.covered} of ${hr.models} (${percent(hr.share)})`],
        ['Compliance score (all checks)', scoreText(kpi.compliance.overall)],
        ['Open audit findings', `${kpi.findings.open} (${kpi.findings.overdue} overdue)`],
        ['Datasets without a verified hash', `${kpi.datasets.unverified.length} of ${kpi.datasets.total}`],
        ['Third-party models', kpi.vendors.length === 0 ? 'none' : `${kpi.vendors.reduce((n, v) => n + v.models.length, 0)} from ${kpi.vendors.length} vendor(s)`],
        ['Carbon (training, reported)', `${(0,carbon/* formatKg */.KC)(c.totalKg)} CO2eq over ${c.modelsWithFigure} of ${kpi.models.length} model(s)`],
        ['Workforce: FTE affected / people in running reskilling', workforceLine(kpi)],
    ];
    return ['### Summary', '', markdown_table(['Indicator', 'Value'], rows, 100)].join('\n');
}
function tiers(kpi) {
    const present = TIER_KEYS.filter((t) => kpi.tiers[t] > 0);
    const lines = ['### Models by risk tier', ''];
    if (present.length === 0)
        return [...lines, 'No model.'].join('\n');
    const colors = Object.fromEntries(present.map((t, i) => [`pie${i + 1}`, TIER_COLOR[t]]));
    lines.push('```mermaid', `%%{init: ${JSON.stringify({ themeVariables: colors })}}%%`, 'pie showData', '    title Models by risk tier', ...present.map((t) => `    "${TIER_LABEL[t]}" : ${kpi.tiers[t]}`), '```', '');
    lines.push(markdown_table(['Risk tier', 'Models'], present.map((t) => [TIER_LABEL[t], String(kpi.tiers[t])]), 100));
    return lines.join('\n');
}
function highRisk(kpi, max) {
    const hr = kpi.highRiskAudit;
    const lines = ['### High-risk models with an independent audit within the policy\'s age limit', ''];
    if (hr.models === 0)
        return [...lines, 'No model has `governance.risk_tier: high`.'].join('\n');
    lines.push(`**${hr.covered} of ${hr.models} (${percent(hr.share)})**`, '');
    const rows = [...hr.entries]
        .sort((a, b) => Number(a.ok) - Number(b.ok) || a.path.localeCompare(b.path))
        .map((e) => [e.ok ? markdown_YES : markdown_NO, (0,report_escape/* code */.aY)(format_modelLabel(kpi, e)), e.audit ? `${(0,report_escape.md)(e.audit.id)}${e.audit.auditor ? ` (${(0,report_escape.md)(e.audit.auditor)})` : ''}` : '—', e.audit?.date ?? '—', e.audit?.ageDays !== undefined ? String(e.audit.ageDays) : '—', String(e.limitDays), (0,report_escape.md)(e.reason)]);
    lines.push(markdown_table(['', 'Model', 'Independent audit', 'Date', 'Age (days)', 'Limit (days)', 'Why'], rows, max, 'models'));
    return lines.join('\n');
}
function compliance(kpi, max) {
    const lines = ['### Compliance score', '', `Overall: **${scoreText(kpi.compliance.overall)}**. ${(0,report_escape.md)(kpi.methods.compliance.split('. ')[0] ?? '')}.`, ''];
    const groups = KPI_GROUPS.filter((g) => kpi.compliance.byGroup[g].evaluated + kpi.compliance.byGroup[g].waived + kpi.compliance.byGroup[g].skipped > 0);
    const scored = groups.filter((g) => kpi.compliance.byGroup[g].score !== null);
    if (scored.length > 0) {
        lines.push('```mermaid', XY_THEME, 'xychart-beta', '    title "Compliance score by check group (%)"', `    x-axis [${scored.map((g) => `"${g}"`).join(', ')}]`, '    y-axis "score (%)" 0 --> 100', `    bar [${scored.map((g) => round3((kpi.compliance.byGroup[g].score ?? 0) * 100)).join(', ')}]`, '```', '');
    }
    const scoreRow = (label, s) => [label, percent(s.score), String(s.pass), String(s.evaluated), String(s.fail), String(s.warn), String(s.error), String(s.waived), String(s.skipped)];
    const head = ['Check group', 'Score', 'Passed', 'Evaluated', 'Failed', 'Warnings', 'Errors', 'Waived', 'Skipped'];
    lines.push(markdown_table(head, [...groups.map((g) => scoreRow(g, kpi.compliance.byGroup[g])), scoreRow('**all**', kpi.compliance.overall)], 100), '');
    lines.push('Per model (lowest score first):', '');
    const models = [...kpi.models].sort((a, b) => (a.compliance.overall.score ?? 2) - (b.compliance.overall.score ?? 2) || a.path.localeCompare(b.path));
    const rows = models.map((m) => [
        (0,report_escape/* code */.aY)(format_modelLabel(kpi, m)),
        m.riskTier ?? '—',
        m.outcome === 'pass' ? `${markdown_YES} pass` : `${markdown_NO} fail`,
        scoreText(m.compliance.overall),
        ...groups.map((g) => percent(m.compliance.byGroup[g].score)),
    ]);
    lines.push(markdown_table(['Model', 'Tier', 'Verdict', 'Score', ...groups], rows, max, 'models'));
    return lines.join('\n');
}
function findings(kpi, max) {
    const f = kpi.findings;
    const lines = ['### Open audit findings', ''];
    if (f.open === 0)
        return [...lines, 'No open finding in the audits that cover the models.'].join('\n');
    lines.push(`**${f.open} open, ${f.overdue} overdue.** Age is counted from the date of the audit that raised the finding.`, '');
    const sevs = types/* SEVERITIES */.oC.filter((s) => f.bySeverity[s] > 0);
    const ageRows = f.byAge.filter((r) => r.total > 0).map((r) => [r.bucket === 'unknown' ? 'unknown (audit undated)' : `${r.bucket} days`, ...sevs.map((s) => String(r.bySeverity[s])), String(r.total)]);
    ageRows.push(['**all**', ...sevs.map((s) => String(f.bySeverity[s])), String(f.open)]);
    lines.push(markdown_table(['Age', ...sevs, 'Total'], ageRows, 100), '');
    const rows = f.items.map((x) => [
        x.overdueDays !== undefined ? `⏰ ${x.overdueDays} d overdue` : '',
        `${(0,report_escape.md)(x.audit)} / ${(0,report_escape.md)(x.id)}: ${(0,report_escape.md)(x.title)}`,
        x.severity,
        x.models.map((p) => (0,report_escape/* code */.aY)(format_modelLabel(kpi, { repository: x.repository, path: p }))).join(', '),
        x.due ?? '—',
        x.ageDays !== undefined ? String(x.ageDays) : '—',
        x.owner ? (0,report_escape.md)(x.owner) : '—',
    ]);
    lines.push(markdown_table(['Overdue', 'Finding', 'Severity', 'Model(s)', 'Due', 'Age (days)', 'Owner'], rows, max, 'findings'));
    return lines.join('\n');
}
function datasets(kpi, max) {
    const d = kpi.datasets;
    const lines = ['### Datasets without a verified hash', ''];
    if (d.total === 0)
        return [...lines, 'The models list no dataset.'].join('\n');
    if (d.unverified.length === 0)
        return [...lines, `All ${d.total} dataset(s) have every file verified against its SHA-256.`].join('\n');
    lines.push(`**${d.unverified.length} of ${d.total}** dataset(s) used by the models have a file whose SHA-256 could not be verified.`, '');
    const rows = d.unverified.map((x) => [(0,report_escape/* code */.aY)(x.name ?? x.ref), x.manifest ? (0,report_escape/* code */.aY)(x.manifest) : '—', (0,report_escape.md)(x.reason), x.models.map((p) => (0,report_escape/* code */.aY)(format_modelLabel(kpi, { repository: x.repository, path: p }))).join(', ')]);
    lines.push(markdown_table(['Dataset', 'Manifest', 'Why', 'Used by'], rows, max, 'datasets'));
    return lines.join('\n');
}
function vendors(kpi, max) {
    const lines = ['### Third-party models', ''];
    if (kpi.vendors.length === 0)
        return [...lines, 'No model names a vendor (`governance.vendor`).'].join('\n');
    const summaryRows = kpi.vendors.map((v) => [(0,report_escape.md)(v.name), String(v.models.length), ...VENDOR_ITEMS.map((i) => `${v.items[i].met}/${v.items[i].total}`), `**${percent(v.score)}**`]);
    lines.push(markdown_table(['Vendor', 'Models', ...VENDOR_ITEMS.map((i) => format_VENDOR_LABEL[i]), 'Score'], summaryRows, max, 'vendors'), '');
    const modelRows = kpi.vendors.flatMap((v) => v.models.map((m) => [(0,report_escape.md)(v.name), (0,report_escape/* code */.aY)(format_modelLabel(kpi, m)), m.contract ? (0,report_escape.md)(m.contract) : '—', ...VENDOR_ITEMS.map((i) => (m.checklist[i] ? markdown_YES : markdown_NO)), percent(m.score)]));
    lines.push(markdown_table(['Vendor', 'Model', 'Contract', ...VENDOR_ITEMS.map((i) => format_VENDOR_LABEL[i]), 'Score'], modelRows, max, 'models'), '');
    lines.push('#### Vendor due diligence', '', `Vendor score: ${(0,report_escape.md)(kpi.methods.vendors)}`, '');
    for (const v of kpi.vendors.slice(0, max))
        lines.push(...vendorSectionMarkdown(kpi, v, 5));
    return lines.join('\n').trimEnd();
}
function markdown_carbon(kpi, max, trendPoints) {
    const c = kpi.carbon;
    const lines = ['### Carbon', ''];
    lines.push(`**${(0,carbon/* formatKg */.KC)(c.totalKg)} CO2eq** in total over ${c.modelsWithFigure} of ${kpi.models.length} model(s)${c.modelsWithEnergy > 0 ? `; ${round3(c.totalKwh)} kWh over the ${c.modelsWithEnergy} model(s) whose energy is known` : ''}.`, '');
    const withFigure = kpi.models.filter((m) => m.carbon !== undefined).sort((a, b) => b.carbon.kg - a.carbon.kg);
    if (withFigure.length > 0) {
        const rows = withFigure.map((m) => [(0,report_escape/* code */.aY)(format_modelLabel(kpi, m)), (0,carbon/* formatKg */.KC)(m.carbon.kg), m.carbon.kwh !== undefined ? `${round3(m.carbon.kwh)} kWh` : '—', (0,report_escape.md)(m.carbon.original), (0,report_escape.md)(m.carbon.source), (0,report_escape/* code */.aY)(m.carbon.file)]);
        lines.push(markdown_table(['Model', 'CO2eq', 'Energy', 'As written', 'Source', 'File'], rows, max, 'models'), '');
    }
    if (c.withoutFigure.length > 0)
        lines.push(`No carbon figure: ${c.withoutFigure.slice(0, max).map((m) => (0,report_escape/* code */.aY)(format_modelLabel(kpi, m))).join(', ')}${c.withoutFigure.length > max ? ` and ${c.withoutFigure.length - max} more` : ''}.`, '');
    lines.push('#### Trend over the repository history', '');
    const t = c.trend;
    if (t.status === 'unavailable')
        return [...lines, `Not available: ${(0,report_escape.md)(t.reason ?? 'unknown reason')}.`].join('\n');
    if (t.reason)
        lines.push(`> ⚠️ ${(0,report_escape.md)(t.reason)}`, '');
    if (t.points.length === 0)
        return [...lines, `No commit in the history changed a carbon figure (${t.commitsScanned} commit(s) touched the evidence).`].join('\n');
    const sample = sampleTrend(t.points, trendPoints);
    const { unit, factor } = carbonUnit(Math.max(...sample.map((p) => p.totalKg)));
    const top = Math.max(...sample.map((p) => p.totalKg * factor));
    lines.push('```mermaid', XY_THEME, 'xychart-beta', `    title "Total carbon (${unit} CO2eq) after each change"`, `    x-axis [${sample.map((p) => `"${p.date.slice(0, 10)}"`).join(', ')}]`, `    y-axis "${unit} CO2eq" 0 --> ${niceCeiling(top)}`, `    line [${sample.map((p) => round3(p.totalKg * factor)).join(', ')}]`, '```', '');
    lines.push(`${t.points.length} change(s) to a carbon figure in ${t.commitsScanned} commit(s) that touched a card or carbon report${sample.length < t.points.length ? `; the chart shows ${sample.length} of them (the last of each day, evenly spaced)` : ''}. Latest changes:`, '');
    const recent = [...t.points].reverse().slice(0, Math.min(max, 20));
    const rows = recent.map((p) => [
        p.date.slice(0, 10),
        p.commit ? (0,report_escape/* code */.aY)(p.commit.slice(0, 12)) : 'working tree',
        ...(kpi.repositories.length > 1 ? [(0,report_escape/* code */.aY)(p.repository)] : []),
        (0,carbon/* formatKg */.KC)(p.totalKg),
        p.changes.map((x) => `${(0,report_escape/* code */.aY)(x.model)} ${x.kg === null ? 'no figure' : (0,carbon/* formatKg */.KC)(x.kg)}`).join(', '),
    ]);
    lines.push(markdown_table(['Date', 'Commit', ...(kpi.repositories.length > 1 ? ['Repository'] : []), 'Total', 'Changed'], rows, max));
    return lines.join('\n');
}
function workforceLine(kpi) {
    const w = kpi.workforce;
    if (w.exposureFte === 0 && w.programmes.length === 0)
        return 'not declared';
    return `${fteText(w.exposureFte)} FTE / ${w.headcount} (${percent(w.coverage)}); budget ${budgetText(w.budget)}`;
}
function workforce(kpi, max, trendPoints) {
    const w = kpi.workforce;
    const lines = ['### Workforce: reskilling against automation exposure', ''];
    for (const e of workforceErrors(kpi)) {
        lines.push(`> ⛔ **The workforce file is invalid**${kpi.repositories.length > 1 ? ` in ${(0,report_escape/* code */.aY)(e.repository)}` : ''}: its programmes are not counted.`, '', ...e.errors.map((x) => `- ${(0,report_escape.md)(x)}`), '');
    }
    if (w.exposureFte === 0 && w.programmes.length === 0)
        return [...lines, 'No model card declares `governance.workforce` and no reskilling programme is declared (`.github/modelgate-workforce.yml`).'].join('\n');
    const affected = kpi.models.filter((m) => m.workforce !== undefined).length;
    lines.push(`**${fteText(w.exposureFte)} FTE** affected across ${affected} model(s); **${w.headcount}** people in running reskilling programmes (coverage ${percent(w.coverage)}); budget **${(0,report_escape.md)(budgetText(w.budget))}**.`, '');
    if (w.models.length > 0) {
        const rows = w.models.map((m) => [(0,report_escape/* code */.aY)(format_modelLabel(kpi, m)), fteText(m.fte), String(m.headcount), percent(m.coverage), m.programmes.length > 0 ? m.programmes.map(report_escape.md).join(', ') : '—']);
        lines.push(markdown_table(['Model', 'FTE affected', 'Reskilling headcount', 'Coverage', 'Programmes'], rows, max, 'models'), '');
    }
    if (w.programmes.length > 0) {
        const rows = w.programmes.map((p) => [
            (0,report_escape.md)(p.name),
            p.status,
            `${p.period.start} to ${p.period.end}`,
            String(p.headcount),
            (0,report_escape.md)(budgetText([p.budget])),
            [...p.roles.map(report_escape.md), ...p.models.map((x) => (0,report_escape/* code */.aY)(x))].join(', '),
            p.covers.length > 0 ? p.covers.map((x) => (0,report_escape/* code */.aY)(format_modelLabel(kpi, { repository: p.repository, path: x }))).join(', ') : '—',
        ]);
        lines.push(markdown_table(['Programme', 'Status', 'Period', 'Headcount', 'Budget', 'Roles or models', 'Covers'], rows, max, 'programmes'), '');
    }
    lines.push('#### Trend over the repository history', '');
    const t = w.trend;
    if (t.status === 'unavailable')
        return [...lines, `Not available: ${(0,report_escape.md)(t.reason ?? 'unknown reason')}.`].join('\n');
    if (t.reason)
        lines.push(`> ⚠️ ${(0,report_escape.md)(t.reason)}`, '');
    if (t.points.length === 0)
        return [...lines, `No commit in the history changed these figures (${t.commitsScanned} commit(s) touched a card or the workforce file).`].join('\n');
    const sample = sampleTrend(t.points, trendPoints);
    const top = Math.max(...sample.map((p) => Math.max(p.exposureFte, p.headcount)));
    lines.push('```mermaid', `%%{init: ${JSON.stringify({ themeVariables: { xyChart: { plotColorPalette: '#cf222e, #1a7f37' } } })}}%%`, 'xychart-beta', '    title "FTE affected (red) and people in running reskilling (green)"', `    x-axis [${sample.map((p) => `"${p.date.slice(0, 10)}"`).join(', ')}]`, `    y-axis "people" 0 --> ${niceCeiling(top)}`, `    line [${sample.map((p) => round3(p.exposureFte)).join(', ')}]`, `    line [${sample.map((p) => p.headcount).join(', ')}]`, '```', '');
    const recent = [...t.points].reverse().slice(0, Math.min(max, 20));
    const multi = kpi.repositories.length > 1;
    const rows = recent.map((p) => [p.date.slice(0, 10), p.commit ? (0,report_escape/* code */.aY)(p.commit.slice(0, 12)) : 'working tree', ...(multi ? [(0,report_escape/* code */.aY)(p.repository)] : []), fteText(p.exposureFte), String(p.headcount), (0,report_escape.md)(budgetText(p.budget))]);
    lines.push(`${t.points.length} change(s) in ${t.commitsScanned} commit(s) that touched a card or the workforce file. Latest changes:`, '');
    lines.push(markdown_table(['Date', 'Commit', ...(multi ? ['Repository'] : []), 'FTE affected', 'Reskilling headcount', 'Budget'], rows, max));
    return lines.join('\n');
}
/** A round axis maximum a little above `n` (1, 2, 2.5 or 5 times a power of ten). */
function niceCeiling(n) {
    if (!(n > 0))
        return 1;
    const p = 10 ** Math.floor(Math.log10(n));
    for (const m of [1, 2, 2.5, 5, 10])
        if (m * p >= n * 1.05)
            return Number((m * p).toPrecision(3));
    return Number((10 * p).toPrecision(3));
}
function methods(kpi) {
    const items = METHOD_KEYS.map((k) => `- **${METHOD_LABELS[k]}.** ${(0,report_escape.md)(kpi.methods[k])}`);
    return ['### How these figures are computed', '', ...items, '', `<sub>modelgate ${(0,report_escape.md)(kpi.tool.version)} · KPI report schema v${kpi.schemaVersion} · age buckets: ${AGE_BUCKETS.join(', ')}</sub>`].join('\n');
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(64377);
// EXTERNAL MODULE: ./src/report/schema.ts
var schema = __webpack_require__(91327);
;// CONCATENATED MODULE: ./src/kpi/schema.ts
// The KPI report (spec section 8), one zod source for three things: the TypeScript types of the
// report (./types.ts re-exports them), the validation of the reports `modelgate report --merge` reads
// back (./merge.ts), and the published JSON Schema (`npm run schemas` writes
// schema/kpi-report.schema.json). Properties are listed in the order the report writes them, so a
// report read back and written again keeps its layout.





const KPI_SCHEMA_ID = 'https://github.com/modelgate/modelgate/schema/kpi-report.schema.json';
const str = schemas/* string */.YjP();
const strList = schemas/* array */.YOg(str);
const date = schemas/* string */.YjP().regex(/^\d{4}-\d{2}-\d{2}$/);
const dateTime = iso/* datetime */.w$({ offset: true });
const count = schemas/* int */.Whr().min(0);
const days = schemas/* int */.Whr();
const share = schemas/* number */.aig().min(0).max(1);
const amount = schemas/* number */.aig().min(0);
const sha = schemas/* string */.YjP().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
const severity = schemas/* enum */.k5n(types/* SEVERITIES */.oC);
const modelPaths = schemas/* array */.YOg(str).min(1).describe('Model paths the entry concerns.');
const trendStatus = schemas/* enum */.k5n(['ok', 'unavailable']);
/** A strict object with the same schema under each key. */
function keyed(keys, value) {
    return schemas/* strictObject */.rej(Object.fromEntries(keys.map((k) => [k, value])));
}
const score = schemas/* strictObject */.rej({
    pass: count,
    fail: count,
    warn: count,
    error: count,
    waived: count,
    skipped: count,
    evaluated: count.describe('pass + fail + warn + error: the denominator.'),
    score: share.nullable().describe('pass / evaluated, 0..1 rounded to 4 decimals; null when nothing was evaluated.'),
})
    .meta({ id: 'score', description: 'Check outcomes counted, and the score they give (see `methods.compliance`).' });
const schema_compliance = schemas/* strictObject */.rej({ overall: score, byGroup: keyed(KPI_GROUPS, score) });
const schema_audit = schemas/* strictObject */.rej({
    id: str,
    file: str,
    independent: schemas/* boolean */.zMY(),
    date: date.optional(),
    ageDays: days.describe('Days from the audit date to the report date.').optional(),
    auditor: str.optional(),
    standard: str.optional(),
    report: schemas/* strictObject */.rej({ url: str.optional(), path: str.optional(), sha256: str.optional() }).optional(),
})
    .meta({ id: 'audit', description: 'An audit covering the model.' });
const finding = schemas/* strictObject */.rej({
    audit: str,
    auditFile: str,
    id: str,
    title: str,
    severity,
    status: str,
    auditDate: date.optional(),
    due: date.optional(),
    owner: str.optional(),
    ageDays: days.describe('Days since the audit that raised it (findings carry no date of their own).').optional(),
    overdueDays: schemas/* int */.Whr().min(1).describe('Days past `due` while still open; absent when not overdue.').optional(),
})
    .meta({ id: 'finding', description: "A finding of an audit covering the model." });
const datasetFile = schemas/* strictObject */.rej({
    path: str,
    verified: schemas/* boolean */.zMY(),
    sha256: str.optional(),
    size: count.optional(),
    problem: str.describe('Why the file is not verified: SHA-256 mismatch, not found, size mismatch, no verifiable hash…').optional(),
});
const dataset = schemas/* strictObject */.rej({ ref: str, manifest: str.optional(), name: str.optional(), license: str.optional(), files: schemas/* array */.YOg(datasetFile) })
    .meta({ id: 'dataset', description: 'A dataset the card lists, with its manifest and the verification of each file.' });
const carbonFigure = schemas/* strictObject */.rej({ kg: amount, original: str, source: str, file: str, kwh: amount.optional() });
const schema_vendorChecklist = keyed(VENDOR_ITEMS, schemas/* boolean */.zMY());
const model = schemas/* strictObject */.rej({
    repository: str,
    path: str,
    name: str,
    riskTier: schemas/* enum */.k5n(types/* RISK_TIERS */.ac).nullable(),
    outcome: schemas/* enum */.k5n(['pass', 'fail']),
    license: strList,
    compliance: schema_compliance,
    checks: schemas/* array */.YOg(schemas/* strictObject */.rej({ id: schemas/* enum */.k5n(types/* CHECK_IDS */.Sh), level: schemas/* enum */.k5n(['error', 'warn']), outcome: schemas/* enum */.k5n(types/* OUTCOMES */.im) })),
    audit: schemas/* strictObject */.rej({
        limitDays: count.describe("The policy's audit.fresh max_age_days for this model's tier."),
        audits: schemas/* array */.YOg(schema_audit).describe('Covering audits, newest first.'),
        independentFresh: schemas/* boolean */.zMY().describe('An independent audit at most `limitDays` old (and not dated in the future).'),
    }),
    findings: schemas/* array */.YOg(finding),
    datasets: schemas/* array */.YOg(dataset),
    card: str.optional(),
    owner: str.optional(),
    vendor: schemas/* strictObject */.rej({ name: str, contract: str.optional() }).optional(),
    exportControl: schemas/* strictObject */.rej({ classification: str.optional(), reviewed: str.optional(), jurisdictions: strList.optional() }).optional(),
    carbon: carbonFigure.optional(),
    safety: schemas/* array */.YOg((0,schema/* reportSchemas */.LB)().safetyFact).describe('Safety evaluations (bias, red-team) covering the model, newest first.').optional(),
    vendorChecklist: schema_vendorChecklist.describe('Only for third-party models (`governance.vendor`).').optional(),
    workforce: schemas/* strictObject */.rej({ fte: amount, roles: schemas/* array */.YOg(schemas/* strictObject */.rej({ role: str, fte: amount })), assessed: date.optional() })
        .describe("The card's governance.workforce: roles affected and their total FTE.")
        .optional(),
})
    .meta({ id: 'model', description: 'One model: the per-model record every aggregate is computed from.' });
const repository = schemas/* strictObject */.rej({
    name: str,
    asOf: date,
    generatedAt: dateTime,
    verdict: schemas/* enum */.k5n(['pass', 'fail']),
    models: count,
    policy: schemas/* strictObject */.rej({ source: str, extends: str.nullable(), errors: strList }),
    head: sha.describe('The commit HEAD pointed at, when the repository is a git checkout.').optional(),
    workforce: schemas/* strictObject */.rej({ file: str, programmes: count, errors: strList })
        .describe('The workforce file, when the repository has one; `errors` say why its programmes are not counted.')
        .optional(),
});
const commitTime = dateTime.describe('Commit time, ISO 8601 UTC (the report time for the uncommitted working tree).');
const commit = sha.nullable().describe('null for the working tree when it differs from HEAD.');
const trendPoint = schemas/* strictObject */.rej({
    date: commitTime,
    commit,
    repository: str,
    totalKg: amount.describe('Total kg CO2eq over all tracked models after this change (all repositories in a merge).'),
    repositoryTotalKg: amount.describe('Total of `repository` alone after this change.'),
    models: count.describe('Models of `repository` with a carbon figure after this change.'),
    changes: schemas/* array */.YOg(schemas/* strictObject */.rej({ model: str, kg: amount.nullable() })),
})
    .meta({ id: 'trendPoint', description: 'A commit that changed a carbon figure.' });
const budget = schemas/* array */.YOg(schemas/* strictObject */.rej({ currency: str, amount }));
const workforceTrendPoint = schemas/* strictObject */.rej({
    date: commitTime,
    commit,
    repository: str,
    exposureFte: amount.describe('Totals over all repositories after this change (carried forward in a merge).'),
    headcount: count,
    budget,
    repositoryExposureFte: amount.describe('The same figures for `repository` alone.'),
    repositoryHeadcount: count,
    repositoryBudget: budget,
})
    .meta({ id: 'workforceTrendPoint', description: 'A commit that changed a card or the workforce file.' });
/** The fields of a trend common to the carbon and workforce trends. */
function trendOf(point, scanned) {
    return schemas/* strictObject */.rej({
        status: trendStatus,
        shallow: schemas/* boolean */.zMY().describe("True when a repository's history is a shallow clone: the trend starts at its oldest fetched commit."),
        commitsScanned: count.describe(scanned),
        points: schemas/* array */.YOg(point),
        reason: str.optional(),
    });
}
const carbonTrend = trendOf(trendPoint, 'Commits that changed a card or carbon report (first-parent history of HEAD).');
const workforceTrend = trendOf(workforceTrendPoint, 'Commits that changed a card or the workforce file (first-parent history of HEAD).');
/** A reskilling programme of a repository's .github/modelgate-workforce.yml, with where it was declared. */
const programme = schemas/* strictObject */.rej({
    repository: str,
    file: str,
    name: str,
    headcount: count,
    budget: schemas/* strictObject */.rej({ amount, currency: str }),
    period: schemas/* strictObject */.rej({ start: date, end: date }),
    roles: strList.describe('Roles the programme reskills (matched to card roles, case-insensitive).'),
    models: strList.describe('Model directories whose affected staff the programme covers.'),
});
const schema_coverage = schemas/* number */.aig().min(0).nullable();
const schema_workforce = schemas/* strictObject */.rej({
    exposureFte: amount.describe("FTE affected, summed over the models' cards."),
    headcount: count.describe('Headcount of the programmes running on the report date, each counted once.'),
    coverage: schema_coverage.describe('headcount / exposureFte, 4 decimals; null when no FTE is affected.'),
    budget: budget.describe('Budgets of the running programmes, per currency.'),
    models: schemas/* array */.YOg(schemas/* strictObject */.rej({ repository: str, path: str, name: str, fte: amount, headcount: count, coverage: schema_coverage, programmes: strList }))
        .describe('Models with FTE affected or covered by a running programme, least covered first.'),
    programmes: schemas/* array */.YOg(programme.extend({ status: schemas/* enum */.k5n(['running', 'planned', 'ended']), covers: strList })),
    trend: workforceTrend,
})
    .describe('Reskilling against automation exposure (board KPI).');
const gate = schemas/* strictObject */.rej({
    models: count,
    failing: count,
    reasons: schemas/* array */.YOg(schemas/* strictObject */.rej({ check: schemas/* enum */.k5n(types/* CHECK_IDS */.Sh), phrase: str, models: count }))
        .describe('Per check, the models it blocks (a failure or an error at level error); most models first.'),
    headline: str.describe('"2 of 3 models fail the gate: audit missing (1), dataset hashes unverified (1)".'),
})
    .describe("The board pack's first line: how many models fail the gate, and the checks that fail them most.");
const highRiskEntry = schemas/* strictObject */.rej({
    repository: str,
    path: str,
    name: str,
    ok: schemas/* boolean */.zMY(),
    limitDays: count,
    reason: str,
    audit: schemas/* strictObject */.rej({ id: str, date: date.optional(), ageDays: days.optional(), auditor: str.optional() }).optional(),
});
const openFinding = schemas/* strictObject */.rej({
    repository: str,
    audit: str,
    auditFile: str,
    id: str,
    title: str,
    severity,
    models: modelPaths.describe("Model paths the finding's audit covers (and that list the audit)."),
    due: date.optional(),
    owner: str.optional(),
    auditDate: date.optional(),
    ageDays: days.optional(),
    overdueDays: schemas/* int */.Whr().min(1).optional(),
});
const unverifiedDataset = schemas/* strictObject */.rej({
    repository: str,
    ref: str,
    reason: str,
    files: count,
    verifiedFiles: count,
    models: modelPaths,
    manifest: str.optional(),
    name: str.optional(),
});
const vendorSummary = schemas/* strictObject */.rej({
    name: str,
    models: schemas/* array */.YOg(schemas/* strictObject */.rej({ repository: str, path: str, name: str, checklist: schema_vendorChecklist, score: share, contract: str.optional() }))
        .min(1),
    items: keyed(VENDOR_ITEMS, schemas/* strictObject */.rej({ met: count, total: count })),
    score: share.describe("Items met / (items x models), 0..1."),
});
const schema_methods = schemas/* strictObject */.rej({ compliance: str, highRiskAudit: str, findings: str, datasets: str, vendors: str, carbon: str, workforce: str })
    .describe('How each figure is computed, in words; every renderer prints these.');
const modelRef = schemas/* strictObject */.rej({ repository: str, path: str, name: str });
/** The KPI report as modelgate writes it. */
const kpiReportSchema = schemas/* strictObject */.rej({
    schemaVersion: schemas/* literal */.euz(1),
    kind: schemas/* literal */.euz('modelgate-kpi'),
    tool: schemas/* strictObject */.rej({ name: schemas/* literal */.euz('modelgate'), version: str }),
    generatedAt: dateTime,
    asOf: date.describe('The date ages and due dates are computed against (the latest one in a merge).'),
    gate,
    repositories: schemas/* array */.YOg(repository).min(1),
    methods: schema_methods,
    tiers: keyed(TIER_KEYS, count),
    highRiskAudit: schemas/* strictObject */.rej({ models: count, covered: count, share: share.nullable(), entries: schemas/* array */.YOg(highRiskEntry) }),
    compliance: schema_compliance,
    findings: schemas/* strictObject */.rej({
        open: count,
        overdue: count,
        bySeverity: keyed(types/* SEVERITIES */.oC, count),
        byAge: schemas/* array */.YOg(schemas/* strictObject */.rej({ bucket: schemas/* enum */.k5n(AGE_BUCKETS), total: count, bySeverity: keyed(types/* SEVERITIES */.oC, count) })),
        items: schemas/* array */.YOg(openFinding).describe('Open findings: overdue first (most overdue first), then by severity, then oldest first.'),
    }),
    datasets: schemas/* strictObject */.rej({ total: count, verified: count, unverified: schemas/* array */.YOg(unverifiedDataset) }),
    vendors: schemas/* array */.YOg(vendorSummary),
    carbon: schemas/* strictObject */.rej({
        totalKg: amount,
        totalKwh: amount.describe('Sum over the models whose energy is known.'),
        modelsWithFigure: count,
        modelsWithEnergy: count,
        withoutFigure: schemas/* array */.YOg(modelRef),
        trend: carbonTrend,
    }),
    workforce: schema_workforce,
    models: schemas/* array */.YOg(model),
});
/**
 * What `modelgate report --merge` accepts, and what schema/kpi-report.schema.json publishes: a
 * report as written, where `gate`, `workforce` and `methods.workforce` may be absent so that reports
 * written before them still merge.
 */
const schema_kpiReportInputSchema = kpiReportSchema.extend({
    gate: gate.optional(),
    methods: schema_methods.partial({ workforce: true }),
    workforce: schema_workforce.optional(),
});
/** The published JSON Schema (draft-07): what `npm run schemas` writes. */
function kpiReportJsonSchema() {
    return jsonSchemaOf(schema_kpiReportInputSchema, {
        $id: KPI_SCHEMA_ID,
        title: 'modelgate KPI report',
        description: 'Output of `modelgate report --format json` (schemaVersion 1), and input of `modelgate report --merge`. See docs/report.md for what each figure means.',
    });
}

;// CONCATENATED MODULE: ./src/kpi/merge.ts
// One organisation report from several repositories' JSON KPI reports. Inputs are validated against
// the KPI report's zod schema first; aggregates are then recomputed from the union of their models,
// and the carbon trends are interleaved by date with each repository's last total carried forward.




/** Parsed JSON read as a KPI report, or what is wrong with it (at most 10 problems, each "/json/pointer: message"). */
function parseKpiReport(data) {
    const parsed = parseWith(kpiReportInputSchema, data);
    return parsed.ok ? { ok: true, report: parsed.value } : parsed;
}
function mergeKpiReports(reports, options) {
    if (reports.length === 0)
        throw new Error('nothing to merge');
    const repositories = reports.flatMap((r) => r.repositories);
    const seen = new Set();
    for (const r of repositories) {
        if (seen.has(r.name))
            throw new Error(`repository "${r.name}" appears in more than one report; name them apart (modelgate report --repository NAME)`);
        seen.add(r.name);
    }
    const asOf = reports.map((r) => r.asOf).reduce((a, b) => (b > a ? b : a));
    return aggregate({
        toolVersion: options.toolVersion,
        generatedAt: options.generatedAt,
        asOf,
        repositories,
        models: reports.flatMap((r) => r.models),
        trend: mergeTrends(reports.map((r) => ({ label: r.repositories.map((x) => x.name).join(', '), trend: r.carbon.trend }))),
        programmes: reports.flatMap((r) => (r.workforce?.programmes ?? []).map(programmeOnly)),
        workforceTrend: mergeWorkforceTrends(reports.map((r) => ({ label: r.repositories.map((x) => x.name).join(', '), trend: r.workforce?.trend ?? absent }))),
    });
}
const absent = { status: 'unavailable', reason: 'the report predates the workforce KPI', shallow: false, commitsScanned: 0, points: [] };
/** A programme as its repository declared it, without the figures the report derived from it. */
function programmeOnly(p) {
    return { repository: p.repository, file: p.file, name: p.name, headcount: p.headcount, budget: { ...p.budget }, period: { ...p.period }, roles: [...p.roles], models: [...p.models] };
}
/** Workforce points interleaved by date, each repository's last figures carried forward into the totals. */
function mergeWorkforceTrends(inputs) {
    return mergeHistories(inputs, (p, latest) => ({
        ...p,
        exposureFte: roundKg(latest.reduce((n, x) => n + x.repositoryExposureFte, 0)),
        headcount: latest.reduce((n, x) => n + x.repositoryHeadcount, 0),
        budget: budgetOf(latest.flatMap((x) => x.repositoryBudget.map((b) => ({ budget: b })))),
    }));
}
function mergeTrends(inputs) {
    return mergeHistories(inputs, (p, latest) => ({ ...p, totalKg: roundKg(latest.reduce((n, x) => n + x.repositoryTotalKg, 0)) }));
}
/**
 * Several repositories' trends as one: every point in date order (ties keep input order), each
 * recomputed by `total` from the latest point of every repository so far, so an organisation's
 * figure at a date is the sum of each repository's figure then.
 */
function mergeHistories(inputs, total) {
    const ordered = inputs
        .flatMap((x) => x.trend.points)
        .map((p, i) => ({ p, i }))
        .sort((a, b) => a.p.date.localeCompare(b.p.date) || a.i - b.i)
        .map((x) => x.p);
    const latest = new Map();
    const points = ordered.map((p) => {
        latest.set(p.repository, p);
        return total(p, [...latest.values()]);
    });
    const reasons = inputs.flatMap((x) => (x.trend.reason ? [`${x.label}: ${x.trend.reason}`] : []));
    const trend = {
        status: inputs.some((x) => x.trend.status === 'ok') ? 'ok' : 'unavailable',
        shallow: inputs.some((x) => x.trend.shallow),
        commitsScanned: inputs.reduce((n, x) => n + x.trend.commitsScanned, 0),
        points,
    };
    if (reasons.length > 0)
        trend.reason = [...new Set(reasons)].join('; ');
    return trend;
}

// EXTERNAL MODULE: ./src/evidence/workforce.ts
var evidence_workforce = __webpack_require__(98385);
;// CONCATENATED MODULE: ./src/kpi/readWorkforce.ts





async function readWorkforce(reader, report, repository) {
    const cards = new Map();
    await Promise.all(report.models.map(async (m) => {
        const path = m.facts.card;
        if (!path)
            return;
        const r = await reader.read(path, store/* MAX_EVIDENCE_BYTES */.bU);
        if (r.kind !== 'ok')
            return;
        const text = (0,load/* decodeText */.g7)(r.bytes, path);
        const card = text.ok ? (0,modelCard/* parseModelCard */.fs)(text.value, path) : undefined;
        const w = card?.ok ? card.value.governance.workforce : undefined;
        if (w)
            cards.set(m.path, kpiWorkforce(w));
    }));
    const r = await reader.read(evidence_workforce/* WORKFORCE_FILE */.WH, store/* MAX_EVIDENCE_BYTES */.bU);
    if (r.kind === 'missing')
        return { cards, programmes: [] };
    if (r.kind !== 'ok')
        return { cards, programmes: [], file: { file: evidence_workforce/* WORKFORCE_FILE */.WH, programmes: 0, errors: [`${evidence_workforce/* WORKFORCE_FILE */.WH}: cannot be read (${r.kind})`] } };
    const text = (0,load/* decodeText */.g7)(r.bytes, evidence_workforce/* WORKFORCE_FILE */.WH);
    const parsed = text.ok ? (0,evidence_workforce/* parseWorkforceFile */.QO)(text.value, evidence_workforce/* WORKFORCE_FILE */.WH) : text;
    if (!parsed.ok) {
        const errors = parsed.errors.map((e) => `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`);
        return { cards, programmes: [], file: { file: evidence_workforce/* WORKFORCE_FILE */.WH, programmes: 0, errors } };
    }
    const programmes = parsed.value.programmes.map((p) => kpiProgramme(p, repository, evidence_workforce/* WORKFORCE_FILE */.WH));
    return { cards, programmes, file: { file: evidence_workforce/* WORKFORCE_FILE */.WH, programmes: programmes.length, errors: [] } };
}

;// CONCATENATED MODULE: ./src/kpi/cardFacts.ts
// What the history trends read from a version of a model card: the carbon figure of its
// co2_eq_emissions, the carbon report it names and the workforce roles it declares, each exactly as
// parseModelCard reads them. All three come from the front matter, each from one top-level key, and a
// history's versions of a card mostly differ in one entry. So a front matter is split into its
// top-level entries ("blocks") and each distinct block is parsed once, on its own: a commit that
// changes one entry costs the parse of that entry, not of the whole front matter. The split is taken
// only where it cannot change the answer (splitBlocks); anything else is parsed whole.



const NONE = Object.freeze({ roles: Object.freeze([]) });
/** A key line: a plain key that YAML's core schema reads as that very string, then `: ` or the line's end. */
const KEY_LINE = /[A-Za-z_][A-Za-z0-9_-]*(?=:(?: |\n|$))/y;
/** Core-schema plain scalars that are not strings (`true:` is the boolean key true, equal to `True:`). */
const NOT_A_STRING = new Set(['true', 'false', 'null']);
/**
 * The front matter as its top-level entries, or undefined when the split might not read as the whole
 * does. Every line at column 0 must be a key line (it starts an entry), a comment, a sequence entry
 * (`- `, the value of the entry above) or empty; any other (a quoted or complex key, a flow
 * collection, a directive, a document marker, a tab) leaves the front matter to the whole parse. A key
 * line at column 0 can continue nothing that parses on its own: it ends a plain or block scalar, and
 * an open quote or bracket before it makes the entry above fail alone, which the caller also leaves to
 * the whole parse. What spans entries is refused here: a repeated key (the whole parse fails), and any
 * `&` or `*`, as anchors and aliases cross entries and the alias cap counts per document.
 */
function splitBlocks(yaml) {
    if (yaml.includes('*') || yaml.includes('&'))
        return undefined;
    const starts = [];
    const keys = new Set();
    for (let at = 0; at <= yaml.length;) {
        const newline = yaml.indexOf('\n', at);
        const next = newline === -1 ? yaml.length + 1 : newline + 1;
        const c = yaml[at];
        if (c === undefined || c === '\n' || c === '#') {
            at = next;
            continue;
        }
        if (c === ' ') {
            // Before the first key an indented line would be content of no entry.
            if (starts.length === 0)
                return undefined;
            at = next;
            continue;
        }
        if (c === '-' && (yaml[at + 1] === ' ' || yaml[at + 1] === '\n' || at + 1 === yaml.length)) {
            if (starts.length === 0)
                return undefined; // a list as the whole front matter
            at = next;
            continue;
        }
        KEY_LINE.lastIndex = at;
        const key = KEY_LINE.exec(yaml)?.[0];
        if (key === undefined || NOT_A_STRING.has(key.toLowerCase()) || keys.has(key))
            return undefined;
        keys.add(key);
        starts.push({ key, at });
        at = next;
    }
    if (starts.length === 0)
        return undefined;
    // The line break before the next entry belongs to this one: a block scalar keeps it, and one at
    // the very end of the front matter does not (parseYaml reads an open end as the Hub does).
    return starts.map((s, n) => ({ key: s.key, text: yaml.slice(s.at, starts[n + 1]?.at ?? yaml.length) }));
}
/**
 * Reads card facts with three caches: by blob id, by front matter text and by block text, so each
 * distinct block of each card's history is parsed once. One reader serves both trends of a report.
 */
class CardFactsReader {
    byBlob = new Map();
    byFrontMatter = new Map();
    /** null: the block does not parse on its own. */
    byBlock = new Map();
    /** Parses made, for tests: whole front matters and single blocks. */
    parses = { whole: 0, blocks: 0 };
    /** The facts of the card held in `blob` (none when it is unreadable, not text or has no front matter). */
    ofBlob(blob, file, texts) {
        let facts = this.byBlob.get(blob);
        if (facts)
            return facts;
        const r = texts.get(blob);
        const text = r?.kind === 'ok' ? (0,load/* decodeText */.g7)(r.bytes, file) : undefined;
        const yaml = text?.ok ? (0,modelCard/* frontMatterText */.mX)(text.value) : undefined;
        facts = yaml === undefined ? NONE : this.ofFrontMatter(yaml, file);
        // A missing blob may be read later (another pass): only what was read is remembered.
        if (r)
            this.byBlob.set(blob, facts);
        return facts;
    }
    /** The facts of a front matter (the text between the `---` lines, as frontMatterText gives it). */
    ofFrontMatter(yaml, file) {
        let facts = this.byFrontMatter.get(yaml);
        if (!facts) {
            facts = this.fromBlocks(yaml, file) ?? this.whole(yaml, file);
            this.byFrontMatter.set(yaml, facts);
        }
        return facts;
    }
    /** As parseModelCard reads the whole front matter: the reference the block path must agree with. */
    whole(yaml, file) {
        this.parses.whole++;
        return factsOf((0,modelCard/* parseModelCard */.fs)(`---\n${yaml}\n---\n`, file), file);
    }
    fromBlocks(yaml, file) {
        const blocks = splitBlocks(yaml);
        if (!blocks)
            return undefined;
        let kg;
        let governance = NONE;
        for (const b of blocks) {
            let facts = this.byBlock.get(b.text);
            if (facts === undefined) {
                this.parses.blocks++;
                const card = (0,modelCard/* parseModelCard */.fs)(`---\n${b.text}\n---\n`, file);
                facts = card.ok ? factsOf(card, file) : null;
                this.byBlock.set(b.text, facts);
            }
            // One that fails alone: the whole parse decides (and a failure anywhere means no facts at all).
            if (facts === null)
                return undefined;
            if (b.key === 'co2_eq_emissions')
                kg = facts.kg;
            if (b.key === 'governance')
                governance = facts;
        }
        if (kg === undefined)
            return governance;
        return { ...governance, kg };
    }
}
function factsOf(card, file) {
    if (!card.ok)
        return NONE;
    const facts = { roles: card.value.governance.workforce?.roles ?? [] };
    const fig = (0,carbon/* carbonFromCardField */.Q0)(card.value.co2, file);
    if (fig?.ok)
        facts.kg = fig.value.kg;
    const ref = card.value.governance.carbonReport;
    if (ref !== undefined)
        facts.carbonReport = ref;
    return facts;
}

// EXTERNAL MODULE: ./src/evidence/codecarbon.ts + 9 modules
var codecarbon = __webpack_require__(96745);
// EXTERNAL MODULE: ./src/paths.ts
var paths = __webpack_require__(8431);
;// CONCATENATED MODULE: ./src/kpi/trend.ts






/** `reader` may be shared with the workforce trend of the same report: card versions are then read once. */
async function trend_carbonTrend(source, models, repository, reader = new CardFactsReader()) {
    const cards = [...new Set(models.map((m) => m.card))];
    const cardCommits = await source.log(cards);
    const cardBlobs = blobsOf(cardCommits, new Set(cards));
    const cardTexts = await source.read([...cardBlobs]);
    const parsedCards = new Map();
    const cardOf = new Map(models.map((m) => [m.path, m.card]));
    // Every carbon report any version of a card named: their history is read in the same pass.
    const reportPaths = new Set();
    for (const commit of cardCommits) {
        for (const c of commit.changes) {
            if (!c.blob)
                continue;
            const parsed = parseCard(c.blob, c.path, cardTexts, reader, parsedCards);
            if (parsed.reportPath)
                reportPaths.add(parsed.reportPath);
        }
    }
    const commits = reportPaths.size === 0 ? cardCommits : await source.log([...new Set([...cards, ...reportPaths])]);
    const reportBlobs = blobsOf(commits, reportPaths);
    const reportTexts = await source.read([...reportBlobs].filter((b) => !cardTexts.has(b)));
    for (const [k, v] of cardTexts)
        if (!reportTexts.has(k))
            reportTexts.set(k, v);
    const blobAt = new Map();
    const current = new Map(models.map((m) => [m.path, null]));
    const reportFigures = new Map();
    // Each model's card blob at the last commit and what it gives: most commits leave most cards alone.
    const lastCard = new Map();
    const points = [];
    for (const commit of commits) {
        const touched = new Set();
        for (const c of commit.changes) {
            blobAt.set(c.path, c.blob);
            touched.add(c.path);
        }
        const changes = [];
        for (const m of models) {
            const card = cardOf.get(m.path) ?? m.card;
            const cardBlob = blobAt.get(card) ?? null;
            let seen = lastCard.get(m.path);
            if (seen?.blob !== cardBlob) {
                seen = { blob: cardBlob, parsed: cardBlob ? parseCard(cardBlob, card, cardTexts, reader, parsedCards) : {} };
                lastCard.set(m.path, seen);
            }
            const parsed = seen.parsed;
            if (!touched.has(card) && !(parsed.reportPath && touched.has(parsed.reportPath)))
                continue;
            let kg = parsed.kg ?? null;
            if (parsed.reportPath) {
                const reportBlob = blobAt.get(parsed.reportPath) ?? null;
                const fig = reportBlob ? reportFigure(reportBlob, parsed.reportPath, reportTexts, reportFigures) : null;
                if (fig)
                    kg = fig.kg;
            }
            if (kg !== current.get(m.path)) {
                current.set(m.path, kg);
                changes.push({ model: m.path, kg });
            }
        }
        if (changes.length === 0)
            continue;
        const total = totalOf(current);
        points.push({
            date: new Date(commit.time * 1000).toISOString(),
            commit: commit.sha,
            repository,
            totalKg: total,
            repositoryTotalKg: total,
            models: [...current.values()].filter((v) => v !== null).length,
            changes,
        });
    }
    return { points, commitsScanned: commits.length, final: current };
}
function totalOf(figures) {
    let sum = 0;
    for (const v of figures.values())
        if (v !== null)
            sum += v;
    return aggregate_roundKg(sum);
}
function blobsOf(commits, paths) {
    const blobs = new Set();
    for (const commit of commits)
        for (const c of commit.changes)
            if (c.blob && paths.has(c.path))
                blobs.add(c.blob);
    return blobs;
}
function textOf(blob, path, texts) {
    const r = texts.get(blob);
    if (r?.kind !== 'ok')
        return undefined;
    const t = (0,load/* decodeText */.g7)(r.bytes, path);
    return t.ok ? t.value : undefined;
}
/** A card version's carbon figure and the report path it names, resolved from the card's directory. */
function parseCard(blob, path, texts, cards, cache) {
    const key = `${blob}\0${path}`;
    let result = cache.get(key);
    if (result)
        return result;
    const facts = cards.ofBlob(blob, path, texts);
    result = {};
    if (facts.kg !== undefined)
        result.kg = facts.kg;
    if (facts.carbonReport !== undefined) {
        const resolved = (0,paths/* resolveRepoPath */.qo)((0,paths/* dirOf */.Rw)(path), facts.carbonReport);
        if (resolved.ok)
            result.reportPath = resolved.path;
    }
    cache.set(key, result);
    return result;
}
function reportFigure(blob, path, texts, cache) {
    const key = `${blob}\0${path}`;
    const hit = cache.get(key);
    if (hit !== undefined)
        return hit;
    let figure = null;
    const text = textOf(blob, path, texts);
    if (text !== undefined) {
        if (path.toLowerCase().endsWith('.json')) {
            const json = (0,load/* parseJson */.qF)(text, path);
            const fig = json.ok ? (0,carbon/* carbonFromCycloneDx */.l2)(json.value, path) : undefined;
            if (fig?.ok)
                figure = fig.value;
        }
        else {
            const csv = (0,codecarbon/* parseCodeCarbonCsv */.mo)(text, path);
            if (csv.ok)
                figure = csv.value.figure;
        }
    }
    cache.set(key, figure);
    return figure;
}

;// CONCATENATED MODULE: ./src/kpi/workforceTrend.ts
// Workforce exposure and reskilling over a repository's history: at each commit that changed a
// current model's card or the workforce file, the FTE the cards declare and the headcount and budget
// of the programmes running on the commit date, read the way the report reads them today. Uses the
// same HistorySource as the carbon trend (git log and cat-file, no checkout).





/** `reader` may be shared with the carbon trend of the same report: card versions are then read once. */
async function workforceTrend_workforceTrend(source, models, repository, reader = new CardFactsReader()) {
    const cards = [...new Set(models.map((m) => m.card))];
    const commits = await source.log([...cards, evidence_workforce/* WORKFORCE_FILE */.WH]);
    const blobs = new Set();
    for (const c of commits)
        for (const ch of c.changes)
            if (ch.blob)
                blobs.add(ch.blob);
    const texts = await source.read([...blobs]);
    const programmeCache = new Map();
    const blobAt = new Map();
    const points = [];
    // No point until something is declared: history before the first declaration is not a change.
    let last = JSON.stringify({ exposureFte: 0, headcount: 0, budget: [] });
    for (const commit of commits) {
        for (const ch of commit.changes)
            blobAt.set(ch.path, ch.blob);
        const date = new Date(commit.time * 1000).toISOString();
        const fileBlob = blobAt.get(evidence_workforce/* WORKFORCE_FILE */.WH) ?? null;
        const programmes = fileBlob ? programmesOf(fileBlob, texts, programmeCache, repository) : [];
        const running = programmes.filter((p) => programmeStatus(p, date.slice(0, 10)) === 'running');
        let fte = 0;
        for (const m of models) {
            const blob = blobAt.get(m.card) ?? null;
            if (blob)
                for (const r of reader.ofBlob(blob, m.card, texts).roles)
                    fte += r.fte;
        }
        const figures = { exposureFte: aggregate_roundKg(fte), headcount: running.reduce((n, p) => n + p.headcount, 0), budget: workforce_budgetOf(running) };
        const key = JSON.stringify(figures);
        if (key === last)
            continue;
        last = key;
        points.push(point(date, commit.sha, repository, figures));
    }
    return { points, commitsScanned: commits.length };
}
function point(date, commit, repository, f) {
    return { date, commit, repository, ...f, repositoryExposureFte: f.exposureFte, repositoryHeadcount: f.headcount, repositoryBudget: f.budget };
}
/** The figures a point would carry, for comparing the working tree with the last commit. */
function figuresOf(p) {
    return JSON.stringify({ exposureFte: p.exposureFte, headcount: p.headcount, budget: p.budget });
}
function workforceTrend_text(blob, path, texts) {
    const r = texts.get(blob);
    if (r?.kind !== 'ok')
        return undefined;
    const t = (0,load/* decodeText */.g7)(r.bytes, path);
    return t.ok ? t.value : undefined;
}
function programmesOf(blob, texts, cache, repository) {
    const hit = cache.get(blob);
    if (hit)
        return hit;
    const t = workforceTrend_text(blob, evidence_workforce/* WORKFORCE_FILE */.WH, texts);
    const parsed = t === undefined ? undefined : (0,evidence_workforce/* parseWorkforceFile */.QO)(t, evidence_workforce/* WORKFORCE_FILE */.WH);
    const out = parsed?.ok ? parsed.value.programmes.map((p) => kpiProgramme(p, repository, evidence_workforce/* WORKFORCE_FILE */.WH)) : [];
    cache.set(blob, out);
    return out;
}

;// CONCATENATED MODULE: ./src/policy/floor.ts
// The organisation floor (spec section 2): an org's `.github` repository sets a policy every
// repository must meet. A repository may tighten it (raise a level, lower a threshold, require more)
// but not loosen it. Each loosening is one Diagnostic, which the App adds to the policy's errors so
// it fails `policy.valid`. Pure: it compares two resolved policies and reads nothing. How each
// option compares is written in the check catalogue (src/policy/floorRules.ts has the rules).



const LEVEL_RANK = { off: 0, warn: 1, error: 2 };
/** Every way `repo` is looser than `org`, per check and per risk tier, plus the model-discovery rules. */
function floorViolations(org, repo, file = CONFIG_PATH) {
    const out = [];
    const say = (message) => out.push({ file, message: `${message} (organisation floor: ${org.source})` });
    for (const id of MODEL_CHECK_IDS) {
        const base = compareSetting(id, settingFor(org, id, null), settingFor(repo, id, null));
        for (const m of base)
            say(`checks.${id}${m}`);
        for (const tier of RISK_TIERS) {
            // Without a tier override on either side the tier's setting is the base one, already compared;
            // with one, a looseness the tier merely inherits from the base is reported once, for the base.
            if (!hasTierOverride(org, tier, id) && !hasTierOverride(repo, tier, id))
                continue;
            for (const m of compareSetting(id, settingFor(org, id, tier), settingFor(repo, id, tier)))
                if (!base.includes(m))
                    say(`tiers.${tier}.${id}${m}`);
        }
    }
    // An ignore glob or a narrower artifact list hides models from every check at once.
    const orgIgnore = new Set(org.models.ignore);
    const extraIgnore = repo.models.ignore.filter((g) => !orgIgnore.has(g));
    if (extraIgnore.length > 0)
        say(`models.ignore adds ${extraIgnore.map((g) => `"${g}"`).join(', ')}, which hides models the organisation gates`);
    const repoArtifacts = new Set(repo.models.artifacts);
    const droppedArtifacts = org.models.artifacts.filter((g) => !repoArtifacts.has(g));
    if (droppedArtifacts.length > 0)
        say(`models.artifacts drops ${droppedArtifacts.map((g) => `"${g}"`).join(', ')}, which the organisation uses to find models`);
    if (org.models.links === 'deny' && repo.models.links !== 'deny')
        say(`models.links is "${repo.models.links}"; the organisation allows no symbolic links in models ("deny")`);
    if (repo.models.binaryThresholdMib > org.models.binaryThresholdMib) {
        say(`models.binary_threshold_mib raises the size above which a binary file is taken for weights from ${org.models.binaryThresholdMib} to ${repo.models.binaryThresholdMib}`);
    }
    return out;
}
function hasTierOverride(policy, tier, id) {
    return policy.tiers[tier]?.[id] !== undefined;
}
/** Messages (each starting with the option path) for one check's effective setting. */
function compareSetting(id, org, repo) {
    if (org.level === 'off')
        return [];
    if (LEVEL_RANK[repo.level] < LEVEL_RANK[org.level]) {
        return [` is "${repo.level}"; the organisation requires at least "${org.level}"`];
    }
    const messages = [];
    for (const [option, spec] of Object.entries(CATALOGUE[id].options)) {
        const m = spec.floor(org.options[option], repo.options[option]);
        if (m)
            messages.push(`.${option} ${m}`);
    }
    return messages;
}

// EXTERNAL MODULE: ./src/policy/fromRepo.ts
var fromRepo = __webpack_require__(20712);
// EXTERNAL MODULE: ./src/waivers.ts
var waivers = __webpack_require__(25566);
;// CONCATENATED MODULE: ./src/index.ts
// The core's public entry: everything adapters/, cli/, action/ and app/ use from src/ is exported
// here or, for the check path alone, from src/check.ts (re-exported below), and ESLint refuses a
// deeper import from them. The core itself is pure (no file system, processes, environment or
// network): it is driven through ports (RepoReader, HistorySource) that adapters implement.

































/***/ })

};
