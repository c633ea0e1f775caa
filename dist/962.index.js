export const id = 962;
export const ids = [962,413];
export const modules = {

/***/ 48962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commentBody: () => (/* binding */ commentBody),
  upsertStickyComment: () => (/* binding */ stickyComment_upsertStickyComment),
  workflowRunUrl: () => (/* binding */ workflowRunUrl)
});

// UNUSED EXPORTS: ACTION_MARKER, COMMENT_MARKER, COMMENT_MAX_CHARS

// EXTERNAL MODULE: ./src/check.ts + 24 modules
var check = __webpack_require__(92208);
// EXTERNAL MODULE: ./action/summary.ts
var summary = __webpack_require__(46889);
// EXTERNAL MODULE: ./adapters/github/errors.ts
var errors = __webpack_require__(5904);
// EXTERNAL MODULE: ./adapters/github/response.ts
var response = __webpack_require__(14528);
// EXTERNAL MODULE: ./adapters/github/timeout.ts
var timeout = __webpack_require__(51224);
// EXTERNAL MODULE: ./adapters/github/rateLimit.ts
var rateLimit = __webpack_require__(97038);
// EXTERNAL MODULE: ./adapters/github/client.ts
var client = __webpack_require__(12364);
// EXTERNAL MODULE: ./adapters/github/tokenClient.ts
var tokenClient = __webpack_require__(13413);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./adapters/github/createOnce.ts
// Creating is the one write that is not idempotent: GitHub may have performed a create whose answer
// was an error (a 502 from a proxy after the write, a time-out). So a create is never retried
// blindly: Octokit's retries are off for it (`request: { retries: 0 }`), and after a transient
// failure `find` looks for what the failed attempt may have created; only when there is nothing is
// the create tried again. A retried create can therefore never leave a second comment, check run
// or issue.




/** Attempts of a create, each after the first only when `find` found nothing. */
const CREATE_ATTEMPTS = 3;
/** The pause before attempt n + 1, growing as the retry plugin's: 1 s, then 4 s (in units of apiRetryBaseMs). */
const createDelayMs = (attempt) => attempt * attempt * (0,client/* apiRetryBaseMs */.c_)();
/** Options for the request of a create: no retries by Octokit (createOnce decides). */
const NO_RETRIES = { retries: 0 };
/**
 * A failure after which the create may be tried again: a 5xx, or no answer at all (unless the
 * caller gave up: `signal` aborted). Never a refusal (4xx) or a rate limit.
 */
function isTransient(err, signal) {
    if (signal?.aborted || (0,rateLimit/* isRateLimited */.Jz)(err))
        return false;
    const status = (0,response/* httpStatus */.nG)(err);
    return status === undefined || status >= 500;
}
/** Creates with `create`; after a transient failure, returns what `find` finds or creates again. The last failure is thrown as it came. */
async function createOnce(create, find, options = {}) {
    const delayMs = options.delayMs ?? createDelayMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await create();
        }
        catch (err) {
            if (attempt >= CREATE_ATTEMPTS || !isTransient(err, options.signal))
                throw err;
            const found = await find();
            if (found !== undefined)
                return found;
            try {
                await (0,promises_.setTimeout)(delayMs(attempt), undefined, options.signal ? { signal: options.signal } : {});
            }
            catch {
                throw err;
            }
        }
    }
}

;// CONCATENATED MODULE: ./adapters/github/stickyComment.ts
// One comment per pull request, edited in place: the Action's result comment and the App's
// checklist. A comment is ours only when its body starts with our marker AND it was written by our
// own account (the token's, asked of GitHub: viewer.ts; the App's bot), so a comment of another bot
// or of a person that quotes the marker is never adopted, overwritten or taken for ours.
//
// Never two comments: the create goes through createOnce (a failed create is followed by a look for
// what it may have made, never by a blind second write). After a create, when another run created
// one too (both found none), the oldest is kept: each run deletes only the comment it made itself,
// and only when an older one of the same account exists, so concurrent runs converge on one.
// Duplicates found later (an earlier failure) are deleted, keeping the oldest.

