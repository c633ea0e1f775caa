export const id = 831;
export const ids = [831];
export const modules = {

/***/ 25831:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  attestPassingModels: () => (/* binding */ attestPassingModels)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(56288);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/attest/statement.ts
var statement = __webpack_require__(60872);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/discovery.ts
var discovery = __webpack_require__(29989);
// EXTERNAL MODULE: ./src/evidence/load.ts
var load = __webpack_require__(32985);
// EXTERNAL MODULE: ./src/evidence/lfsPointer.ts
var lfsPointer = __webpack_require__(24881);
// EXTERNAL MODULE: ./src/evidence/store.ts + 4 modules
var store = __webpack_require__(11787);
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

// EXTERNAL MODULE: ./src/types.ts
var types = __webpack_require__(16141);
;// CONCATENATED MODULE: ./src/attest/schema.ts
// JSON Schema of the governance predicate (published as schema/governance-predicate.schema.json by
// `npm run schemas`). Built from the same catalogues as the report so the two never drift.



const SHA256 = { type: 'object', additionalProperties: false, required: ['sha256'], properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } };
const NULLABLE_STRING = { type: ['string', 'null'] };
function predicateSchema() {
    return {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: 'https://github.com/modelgate/modelgate/schema/governance-predicate.schema.json',
        title: `modelgate governance predicate (${PREDICATE_TYPE})`,
        description: 'The predicate of the in-toto Statement v1 modelgate issues per evaluated model: its verdict, each check outcome, the policy that judged it, the waivers applied and where it was evaluated.',
        type: 'object',
        additionalProperties: false,
        required: ['model', 'verdict', 'checks', 'policy', 'waivers', 'artifacts', 'evidence', 'tool', 'repository', 'commit', 'evaluatedAt'],
        properties: {
            model: {
                type: 'object',
                additionalProperties: false,
                required: ['path', 'name', 'riskTier'],
                properties: { path: { type: 'string' }, name: { type: 'string' }, riskTier: { enum: [...RISK_TIERS, null] } },
            },
            verdict: { enum: ['pass', 'fail'] },
            checks: {
                type: 'array',
                items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['id', 'level', 'outcome'],
                    properties: { id: { enum: [...CHECK_IDS] }, level: { enum: [...LEVELS] }, outcome: { enum: [...OUTCOMES] } },
                },
            },
            policy: {
                type: 'object',
                additionalProperties: false,
                required: ['file', 'digest', 'revision', 'extends'],
                properties: { file: NULLABLE_STRING, digest: { oneOf: [SHA256, { type: 'null' }] }, revision: NULLABLE_STRING, extends: NULLABLE_STRING },
            },
            waivers: {
                type: 'array',
                items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['check', 'reason', 'approver', 'expires', 'source'],
                    properties: {
                        check: { enum: [...CHECK_IDS] },
                        reason: { enum: [...WAIVER_REASONS] },
                        approver: { type: 'string' },
                        expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
                        source: { type: 'string' },
                    },
                },
            },
            artifacts: { type: 'array', items: { type: 'string' }, description: 'Subject names that are the model artifacts (weights).' },
            evidence: { type: 'array', items: { type: 'string' }, description: 'Subject names that are evidence files: card, manifests, dataset files, audits, carbon report.' },
            tool: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'version'],
                properties: { name: { const: 'modelgate' }, version: { type: 'string' } },
            },
            repository: NULLABLE_STRING,
            commit: NULLABLE_STRING,
            evaluatedAt: { type: 'string' },
        },
    };
}
function predicateSchemaText() {
    return JSON.stringify(predicateSchema(), null, 2) + '\n';
}
let validator;
/** Schema problems of a predicate, each as "/json/pointer: message"; empty when valid. */
function schema_predicateProblems(predicate) {
    validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(predicateSchema());
    if (validator(predicate))
        return [];
    return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
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
        out.push((0,statement/* buildStatement */.Y5)(report, model, await modelSubjects(reader, model, files, policy), context));
    return out;
}





// EXTERNAL MODULE: ./action/evaluateChange.ts + 1 modules
var evaluateChange = __webpack_require__(4658);
;// CONCATENATED MODULE: ./action/attest.ts
// `attest: true`: signs one governance statement per passing model with @actions/attest (Sigstore
// through GitHub's OIDC token, stored with the repository's attestations), so anyone holding the
// weights can run `gh attestation verify <file> --repo owner/name --predicate-type <uri>`.
// Only passing models are signed: `gh attestation verify` checks who signed and the predicate type,
// not the verdict, so a signed statement of this type must mean "passed". Loaded only when asked:
// @actions/attest and Sigstore are most of the bundle.






async function attestPassingModels(repoDir, change, configPath, checked, repo, token, env = process.env) {
    if (!token)
        throw new Error('attest: github-token is empty; storing attestations needs a token with "attestations: write"');
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
        throw new Error('attest: no OIDC token is available; give the job "permissions: id-token: write" (and "attestations: write"). Pull requests from forks never get one: attest on push instead');
    }
    const statements = await buildStatements(repoDir, change, configPath, checked, repo);
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'modelgate-attestations-'));
    const { attest } = await __webpack_require__.e(/* import() */ 842).then(__webpack_require__.bind(__webpack_require__, 49842));
    const attested = [];
    for (const s of statements) {
        const model = s.predicate.model.path || '.';
        const file = (0,external_node_path_.join)(dir, (0,statement/* statementFileName */.rC)(s.predicate.model.path).replace(/\.intoto\.json$/, '.sigstore.json'));
        if (s.predicate.verdict !== 'pass') {
            core/* info */.pq(`modelgate: ${model} fails, so it is not attested`);
            continue;
        }
        const result = await attest({ subjects: s.subject, predicateType: s.predicateType, predicate: s.predicate, token });
        await (0,promises_.writeFile)(file, JSON.stringify(result.bundle) + '\n');
        attested.push({ model, bundle: file, ...(result.attestationID ? { attestationId: result.attestationID } : {}) });
        core/* info */.pq(`modelgate: attested ${model} (${s.subject.length} subject(s))${result.attestationID ? `: attestation ${result.attestationID}` : ''}`);
    }
    return { dir, attested };
}
/** Statements of the evaluation: the policy that judged it, evidence from the head commit, the policy file's digest from the base. */
async function buildStatements(repoDir, change, configPath, { report, policy: loaded }, repo) {
    return (0,evaluateChange/* withChangeReaders */.F)(repoDir, change, async (base, head) => {
        const digest = await policyDigest(base, configPath);
        return statementsFor(report, head, loaded.policy, {
            repository: `${repo.owner}/${repo.repo}`,
            commit: change.headSha,
            policy: { file: digest ? configPath : null, digest, revision: change.baseSha, extends: loaded.policy.extends },
        });
    });
}


/***/ })

};
