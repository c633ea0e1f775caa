export const id = 128;
export const ids = [128];
export const modules = {

/***/ 5128:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  REPORT_FILES: () => (/* binding */ REPORT_FILES),
  runReportMode: () => (/* binding */ runReportMode)
});

// EXTERNAL MODULE: ./action/runner.ts
var runner = __webpack_require__(68307);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/index.ts + 27 modules
var src = __webpack_require__(66698);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./adapters/git/git.ts + 1 modules
var git = __webpack_require__(66583);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
;// CONCATENATED MODULE: ./adapters/hashLanes.ts
// SHA-256 of large files on every core. One file at a time is hashed on the calling thread (no
// worker to start, so hashing one big file costs what node's bare hash loop costs); while that lane
// is busy, further files go to worker threads, one per remaining core, started on first need. The
// calling thread reads asynchronously, so its event loop keeps turning; a worker has nothing else
// to do, so it reads synchronously and skips the thread pool's round trip per chunk (2 GiB in 32
// files: 0.84 s against 0.93 s, docs/benchmarks.md).
// Callers pass an open file descriptor (a process-wide number, so a worker can read it) after their
// own checks, and close it when the promise settles.




const HASH_CHUNK = 1024 * 1024;
/**
 * The calling thread's lane: reads `fd` from offset 0 to its end and hashes it, its two chunk buffers
 * in turn, so the next chunk is read while this one is hashed. The lane reuses its buffers from file
 * to file (fresh ones per file left tens of MiB for the garbage collector).
 */
async function hashFd(fd, buffers) {
    const readAt = (buffer, position) => new Promise((ok, fail) => (0,external_node_fs_.read)(fd, buffer, 0, buffer.length, position, (err, bytesRead) => (err ? fail(err) : ok({ bytesRead, buffer }))));
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let which = 0;
    let size = 0;
    let pending = readAt(buffers[0], 0);
    for (;;) {
        const { bytesRead, buffer } = await pending;
        if (bytesRead === 0)
            break;
        size += bytesRead;
        which ^= 1;
        pending = readAt(buffers[which], size);
        hash.update(buffer.subarray(0, bytesRead));
    }
    return { sha256: hash.digest('hex'), size };
}
/**
 * A worker thread's lane: hashFd with blocking reads into one buffer (the worker's thread waits for
 * them, no one else does). It takes what it uses as arguments because workers run its source text
 * (see WORKER_SOURCE).
 */
