export const id = 413;
export const ids = [413];
export const modules = {

/***/ 12364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c_: () => (/* binding */ apiRetryBaseMs),
/* harmony export */   s1: () => (/* binding */ clientOptions)
/* harmony export */ });
/* unused harmony exports DO_NOT_RETRY, API_RETRY_BASE_MS */
/* harmony import */ var bottleneck__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62203);
/* harmony import */ var bottleneck__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(bottleneck__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _rateLimit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97038);
/* harmony import */ var _timeout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51224);
// How the Action and the App talk to GitHub: the same retry, throttling and time-limit options on
// whichever Octokit each builds (the Action's @actions/github client for a token, the App's
// ProbotOctokit for an installation). Retries cover 5xx answers, time-outs and other transient
// failures (3, with growing delays); rate limits are waited out within a bound (rateLimit.ts); every
// request has a time limit (timeout.ts). Whatever still fails reaches the caller as an error, and
// both fail closed on it. Creates opt out of retries (`request: { retries: 0 }`, see createOnce.ts).
// No Octokit is built here, so that the App does not load the Action's and the Action's bundle not
// Probot: tokenClient.ts builds the Action's.



/** Statuses the retry plugin gives up on at once: its defaults, and 429 (a rate limit: the throttling plugin's business). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/**
 * Milliseconds per second of the plugins' waits: the retry delays (1, 4, 9 units), a rate limit's
 * retry-after, the pacing of writes (see PACING), and createOnce's delays. Test-only:
 * MODELGATE_API_RETRY_BASE_MS shortens it so the suite does not sit through real seconds.
 */
const API_RETRY_BASE_MS = 1000;
function apiRetryBaseMs(env = process.env) {
    return (0,_timeout_js__WEBPACK_IMPORTED_MODULE_1__/* .millisecondsSetting */ .Vw)(env, 'MODELGATE_API_RETRY_BASE_MS', 1, API_RETRY_BASE_MS, API_RETRY_BASE_MS);
}
/**
 * The throttling plugin's pacing queues, in units of its own seconds: writes 1 apart, writes that
 * notify people (a comment, an issue) 3 apart, searches 2 apart. For a shortened unit they are
 * rebuilt with that unit (one set per unit and process, as the plugin keeps its own), or a test
 * that comments twice would still wait out the plugin's real 3 s.
 */
const PACING = { write: 1, notifications: 3, search: 2 };
const shortenedPacing = new Map();
function shortenedWaits(baseMs) {
    if (baseMs === API_RETRY_BASE_MS)
        return {};
    let pacing = shortenedPacing.get(baseMs);
    if (!pacing) {
        const group = (name) => new (bottleneck__WEBPACK_IMPORTED_MODULE_0___default().Group)({ id: `modelgate-${name}`, maxConcurrent: 1, minTime: PACING[name] * baseMs });
        pacing = { write: group('write'), notifications: group('notifications'), search: group('search') };
        shortenedPacing.set(baseMs, pacing);
    }
    return { retryAfterBaseValue: baseMs, ...pacing };
}
/** The retry and throttling options both clients use; `fetch` is wrapped with the time limit. */
function clientOptions(log, fetch, scope, timeoutMs = (0,_timeout_js__WEBPACK_IMPORTED_MODULE_1__/* .apiTimeoutMs */ .Mq)()) {
    const baseMs = apiRetryBaseMs();
    const { retryAfterBaseValue, ...pacing } = shortenedWaits(baseMs);
    const retryBase = retryAfterBaseValue === undefined ? {} : { retryAfterBaseValue };
    return {
        retry: { doNotRetry: DO_NOT_RETRY, ...retryBase },
        throttle: { ...(0,_rateLimit_js__WEBPACK_IMPORTED_MODULE_2__/* .rateLimitHandlers */ .rq)(log.info), ...retryBase, ...pacing },
        request: { fetch: (0,_timeout_js__WEBPACK_IMPORTED_MODULE_1__/* .fetchWithTimeout */ .u9)(fetch, timeoutMs, scope) },
    };
}


/***/ }),

/***/ 13413:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(85555);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(86856);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12364);
// The client for a token (the Action's): @actions/github's Octokit (GITHUB_API_URL, proxy support)
// with the shared retry, throttling and time-limit options (client.ts); answers are read whole
// within the time limit.





function createGitHubClient(token, userAgent, log) {
    const request = _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request ?? {};
    const options = (0,_client_js__WEBPACK_IMPORTED_MODULE_2__/* .clientOptions */ .s1)(log, request.fetch ?? globalThis.fetch, 'exchange');
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        ...options,
        userAgent,
        // @actions/github fixes its base URL when first imported; read it per client, as a test that
        // runs the Action in process against a new local server each time needs.
        baseUrl: process.env.GITHUB_API_URL || _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.baseUrl,
        // getOctokit's defaults are replaced, not merged: keep its proxy-aware fetch and agent.
        request: { ...request, ...options.request },
        log: { debug: log.debug, info: log.debug, warn: (m) => log.info(m, undefined), error: (m) => log.info(m, undefined) },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
}


/***/ })

};
