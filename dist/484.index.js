export const id = 484;
export const ids = [484];
export const modules = {

/***/ 91484:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   attestPassingModels: () => (/* binding */ attestPassingModels)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68307);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _src_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(66698);
/* harmony import */ var _evaluateChange_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4658);
// `attest: true`: signs one governance statement per passing model with @actions/attest (Sigstore
// through GitHub's OIDC token, stored with the repository's attestations), so anyone holding the
// weights can run `gh attestation verify <file> --repo owner/name --predicate-type <uri>`.
// Only passing models are signed: `gh attestation verify` checks who signed and the predicate type,
// not the verdict, so a signed statement of this type must mean "passed". Loaded only when asked:
// @actions/attest and Sigstore are most of the bundle.






async function attestPassingModels(checkout, change, configPath, checked, repo, token, env = process.env) {
    if (!token)
        throw new Error('attest: github-token is empty; storing attestations needs a token with "attestations: write"');
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
        throw new Error('attest: no OIDC token is available; give the job "permissions: id-token: write" (and "attestations: write"). Pull requests from forks never get one: attest on push instead');
    }
    const statements = await buildStatements(checkout, change, configPath, checked, repo);
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'modelgate-attestations-'));
    const { attest } = await Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(232)]).then(__webpack_require__.bind(__webpack_require__, 59232));
    const attested = [];
    for (const s of statements) {
        const model = s.predicate.model.path || '.';
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, (0,_src_index_js__WEBPACK_IMPORTED_MODULE_4__/* .statementFileName */ .rC)(s.predicate.model.path).replace(/\.intoto\.json$/, '.sigstore.json'));
        if (s.predicate.verdict !== 'pass') {
            _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`modelgate: ${model} fails, so it is not attested`);
            continue;
        }
        const result = await attest({ subjects: s.subject, predicateType: s.predicateType, predicate: s.predicate, token });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, JSON.stringify(result.bundle) + '\n');
        attested.push({ model, bundle: file, ...(result.attestationID ? { attestationId: result.attestationID } : {}) });
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`modelgate: attested ${model} (${s.subject.length} subject(s))${result.attestationID ? `: attestation ${result.attestationID}` : ''}`);
    }
    return { dir, attested };
}
/** Statements of the evaluation: the policy that judged it, evidence from the head commit, the policy file's digest from the base. */
async function buildStatements(checkout, change, configPath, { report, policy: loaded }, repo) {
    return (0,_evaluateChange_js__WEBPACK_IMPORTED_MODULE_5__/* .withChangeReaders */ .F)(checkout, change, async (base, head) => {
        const digest = await (0,_src_index_js__WEBPACK_IMPORTED_MODULE_4__/* .policyDigest */ .p1)(base, configPath);
        return (0,_src_index_js__WEBPACK_IMPORTED_MODULE_4__/* .statementsFor */ .YQ)(report, head, loaded.policy, {
            repository: `${repo.owner}/${repo.repo}`,
            commit: change.headSha,
            policy: { file: digest ? configPath : null, digest, revision: change.baseSha, extends: loaded.policy.extends },
        });
    });
}


/***/ })

};