/** Ours among `comments`, oldest first. */
function ourComments(comments, login, marked) {
    return comments.filter((c) => c.login !== '' && c.login === login && marked(c.body)).sort((a, b) => a.id - b.id);
}
async function upsertStickyComment(port, body, options) {
    let login;
    const ownLogin = async () => (login ??= await options.login());
    // Asks for the login only when a marked comment exists (for the Action, one GraphQL call saved).
    const mine = async (comments) => comments.some((c) => options.marked(c.body)) ? ourComments(comments, await ownLogin(), options.marked) : [];
    const write = async (comment, kind) => {
        if (comment.body === body && !options.rewriteUnchanged)
            return { kind: kind === 'created' ? kind : 'unchanged', url: comment.url };
        await port.update(comment.id, body);
        return { kind, url: comment.url };
    };
    let ours = options.known ? await mine(options.known) : [];
    if (ours.length === 0 && (options.createIfMissing || !options.known))
        ours = await mine(await port.list());
    const [oldest, ...duplicates] = ours;
    if (oldest) {
        for (const c of duplicates)
            await port.remove(c.id);
        return write(oldest, 'updated');
    }
    if (!options.createIfMissing)
        return { kind: 'not-needed' };
    let found;
    const created = await createOnce(() => port.create(body), async () => (found = (await mine(await port.list()))[0]), options.create);
    if (created === found) {
        // A failed attempt had landed (the body is ours to the letter), or another run created one meanwhile.
        return created.body === body ? { kind: 'created', url: created.url } : write(created, 'updated');
    }
    return keepOldest(port, created, body, options.marked);
}
/** After creating `created`: when an older comment of the same account exists, that one is kept and ours deleted. */
async function keepOldest(port, created, body, marked) {
    const oldest = ourComments(await port.list(), created.login, marked)[0];
    if (!oldest || oldest.id >= created.id)
        return { kind: 'created', url: created.url };
    await port.remove(created.id);
    if (oldest.body !== body)
        await port.update(oldest.id, body);
    return { kind: 'updated', url: oldest.url };
}

;// CONCATENATED MODULE: ./adapters/github/viewer.ts



const GITHUB_ACTIONS_BOT = 'github-actions[bot]';
/**
 * The login the token writes as: GraphQL `viewer` first, then REST GET /user (a personal token on
 * a server without GraphQL). When neither names it, the workflow's own GITHUB_TOKEN is assumed
 * (github-actions[bot]); a token that is not it then never adopts a comment. `fix` ends any other
 * failure's message.
 */
async function tokenLogin(client, fix) {
    const unanswered = (err) => {
        const status = (0,response/* httpStatus */.nG)(err);
        if (err instanceof Error && err.name === 'GraphqlResponseError')
            return true;
        return (status === 401 || status === 403 || status === 404) && !(0,rateLimit/* isRateLimited */.Jz)(err);
    };
    try {
        const login = (await client.graphql('query { viewer { login } }')).viewer?.login;
        if (typeof login === 'string' && login !== '')
            return login;
    }
    catch (err) {
        if (!unanswered(err))
            throw new errors/* ApiError */.h('POST /graphql (viewer: the account the token comments as)', err, fix);
    }
    try {
        return (await client.rest.users.getAuthenticated()).data.login;
    }
    catch (err) {
        if (unanswered(err))
            return GITHUB_ACTIONS_BOT;
        throw new errors/* ApiError */.h('GET /user', err, fix);
    }
}

// EXTERNAL MODULE: ./adapters/github/changeSet.ts
var changeSet = __webpack_require__(80363);
// EXTERNAL MODULE: ./adapters/github/pullRequestFiles.ts
var pullRequestFiles = __webpack_require__(89548);
;// CONCATENATED MODULE: ./adapters/github/index.ts
// The GitHub layer the Action and the App share (see each file for its one job).












;// CONCATENATED MODULE: ./action/stickyComment.ts
// The Action's comment: one per pull request, updated in place on every run (also when the pull
// request turns green), written and found through the shared sticky comment
// (adapters/github/stickyComment.ts: ours only by marker AND the token's own account, asked of
// GitHub through GraphQL `viewer`; never created twice). This file adds what is the Action's: its
// body, the freshness check (a run whose head is no longer the pull request's head leaves the
// comment to the newer run), and degrading to summary and annotations when the token may not write
// (a fork's read-only GITHUB_TOKEN, or no pull-requests: write); any other failure is an error.