function hashFdBlocking(fd, buffer, readFd, hashOf) {
    const hash = hashOf('sha256');
    let size = 0;
    for (let n = readFd(fd, buffer, 0, buffer.length, 0); n > 0; n = readFd(fd, buffer, 0, buffer.length, size)) {
        size += n;
        hash.update(buffer.subarray(0, n));
    }
    return { sha256: hash.digest('hex'), size };
}
// Evaluated source, not a file next to this one: the CLI and Action bundles then need no second
// entry point, and the worker loads nothing but node's own modules. process.getBuiltinModule, not
// require: a worker inherits the process's options, and under --input-type=module (node -e in a
// script) evaluated source is an ES module, where require is not defined.
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { readSync } = process.getBuiltinModule('node:fs');
const { createHash } = process.getBuiltinModule('node:crypto');
const hashFdBlocking = ${hashFdBlocking.toString()};
const buffer = Buffer.allocUnsafe(${HASH_CHUNK});
// One job at a time per worker, so a reply needs no id.
parentPort.on('message', ({ fd }) => {
  let reply;
  try {
    reply = { value: hashFdBlocking(fd, buffer, readSync, createHash) };
  } catch (err) {
    reply = { error: { code: err && err.code, message: String(err && err.message || err) } };
  }
  parentPort.postMessage(reply);
});
`;
/** An error from a worker, with the errno code the reader maps to a failure kind. */
function laneError(e) {
    return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}
class HashLanes {
    lanes;
    mainBusy = false;
    mainBuffers;
    workers = [];
    queue = [];
    constructor(lanes) {
        this.lanes = lanes;
    }
    /** Starts the first worker lane now, idle and unreferenced, unless there is one or no second core. */
    warm() {
        if (this.workers.length === 0 && this.lanes > 1)
            this.startWorker().worker.unref();
    }
    hash(fd) {
        return new Promise((resolve, reject) => {
            this.queue.push({ fd, resolve, reject });
            this.drain();
        });
    }
    drain() {
        while (this.queue.length > 0) {
            if (!this.mainBusy) {
                this.runOnMain(this.queue.shift());
                continue;
            }
            const lane = this.workers.find((l) => l.job === undefined) ?? (this.workers.length < this.lanes - 1 ? this.startWorker() : undefined);
            if (!lane)
                return;
            this.runOnWorker(lane, this.queue.shift());
        }
    }
    runOnMain(job) {
        this.mainBusy = true;
        this.mainBuffers ??= [Buffer.allocUnsafe(HASH_CHUNK), Buffer.allocUnsafe(HASH_CHUNK)];
        hashFd(job.fd, this.mainBuffers)
            .then(job.resolve, job.reject)
            .finally(() => {
            this.mainBusy = false;
            this.drain();
        });
    }
    runOnWorker(lane, job) {
        lane.job = job;
        lane.worker.ref();
        lane.worker.postMessage({ fd: job.fd });
    }
    startWorker() {
        const worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true });
        const lane = { worker, job: undefined };
        const finish = (settle) => {
            const job = lane.job;
            lane.job = undefined;
            worker.unref(); // an idle worker does not keep the process alive
            if (job)
                settle(job);
            this.drain();
        };
        worker.on('message', (m) => finish((job) => (m.error ? job.reject(laneError(m.error)) : job.resolve(m.value))));
        // A worker that fails or exits takes its job with it: that hash fails (closed), the lane is dropped.
        const lost = (err) => {
            const i = this.workers.indexOf(lane);
            if (i >= 0)
                this.workers.splice(i, 1);
            finish((job) => job.reject(err));
        };
        worker.on('error', lost);
        worker.on('exit', (code) => lost(new Error(`hashing worker exited (code ${code})`)));
        this.workers.push(lane);
        return lane;
    }
}
let shared;
const lanes = () => (shared ??= new HashLanes(Math.max(1, (0,external_node_os_.availableParallelism)())));
/** The SHA-256 and length of an open file, read from offset 0, on a free core. */
function hashOpenFile(fd) {
    return lanes().hash(fd);
}
/**
 * Large files enough to hash that a worker thread should start now: its start-up (about 55 ms)
 * then overlaps the evaluation instead of the first file's hashing, where it took a core from it.
 */
const WARM_FROM_BYTES = 256 * 1024 * 1024;
/**
 * Called with the sizes of a listing's files: when two or more are hashed in chunks and they add up
 * to WARM_FROM_BYTES, starts a worker lane ahead of the first hash. An unused lane costs its start
 * on the other core and keeps nothing alive.
 */
function warmHashLanesFor(sizes) {
    let large = 0;
    let bytes = 0;
    for (const size of sizes) {
        if (size < HASH_CHUNK)
            continue;
        large++;
        bytes += size;
    }
    if (large >= 2 && bytes >= WARM_FROM_BYTES)
        lanes().warm();
}

;// CONCATENATED MODULE: ./adapters/workingTree.ts
// RepoReader over a directory on disk. Never follows a symlink: neither the file itself nor any
// directory on the way to it, so a link cannot lead a read outside the repository.
//
// Checks and small reads use synchronous system calls on purpose. An evaluation makes tens of
// thousands of them (an lstat per file and directory, open/fstat/read/close per evidence file), and
// a promise-based fs call costs a thread-pool round trip that is 10 to 30 times the system call
// itself on a 2-core runner (docs/benchmarks.md). Files larger than one hash chunk are hashed with
// asynchronous reads, on every core when several are hashed at once (hashLanes.ts).





const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const OPEN_FLAGS = external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0);
function createWorkingTreeReader(root) {
    const base = (0,external_node_path_.resolve)(root);
    // A listing checks every file and every directory above it (lstat, no symlinks). Reads of a listed
    // file reuse that check instead of repeating it: they open the file without following a link and
    // require the same inode, else they check the path again from scratch, as for an unlisted file.
    let listed = new Map();
    const listEntries = async () => {
        const { entries, ids } = await listTree(base);
        listed = ids;
        warmHashLanesFor(sizesOf(ids));
        return entries;
    };
    return {
        label: `working tree ${base}`,
        listFiles: async () => (await listEntries()).filter((e) => e.kind === 'file').map((e) => e.path),
        listEntries,
        read: async (path, maxBytes) => readFile(base, path, maxBytes, listed.get(path)),
        head: async (path, maxBytes) => readHead(base, path, maxBytes, listed.get(path)),
        sha256: (path) => hashFile(base, path, listed.get(path)),
    };
}
// --- listing -----------------------------------------------------------------------------------
function* sizesOf(ids) {
    for (const id of ids.values())
        yield id.size;
}
/**
 * Every entry: regular files, symbolic links (with their target) and submodules. git lists a
 * submodule, or a nested repository it does not descend into, as one path that is a directory on disk.
 */
async function listTree(base) {
    const fromGit = await gitListing(base);
    const candidates = fromGit ?? (await walk(base));
    const cache = new Map();
    const entries = [];
    const ids = new Map();
    for (const p of candidates) {
        const r = inspect(base, p, cache);
        if (r.ok) {
            entries.push({ path: p, kind: 'file', size: r.stats.size });
            ids.set(p, { ino: r.stats.ino, dev: r.stats.dev, size: r.stats.size });
        }
        else if (r.failure.kind === 'not-a-file' && !r.failure.detail.includes('parent directory')) {
            const special = specialEntry(base, p, r.failure.detail, fromGit !== null);
            if (special)
                entries.push(special);
        }
    }
    return { entries: entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), ids };
}
/** A listed path that is not a regular file: a symbolic link, or a directory git listed whole (a submodule). */
function specialEntry(base, path, detail, listedByGit) {
    if (detail === 'symbolic link') {
        try {
            return { path, kind: 'symlink', target: (0,external_node_fs_.readlinkSync)(toAbs(base, path), 'utf8') };
        }
        catch {
            return { path, kind: 'symlink' };
        }
    }
    if (detail === 'directory' && listedByGit)
        return { path, kind: 'submodule' };
    return undefined;
}
/**
 * Paths from git when `base` is inside a work tree, else null. `ls-files` is asked first: in a work
 * tree (the usual case) and outside any repository, that is the only process. Only when it fails
 * otherwise does `rev-parse` tell a directory that is no work tree (a bare repository: null, walk
 * the file system) from a work tree git cannot list (its error stands).
 */
async function gitListing(base) {
    let out;
    try {
        out = await (0,git/* runGit */.EO)(base, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    }
    catch (e) {
        if (!(e instanceof git/* GitError */.XS))
            throw e;
        // Outside any repository (git speaks English here: gitEnv sets LC_ALL=C), nothing to ask.
        if (e.stderr.includes('not a git repository') || !(await insideWorkTree(base)))
            return null;
        throw e;
    }
    const paths = new Set();
    for (const listed of out.toString('utf8').split('\0')) {
        // An untracked nested repository is listed as "dir/": one entry, like a submodule.
        const p = listed.endsWith('/') ? listed.slice(0, -1) : listed;
        if (p && (0,git/* repoPathProblem */.Js)(p) === null)
            paths.add(p);
    }
    return [...paths];
}
async function insideWorkTree(base) {
    try {
        return (await (0,git/* runGit */.EO)(base, ['rev-parse', '--is-inside-work-tree'])).toString('utf8').trim() === 'true';
    }
    catch (e) {
        if (e instanceof git/* GitError */.XS)
            return false;
        throw e;
    }
}
/** Filesystem walk: skips `.git` and `node_modules`, never descends into a symlink (it lists it). */
async function walk(base) {
    const files = [];
    const pending = [''];
    let first = true;
    while (pending.length > 0) {
        const rel = pending.pop() ?? '';
        let entries;
        try {
            entries = await external_node_fs_.promises.readdir(rel ? `${base}${external_node_path_.sep}${rel}` : base, { withFileTypes: true });
        }
        catch (e) {
            if (first)
                throw e; // the root itself is unreadable: not a file-level problem
            continue;
        }
        finally {
            first = false;
        }
        for (const entry of entries) {
            const p = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (!SKIPPED_DIRS.has(entry.name))
                    pending.push(p);
            }
            else if (entry.isFile() || entry.isSymbolicLink()) {
                files.push(p);
            }
        }
    }
    return files;
}
// --- safety checks -----------------------------------------------------------------------------
function toAbs(base, path) {
    return external_node_path_.sep === '/' ? `${base}/${path}` : `${base}${external_node_path_.sep}${path.split('/').join(external_node_path_.sep)}`;
}
/** Every parent directory component must be a real directory (not a symlink). */
function checkDir(base, dir) {
    try {
        const st = (0,external_node_fs_.lstatSync)(toAbs(base, dir));
        if (st.isSymbolicLink())
            return { kind: 'not-a-file', detail: `symbolic link: parent directory "${dir}" is a symbolic link` };
        if (!st.isDirectory())
            return { kind: 'missing' };
        return null;
    }
    catch (e) {
        return errnoFailure(e);
    }
}
function inspect(base, path, cache) {
    const bad = (0,git/* repoPathProblem */.Js)(path);
    if (bad)
        return { ok: false, failure: bad };
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        let failure = cache?.get(dir);
        if (failure === undefined) {
            failure = checkDir(base, dir);
            cache?.set(dir, failure);
        }
        if (failure)
            return { ok: false, failure };
    }
    const abs = toAbs(base, path);
    try {
        const stats = (0,external_node_fs_.lstatSync)(abs);
        const failure = notRegular(stats);
        return failure ? { ok: false, failure } : { ok: true, abs, stats };
    }
    catch (e) {
        return { ok: false, failure: errnoFailure(e) };
    }
}
function notRegular(st) {
    if (st.isFile())
        return null;
    if (st.isSymbolicLink())
        return { kind: 'not-a-file', detail: 'symbolic link' };
    if (st.isDirectory())
        return { kind: 'not-a-file', detail: 'directory' };
    return { kind: 'not-a-file', detail: 'not a regular file (device, socket or pipe)' };
}
function errnoFailure(e) {
    const err = e;
    switch (err?.code) {
        case 'ENOENT':
        case 'ENOTDIR':
            return { kind: 'missing' };
        case 'ELOOP':
        case 'EMLINK': // FreeBSD's answer to O_NOFOLLOW on a symlink
            return { kind: 'not-a-file', detail: 'symbolic link' };
        case 'EISDIR':
            return { kind: 'not-a-file', detail: 'directory' };
        default:
            return { kind: 'io', detail: err instanceof Error ? err.message : String(e) };
    }
}
/** Opens the inspected file without following links and checks it is still the same regular file. */
function openChecked(ins) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(ins.abs, OPEN_FLAGS);
    }
    catch (e) {
        return { ok: false, failure: errnoFailure(e) };
    }
    try {
        const st = (0,external_node_fs_.fstatSync)(fd);
        const failure = notRegular(st) ?? (st.ino !== ins.stats.ino || st.dev !== ins.stats.dev ? { kind: 'io', detail: 'file changed while being read' } : null);
        if (failure) {
            closeQuietly(fd);
            return { ok: false, failure };
        }
        return { ok: true, fd, size: st.size };
    }
    catch (e) {
        closeQuietly(fd);
        return { ok: false, failure: errnoFailure(e) };
    }
}
function closeQuietly(fd) {
    try {
        (0,external_node_fs_.closeSync)(fd);
    }
    catch {
        // nothing was written; a failing close loses nothing
    }
}
// --- read and hash -----------------------------------------------------------------------------
function readFile(base, path, maxBytes, known) {
    const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
    const ins = known ? { ok: true, abs: toAbs(base, path), stats: known } : inspect(base, path);
    if (!ins.ok)
        return ins.failure;
    // A listed file over the limit is refused by its listed size without being opened again.
    if (ins.stats.size > limit)
        return { kind: 'too-large', size: ins.stats.size, limit };
    const opened = openChecked(ins);
    if (!opened.ok)
        return known ? readFile(base, path, maxBytes) : opened.failure;
    const { fd } = opened;
    try {
        if (opened.size > limit)
            return { kind: 'too-large', size: opened.size, limit };
        // One byte more than allowed, so a file that grew since stat is noticed.
        let buf = Buffer.alloc(Math.min(opened.size, limit) + 1);
        let total = 0;
        for (;;) {
            if (total === buf.length) {
                if (total > limit)
                    return { kind: 'too-large', size: total, limit };
                const bigger = Buffer.alloc(Math.min(limit + 1, buf.length * 2));
                buf.copy(bigger, 0, 0, total);
                buf = bigger;
            }
            const wanted = buf.length - total;
            const bytesRead = (0,external_node_fs_.readSync)(fd, buf, total, wanted, total);
            total += bytesRead;
            // A regular file reads short only at its end: no second read to hear it say 0 (one system
            // call per evidence file; a file that grew fills the buffer and is read on).
            if (bytesRead < wanted)
                break;
        }
        if (total > limit)
            return { kind: 'too-large', size: total, limit };
        return { kind: 'ok', bytes: buf.subarray(0, total), size: total };
    }
    catch (e) {
        return errnoFailure(e);
    }
    finally {
        closeQuietly(fd);
    }
}
/** The first `maxBytes` of a file: one open (no link followed) and one read, with the same checks as readFile. */
function readHead(base, path, maxBytes, known) {
    const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
    const ins = known ? { ok: true, abs: toAbs(base, path), stats: known } : inspect(base, path);
    if (!ins.ok)
        return ins.failure;
    const opened = openChecked(ins);
    if (!opened.ok)
        return known ? readHead(base, path, maxBytes) : opened.failure;
    const { fd } = opened;
    try {
        const buf = Buffer.alloc(Math.min(opened.size, limit));
        let total = 0;
        while (total < buf.length) {
            const n = (0,external_node_fs_.readSync)(fd, buf, total, buf.length - total, total);
            if (n === 0)
                break;
            total += n;
        }
        return { kind: 'ok', bytes: buf.subarray(0, total), size: opened.size };
    }
    catch (e) {
        return errnoFailure(e);
    }
    finally {
        closeQuietly(fd);
    }
}
async function hashFile(base, path, known) {
    const ins = known ? { ok: true, abs: toAbs(base, path), stats: known } : inspect(base, path);
    if (!ins.ok)
        return ins.failure;
    const opened = openChecked(ins);
    if (!opened.ok)
        return known ? hashFile(base, path) : opened.failure;
    const { fd } = opened;
    try {
        // Large files: constant memory, on a free core.
        if (opened.size >= HASH_CHUNK)
            return { kind: 'ok', ...(await hashOpenFile(fd)) };
        // A small file: one buffer of its size (plus the byte that notices growth), read in place.
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        const buf = Buffer.allocUnsafe(opened.size + 1);
        for (;;) {
            const n = (0,external_node_fs_.readSync)(fd, buf, 0, buf.length, size);
            hash.update(buf.subarray(0, n));
            size += n;
            if (n < buf.length)
                break; // short: the end (see readFile)
        }
        return { kind: 'ok', sha256: hash.digest('hex'), size };
    }
    catch (e) {
        return errnoFailure(e);
    }
    finally {
        closeQuietly(fd);
    }
}

// EXTERNAL MODULE: ./adapters/git/catFileBatch.ts
var catFileBatch = __webpack_require__(15172);
;// CONCATENATED MODULE: ./adapters/git/history.ts


/** HEAD's commit id and whether the clone is shallow; rejects when `dir` is not in a git work tree with a commit. */
async function historyInfo(dir) {
    // git prints the option's answer and the revision in an order of its own: tell them apart by shape.
    const lines = (await (0,git/* runGit */.EO)(dir, ['rev-parse', '--is-shallow-repository', '--verify', '--quiet', 'HEAD^{commit}'])).toString('utf8').split('\n');
    const head = lines.find(git/* isObjectId */.TS);
    if (!head)
        throw new Error('no commit at HEAD');
    return { head, shallow: lines.includes('true') };
}
const REGULAR_FILE = /^100(644|755)$/;
/**
 * The commits of HEAD's first-parent history that changed any of `paths` (files, relative to `dir`),
 * oldest first, with the blob each of those paths holds afterwards. First-parent: the trend of the
 * main line, with a merge counted as the change it brought to it.
 */
async function logPathChanges(dir, paths) {
    if (paths.length === 0)
        return [];
    const args = [
        'log',
        '-z',
        '--first-parent',
        '--diff-merges=first-parent',
        '--raw',
        '--no-abbrev',
        '--no-renames',
        '--relative',
        '--format=tformat:%H %ct',
        'HEAD',
        '--',
        ...paths.map((p) => `:(literal)${p}`),
    ];
    const out = await (0,git/* runGit */.EO)(dir, args);
    return parseRawLog(out.toString('utf8')).reverse();
}
/** Parses `git log -z --raw --format=%H %ct` output (newest first, as git prints it). */
function parseRawLog(text) {
    const commits = [];
    const tokens = text.split('\0');
    let current;
    for (let i = 0; i < tokens.length; i++) {
        const token = (tokens[i] ?? '').replace(/^\n/, '');
        if (token === '')
            continue;
        if (token.startsWith(':')) {
            // ":<old mode> <new mode> <old oid> <new oid> <status>" then the path as the next token.
            const path = tokens[++i];
            const fields = token.slice(1).split(' ');
            const newMode = fields[1] ?? '';
            const newOid = fields[3] ?? '';
            const status = fields[4] ?? '';
            if (!current || path === undefined)
                continue;
            const deleted = status.startsWith('D') || /^0+$/.test(newOid);
            current.changes.push({ path, blob: deleted || !REGULAR_FILE.test(newMode) ? null : newOid });
            continue;
        }
        const m = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d+)$/.exec(token);
        if (m?.[1] && m[2]) {
            current = { sha: m[1], time: Number(m[2]), changes: [] };
            commits.push(current);
        }
    }
    return commits;
}
/**
 * Reads blobs through one `git cat-file --batch` process: every id is written up front and the
 * answers are parsed as they stream back (in request order). Bodies over `maxBytes` are skipped,
 * not buffered.
 */
function readBlobs(dir, oids, maxBytes) {
    const wanted = [...new Set(oids)].filter(git/* isObjectId */.TS);
    const results = new Map();
    if (wanted.length === 0)
        return Promise.resolve(results);
    return new Promise((resolve, reject) => {
        let child;
        try {
            child = (0,git/* spawnGit */.Iz)(dir, ['cat-file', '--batch'], ['pipe', 'pipe', 'pipe']);
        }
        catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
            return;
        }
        let next = 0;
        const parser = new catFileBatch/* CatFileBatchParser */.q((type, size) => type === 'blob' && size <= maxBytes, (a) => {
            const oid = wanted[next++] ?? '';
            if (a.kind === 'unavailable' || a.type !== 'blob')
                results.set(oid, { kind: 'missing' });
            else
                results.set(oid, a.body ? { kind: 'ok', bytes: a.body } : { kind: 'too-large', size: a.size });
        });
        let stderr = '';
        child.stdout?.on('data', (chunk) => parser.push(chunk));
        child.stderr?.on('data', (chunk) => {
            if (stderr.length < 4096)
                stderr += chunk.toString('utf8');
        });
        child.stdin?.on('error', () => undefined); // EPIPE if git dies; reported by 'close'
        child.on('error', (e) => reject(new git/* GitError */.XS(`could not run git cat-file: ${e.message}`, ['cat-file'], null, '')));
        child.on('close', (code) => {
            if (code === 0 && next === wanted.length)
                resolve(results);
            else
                reject(new git/* GitError */.XS(`git cat-file --batch failed (exit ${String(code)})${stderr ? `: ${stderr.trim()}` : ''}`, ['cat-file', '--batch'], code, stderr));
        });
        child.stdin?.end(wanted.join('\n') + '\n');
    });
}
/**
 * "owner/name" from the origin remote's URL (https, ssh or scp-like), followed by the directory's
 * path inside the work tree when it is not the top; undefined without an origin. Only the last two
 * URL segments are kept, so credentials embedded in a URL never reach a report.
 */
/** A URL of a remote host (https, ssh, git, scp-like `git@host:owner/repo`), not a local path or `file://`. */
function isNetworkRemote(url) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
    if (scheme !== undefined)
        return scheme !== 'file';
    // scp-like syntax: a host before the first colon, and no slash before it (git's own rule); C:\ is a drive.
    return /^[^/\\]{2,}:/.test(url) && !/^[a-z]:[\\/]/i.test(url);
}
async function remoteName(dir) {
    let url;
    let prefix;
    try {
        url = (await (0,git/* runGit */.EO)(dir, ['config', '--get', 'remote.origin.url'])).toString('utf8').trim();
        prefix = (await (0,git/* runGit */.EO)(dir, ['rev-parse', '--show-prefix'])).toString('utf8').trim().replace(/\/$/, '');
    }
    catch {
        return undefined;
    }
    if (!isNetworkRemote(url))
        return undefined; // a clone of a local path: its path would name this machine's directories
    const segments = url.replace(/\.git$/, '').split(/[/:]/).filter(Boolean);
    const name = segments.slice(-2).join('/');
    if (!name)
        return undefined;
    return prefix ? `${name}/${prefix}` : name;
}

