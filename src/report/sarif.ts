// SARIF 2.1.0 for code scanning: one result per check that did not pass, located in its evidence file.
import type { CheckResult, ModelReport, Report } from '../types.js';
import { CHECK_DESCRIPTIONS } from '../checks/index.js';
import { CHECK_IDS } from '../types.js';

const LEVEL: Record<CheckResult['outcome'], 'error' | 'warning' | 'note' | 'none'> = {
  fail: 'error',
  error: 'error',
  warn: 'warning',
  waived: 'note',
  pass: 'none',
  skipped: 'none',
};

/** A repository path as a SARIF `uri` (a URI reference): each segment percent-encoded, so spaces, `#`, `?` and `%` in names stay part of the path. */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * Where a result is shown: its evidence file; for a check about something absent (no audit covers
 * the model) the model's card at line 1, else the model directory. Never the configuration file,
 * which says nothing about the model; a model at the root without a card gets no location.
 */
function locationOf(c: CheckResult, model: ModelReport | undefined): object[] {
  if (c.file && c.file !== '.') return [{ physicalLocation: { artifactLocation: { uri: uriOf(c.file) }, ...(c.line !== undefined ? { region: { startLine: c.line } } : {}) } }];
  if (model?.facts.card) return [{ physicalLocation: { artifactLocation: { uri: uriOf(model.facts.card) }, region: { startLine: 1 } } }];
  if (model?.path) return [{ physicalLocation: { artifactLocation: { uri: uriOf(model.path) } } }];
  return [];
}

export function renderSarif(report: Report): string {
  const results = [
    ...report.policy.errors.map((c) => ({ c, model: '', m: undefined })),
    ...report.models.flatMap((m) => m.checks.map((c) => ({ c, model: m.path, m }))),
  ]
    .filter(({ c }) => c.outcome !== 'pass' && c.outcome !== 'skipped')
    .map(({ c, model, m }) => ({
      ruleId: c.id,
      level: LEVEL[c.outcome],
      message: { text: `${model ? `${model}: ` : ''}${c.message}${c.hint ? ` Fix: ${c.hint}` : ''}` },
      ...(c.outcome === 'waived' ? { suppressions: [{ kind: 'external', justification: `${c.waiver?.reason} by ${c.waiver?.approver} until ${c.waiver?.expires}` }] } : {}),
      locations: locationOf(c, m),
      partialFingerprints: { modelgate: `${model}|${c.id}` },
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'modelgate',
            version: report.tool.version,
            informationUri: 'https://github.com/modelgate/modelgate',
            rules: CHECK_IDS.map((id) => ({ id, shortDescription: { text: CHECK_DESCRIPTIONS[id] } })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