const COMMENT_MARKER = '<!-- modelgate:comment -->';
/** Tells the Action's comment from the modelgate App's, which may use the same marker. */
const ACTION_MARKER = '<!-- modelgate:source=action -->';
/** GitHub's limit on a comment body, in characters. */
const COMMENT_MAX_CHARS = 65_536;
const FIX = 'Re-run the job; set "comment: false" to skip the comment.';
const sticky = (c) => ({ id: c.id, body: c.body ?? '', login: c.user?.login ?? '', url: c.html_url });
/** The comment: markers, notes for reviewers, the checklist, and what was judged (commits and base). */
function commentBody(report, runUrl, context = {}) {
    const notes = (0,summary/* notesMarkdown */.BJ)(context.notes ?? []).join('\n');
    const head = `${COMMENT_MARKER}\n${ACTION_MARKER}\n${notes ? `${notes}\n` : ''}`;
    const checked = context.description ? `\n\n<sub>${(0,summary/* checkedMarkdown */.PW)(context.description)}</sub>` : '';
    const foot = `${checked}${runUrl ? `\n\n<sub>[Job summary and annotations](${runUrl})</sub>` : ''}\n`;
    const note = runUrl ? `The [job summary](${runUrl}) has every model.` : 'The job summary has every model.';
    return `${head}${(0,check/* renderMarkdown */.Gc)(report, { maxChars: COMMENT_MAX_CHARS - head.length - foot.length - 100, truncationNote: note })}${foot}`;
}
/** The workflow run's page, from validated runner variables, or undefined. */
function workflowRunUrl(env = process.env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
    if (!server || !repo || !run || !/^\d+$/.test(run) || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))
        return undefined;
    let url;
    try {
        url = new URL(server);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return undefined;
    return `${url.origin}/${repo}/actions/runs/${run}`;
}
async function stickyComment_upsertStickyComment(client, repo, pr, body, createIfMissing) {
    let head;
    try {
        head = (await client.rest.pulls.get({ ...repo, pull_number: pr.number })).data.head.sha;
    }
    catch (err) {
        throw new errors/* ApiError */.h(`GET /repos/${repo.owner}/${repo.repo}/pulls/${pr.number}`, err, FIX);
    }
    if (head !== pr.headSha)
        return { kind: 'stale', head };
    let result;
    try {
        result = await upsertStickyComment(commentPort(client, repo, pr.number), body, { marked: (text) => MARKED.test(text), login: () => tokenLogin(client, FIX), createIfMissing, rewriteUnchanged: true });
    }
    catch (err) {
        const status = (0,response/* httpStatus */.nG)(err);
        if ((status === 403 || status === 404) && !(0,rateLimit/* isRateLimited */.Jz)(err))
            return cannotWrite(pr.fork, status);
        throw err;
    }
    if (result.kind === 'not-needed')
        return result;
    return { kind: result.kind === 'created' ? 'created' : 'updated', url: result.url };
}
function cannotWrite(fork, status) {
    return {
        kind: 'degraded',
        reason: fork
            ? `This pull request comes from a fork, and the workflow's token cannot write to this repository (HTTP ${status}), so modelgate posted no comment. The job summary and annotations carry the full result.`
            : `The token cannot write pull request comments (HTTP ${status}), so modelgate posted no comment. Grant "permissions: pull-requests: write" to the job, or set "comment: false".`,
    };
}
/** The pull request's comments through the token's client, each failure an ApiError naming its call. */
function commentPort(client, repo, number) {
    const where = `/repos/${repo.owner}/${repo.repo}/issues/${number}/comments`;
    const named = async (step, call) => {
        try {
            return await call();
        }
        catch (err) {
            throw new errors/* ApiError */.h(step, err, FIX);
        }
    };
    return {
        list: () => named(`GET ${where}`, async () => (await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 })).map(sticky)),
        create: (text) => named(`POST ${where}`, async () => sticky((await client.rest.issues.createComment({ ...repo, issue_number: number, body: text, request: NO_RETRIES })).data)),
        update: (id, text) => named(`PATCH /repos/${repo.owner}/${repo.repo}/issues/comments/${id}`, async () => void (await client.rest.issues.updateComment({ ...repo, comment_id: id, body: text }))),
        remove: (id) => named(`DELETE /repos/${repo.owner}/${repo.repo}/issues/comments/${id} (a second modelgate comment)`, async () => {
            await client.rest.issues.deleteComment({ ...repo, comment_id: id }).catch((err) => {
                if ((0,response/* httpStatus */.nG)(err) !== 404)
                    throw err;
            });
        }),
    };
}
/** Starts with the two markers, as commentBody writes them: a comment that quotes them elsewhere is not one. */
const MARKED = new RegExp(`^${escapeRegExp(COMMENT_MARKER)}\\r?\\n${escapeRegExp(ACTION_MARKER)}\\r?\\n`);
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


/***/ }),

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