;// CONCATENATED MODULE: ./adapters/kpi/gitHistory.ts
// The HistorySource the KPI trends read, backed by git: `git log --raw` and `git cat-file --batch`
// (adapters/git/history.ts), behind a cache that lets the carbon and the workforce trend of one
// report share their git processes.


function gitHistorySource(dir) {
    return cachedHistory({ log: (paths) => logPathChanges(dir, paths), read: (oids) => readBlobs(dir, oids, src/* MAX_EVIDENCE_BYTES */.bU) });
}
/**
 * A source that asks `inner` as little as it can. Blobs are read once. A log of paths that an earlier
 * log covered is filtered from it, and a log that is not covered asks for every path asked so far, so
 * it covers all earlier requests. The filter is exact for git's first-parent history limited to paths
 * (logPathChanges): a commit is listed when its diff with its first parent touches one of the paths
 * (a path or anything below it, as a pathspec matches), with those changes in git's order; the
 * commits and changes for fewer paths are the ones for more, filtered.
 */
function cachedHistory(inner) {
    let covered;
    const blobs = new Map();
    return {
        async log(paths) {
            if (!covered || !paths.every((p) => covered?.paths.has(p))) {
                const all = new Set([...(covered?.paths ?? []), ...paths]);
                covered = { paths: all, commits: await inner.log([...all]) };
            }
            return onlyPaths(covered.commits, paths);
        },
        async read(oids) {
            const missing = [...new Set(oids)].filter((o) => !blobs.has(o));
            if (missing.length > 0)
                for (const [oid, blob] of await inner.read(missing))
                    blobs.set(oid, blob);
            const out = new Map();
            for (const oid of oids) {
                const blob = blobs.get(oid);
                if (blob)
                    out.set(oid, blob);
            }
            return out;
        },
    };
}
/** The commits that changed `paths` (or a file below one of them), with only those changes. */
function onlyPaths(commits, paths) {
    const wanted = new Set(paths);
    const matches = (path) => {
        if (wanted.has(path))
            return true;
        for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1))
            if (wanted.has(path.slice(0, i)))
                return true;
        return false;
    };
    const out = [];
    for (const c of commits) {
        const changes = c.changes.filter((ch) => matches(ch.path));
        if (changes.length > 0)
            out.push(changes.length === c.changes.length ? c : { ...c, changes });
    }
    return out;
}

