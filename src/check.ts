// The core's lean public entry: what evaluating a change and rendering its report needs, and
// nothing else (no KPI, attestation or Ajv), so a shell on the check path (`modelgate check`, the
// Action's evaluation) loads only these modules. src/index.ts re-exports all of it beside the rest;
// ESLint allows adapters and shells these two entries and nothing deeper.
export { checkChange, type CheckedChange } from './checkChange.js';
export { mapLimit } from './concurrency.js';
export { normaliseRepoPath } from './paths.js';
export { toIsoDate } from './dates.js';
export { MAX_EVIDENCE_BYTES } from './evidence/store.js';
export { CONFIG_PATH, loadPolicy, type LoadedPolicy, type Policy } from './policy/load.js';
export { cellCode, code, md } from './report/escape.js';
export { headline, renderMarkdown, sortChecks, sortModels } from './report/markdown.js';
export { renderSarif } from './report/sarif.js';
export { renderText } from './report/text.js';
export { CHECK_IDS, WAIVER_REASONS, type ChangeSet, type ChangeStatus, type ChangedFile, type CheckId, type CheckResult, type Diagnostic, type HashResult, type Needle, type ReadFailure, type ReadResult, type RepoReader, type Report, type Severity, type TreeEntry } from './types.js';
export { VERSION } from './version.generated.js';