;// CONCATENATED MODULE: ./adapters/kpi/build.ts
// buildKpiReport: evaluate every model of a checkout, read the carbon history from git, and compute
// the KPI report. The CLI's `modelgate report` and the Action's `mode: report` both call this.





async function buildKpiReport(options) {
    return (await buildKpiReportWithEvaluation(options)).kpi;
}
async function buildKpiReportWithEvaluation(options) {
    const now = options.now ?? new Date();
    const asOf = options.asOf ?? (0,src/* toIsoDate */.Vy)(now);
    const dir = (0,external_node_path_.resolve)(options.dir);
    const repository = options.repository ?? (await remoteName(dir).catch(() => undefined)) ?? ((0,external_node_path_.basename)(dir) || 'repository');
    // The reader's label reaches the report (the policy's source, "not found in …"): name the
    // repository, never the absolute path of the checkout on this machine.
    const reader = { ...createWorkingTreeReader(dir), label: `working tree of ${repository}` };
    const generatedAt = now.toISOString();
    const toolVersion = options.toolVersion ?? src/* VERSION */.xv;
    const explicit = options.policy ? { policy: options.policy } : {};
    const { report, policy: loaded } = await (0,src/* checkChange */.$_)({ base: reader, judged: reader, changes: { all: true }, ...explicit, today: asOf, toolVersion, generatedAt });
    const models = (0,src/* kpiModels */.f6)(report, loaded.policy, asOf, repository, await (0,src/* readAuditDetails */.c0)(reader, report));
    const workforce = await (0,src/* readWorkforce */.f_)(reader, report, repository);
    for (const m of models) {
        const w = workforce.cards.get(m.path);
        if (w)
            m.workforce = w;
    }
    const history = options.history === false ? 'not requested (--no-history)' : await openHistory(dir, options.historySource);
    // The workforce trend first: its log (cards and the workforce file) and blobs then serve the
    // carbon trend's first pass, and card versions are read once for both (one CardFactsReader).
    const cards = new src/* CardFactsReader */.fD();
    const workforceHistory = typeof history === 'string' ? noWorkforceTrend(history) : await readWorkforceTrend(history, models, repository, generatedAt, asOf, workforce.programmes, cards);
    const { trend, head } = typeof history === 'string' ? { trend: unavailable(history) } : await readTrend(history, models, repository, generatedAt, cards);
    const repo = (0,src/* kpiRepository */.Ro)(report, asOf, repository, head);
    if (workforce.file)
        repo.workforce = workforce.file;
    const kpi = (0,src/* aggregate */.QD)({ toolVersion, generatedAt, asOf, repositories: [repo], models, trend, programmes: workforce.programmes, workforceTrend: workforceHistory });
    return { kpi, report };
}
async function readWorkforceTrend(history, models, repository, generatedAt, asOf, programmes, reader) {
    const shallow = history.info.shallow;
    const tracked = models.flatMap((m) => (m.card ? [{ path: m.path, card: m.card }] : []));
    let result;
    try {
        result = await (0,src/* workforceTrend */.oO)(history.source, tracked, repository, reader);
    }
    catch (e) {
        return noWorkforceTrend(`git history could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    const points = [...result.points];
    // The figures above come from the working tree on the report date; when they differ from the last commit's, say so as a last point.
    const running = programmes.filter((p) => (0,src/* programmeStatus */.vm)(p, asOf) === 'running');
    const now = (0,src/* point */.zx)(generatedAt, null, repository, {
        exposureFte: Math.round(models.reduce((n, m) => n + (m.workforce?.fte ?? 0), 0) * 1e6) / 1e6,
        headcount: running.reduce((n, p) => n + p.headcount, 0),
        budget: (0,src/* budgetOf */.nT)(running),
    });
    const lastPoint = points[points.length - 1];
    if (lastPoint ? (0,src/* figuresOf */.h5)(lastPoint) !== (0,src/* figuresOf */.h5)(now) : now.exposureFte > 0 || now.headcount > 0)
        points.push(now);
    const trend = { status: 'ok', shallow, commitsScanned: result.commitsScanned, points };
    if (shallow)
        trend.reason = 'the clone is shallow: the trend starts at the oldest fetched commit';
    return trend;
}
function noWorkforceTrend(reason) {
    return { status: 'unavailable', reason, shallow: false, commitsScanned: 0, points: [] };
}
function unavailable(reason) {
    return { status: 'unavailable', reason, shallow: false, commitsScanned: 0, points: [] };
}
/** One source (cached: the two trends share its git processes) and HEAD; a reason when there is no history. */
async function openHistory(dir, injected) {
    if (injected)
        return { source: injected, info: { shallow: false } };
    try {
        return { source: gitHistorySource(dir), info: await historyInfo(dir) };
    }
    catch (e) {
        return `no git history: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    }
}
async function readTrend(history, models, repository, generatedAt, reader) {
    const info = history.info;
    const tracked = models.flatMap((m) => (m.card ? [{ path: m.path, card: m.card }] : []));
    let result;
    try {
        result = await (0,src/* carbonTrend */.VN)(history.source, tracked, repository, reader);
    }
    catch (e) {
        return { trend: unavailable(`git history could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`) };
    }
    const points = [...result.points];
    // The figures above come from the working tree; when it differs from HEAD, say so as a last point.
    const now = new Map(models.map((m) => [m.path, m.carbon?.kg ?? null]));
    const changes = models.filter((m) => (result.final.get(m.path) ?? null) !== (now.get(m.path) ?? null)).map((m) => ({ model: m.path, kg: now.get(m.path) ?? null }));
    if (changes.length > 0) {
        const total = (0,src/* totalOf */.e6)(now);
        points.push({ date: generatedAt, commit: null, repository, totalKg: total, repositoryTotalKg: total, models: [...now.values()].filter((v) => v !== null).length, changes });
    }
    const trend = { status: 'ok', shallow: info.shallow, commitsScanned: result.commitsScanned, points };
    if (info.shallow)
        trend.reason = 'the clone is shallow: the trend starts at the oldest fetched commit (fetch the full history, e.g. actions/checkout with fetch-depth: 0)';
    return info.head ? { trend, head: info.head } : { trend };
}

// EXTERNAL MODULE: ./action/summary.ts
var action_summary = __webpack_require__(46889);
;// CONCATENATED MODULE: ./action/reportMode.ts
// `mode: report`: the KPI report of the whole checkout. Markdown (with Mermaid charts) goes to the
// job summary; every format goes to one folder the workflow can upload as an artifact.







const REPORT_FILES = { markdown: 'modelgate-kpi.md', json: 'modelgate-kpi.json', html: 'modelgate-kpi.html', cyclonedx: 'modelgate-ml-bom.cdx.json' };
async function runReportMode(repoDir, env = process.env) {
    const built = await buildKpiReportWithEvaluation({ dir: repoDir, ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}) });
    const dir = (0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'modelgate-report');
    await (0,promises_.mkdir)(dir, { recursive: true });
    const markdown = (0,src/* renderKpiMarkdown */.SO)(built.kpi);
    await Promise.all([
        (0,promises_.writeFile)((0,external_node_path_.join)(dir, REPORT_FILES.markdown), markdown),
        (0,promises_.writeFile)((0,external_node_path_.join)(dir, REPORT_FILES.json), (0,src/* renderKpiJson */.dn)(built.kpi)),
        (0,promises_.writeFile)((0,external_node_path_.join)(dir, REPORT_FILES.html), (0,src/* renderKpiHtml */.a0)(built.kpi)),
        (0,promises_.writeFile)((0,external_node_path_.join)(dir, REPORT_FILES.cyclonedx), (0,src/* renderCycloneDx */.iv)(built.kpi)),
    ]);
    const pointer = `\n\nThe full report (Markdown, JSON, HTML board pack, CycloneDX ML-BOM) is in \`${dir}\`: upload it with actions/upload-artifact.\n`;
    // A report too large for the summary is still complete in the folder; say so rather than cut tables.
    const summary = Buffer.byteLength(markdown) + pointer.length <= action_summary/* SUMMARY_MAX_BYTES */.eR ? markdown + pointer : `## modelgate KPI report\n\nThe report is larger than GitHub's job summary limit.${pointer}`;
    await (0,action_summary/* writeSummary */.Sy)(summary);
    runner/* info */.pq(`modelgate: KPI report written to ${dir}`);
    return { dir, verdict: built.report.verdict };
}


/***/ })

};
