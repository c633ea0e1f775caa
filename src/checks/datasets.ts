// datasets.* checks: every dataset the card names has a manifest, the manifest tells where the data
// came from, under which licence, how it was collected and how long it is kept, and the files it
// lists carry SHA-256 hashes that match what is in the repository.
import type { DatasetManifest } from '../evidence/manifest.js';
import type { DatasetEvidence } from '../gather.js';
import { withCard } from './card.js';
import { listSome, located, locatedText, type CheckDefinition, type CheckVerdict } from './types.js';

function noDatasets(): CheckVerdict {
  return { status: 'skipped', message: 'the card lists no datasets (card.fields reports it when required)' };
}

export const datasetsManifest: CheckDefinition = {
  id: 'datasets.manifest',
  run({ ev }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    if (ev.datasets.length === 0) return noDatasets();
    const problems: { text: string; file: string; line?: number }[] = [];
    for (const d of ev.datasets) {
      if (!d.manifestFile || !d.manifest) {
        // A manifest that does not parse has no known name: say so, or the real error stays hidden.
        const unreadable = d.unreadable?.length
          ? ` (${d.unreadable.length} manifest(s) could not be read, so their names are unknown: ${listSome(d.unreadable.map(locatedText), 2)})`
          : '';
        problems.push({ text: `no manifest for "${d.ref}"${unreadable}`, file: got.card.file, ...(d.line !== undefined ? { line: d.line } : {}) });
      } else if (!d.manifest.ok) {
        const e = d.manifest.errors[0];
        problems.push({ text: `${d.manifestFile}${e?.line ? `:${e.line}` : ''}${e?.column ? `:${e.column}` : ''}: ${e?.message ?? 'does not parse'}`, file: d.manifestFile, ...(e?.line !== undefined ? { line: e.line } : {}) });
      } else if (d.ambiguous) {
        problems.push({ text: `"${d.ref}" is claimed by ${d.ambiguous.length} manifests (${d.ambiguous.join(', ')})`, file: d.manifestFile });
      }
    }
    if (problems.length === 0) {
      return { status: 'pass', message: `manifests: ${ev.datasets.map((d) => d.manifestFile).join(', ')}` };
    }
    const first = problems[0];
    return located(
      {
        status: 'fail',
        message: listSome(problems.map((p) => p.text)),
        hint: 'Add a datasheet (datasets/<name>/datasheet.yml with `id:` equal to the name the card uses) or a Croissant file whose name, url or @id matches.',
      },
      first?.file,
      first?.line,
    );
  },
};

const PROVENANCE_FIELDS: Record<string, { has: (m: DatasetManifest) => boolean; label: string }> = {
  source: { has: (m) => Boolean(m.source?.url || m.source?.creator), label: 'source (url or creator)' },
  license: { has: (m) => Boolean(m.license), label: 'license' },
  collection: { has: (m) => Boolean(m.collection), label: 'collection process' },
  retention: { has: (m) => Boolean(m.retention?.policy || m.retention?.until), label: 'retention' },
};

function parsedManifests(datasets: DatasetEvidence[]): DatasetManifest[] {
  const seen = new Set<string>();
  const out: DatasetManifest[] = [];
  for (const d of datasets) {
    if (d.manifest?.ok && !seen.has(d.manifest.value.file)) {
      seen.add(d.manifest.value.file);
      out.push(d.manifest.value);
    }
  }
  return out;
}

export const datasetsProvenance: CheckDefinition = {
  id: 'datasets.provenance',
  run({ ev, setting, today }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    if (ev.datasets.length === 0) return noDatasets();
    const manifests = parsedManifests(ev.datasets);
    if (manifests.length === 0) return { status: 'skipped', message: 'no manifest could be read (datasets.manifest reports why)' };
    const required = (setting.options.required as string[] | undefined) ?? Object.keys(PROVENANCE_FIELDS);
    const problems: { text: string; file: string; line?: number }[] = [];
    for (const m of manifests) {
      const missing = required.filter((f) => !PROVENANCE_FIELDS[f]?.has(m)).map((f) => PROVENANCE_FIELDS[f]?.label ?? f);
      if (missing.length > 0) problems.push({ text: `${m.file} lacks ${missing.join(', ')}`, file: m.file });
      const until = m.retention?.until;
      if (required.includes('retention') && until && until < today) {
        problems.push({ text: `${m.file}: retention ended ${until}; the data should be deleted or the retention renewed`, file: m.file, ...(m.lines.retention !== undefined ? { line: m.lines.retention } : {}) });
      }
    }
    if (problems.length === 0) return { status: 'pass', message: `provenance complete in ${manifests.length} manifest(s)` };
    return located(
      {
        status: 'fail',
        message: listSome(problems.map((p) => p.text)),
        hint: 'Datasheets need source, license, collection and retention; Croissant files need url/creator, license, rai:dataCollection and rai:dataReleaseMaintenancePlan.',
      },
      problems[0]?.file,
      problems[0]?.line,
    );
  },
};

export const datasetsHashes: CheckDefinition = {
  id: 'datasets.hashes',
  run({ ev, setting }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    if (ev.datasets.length === 0) return noDatasets();
    const manifests = parsedManifests(ev.datasets);
    if (manifests.length === 0) return { status: 'skipped', message: 'no manifest could be read (datasets.manifest reports why)' };
    const missingIsError = setting.options.missing_files === 'error';
    const hard: { text: string; file: string; line?: number }[] = [];
    const soft: string[] = [];
    let verified = 0;
    const seen = new Set<string>();
    for (const d of ev.datasets) {
      if (!d.manifest?.ok || seen.has(d.manifest.value.file)) continue;
      const m = d.manifest.value;
      seen.add(m.file);
      if (m.files.length === 0) {
        hard.push({ text: `${m.file} lists no files with hashes`, file: m.file, ...(m.lines.files !== undefined ? { line: m.lines.files } : {}) });
        continue;
      }
      for (const v of d.verification ?? []) {
        if (v.status === 'match') verified++;
        else if ((v.status === 'missing' || v.status === 'external') && !missingIsError) soft.push(v.message);
        else hard.push({ text: v.message, file: m.file, ...(v.line !== undefined ? { line: v.line } : {}) });
      }
    }
    if (hard.length > 0) {
      return located(
        {
          status: 'fail',
          message: listSome(hard.map((h) => h.text)),
          hint: 'Record each file\'s SHA-256 (sha256sum, or the oid of its Git LFS pointer) in the manifest; a mismatch means the data changed without its manifest.',
        },
        hard[0]?.file,
        hard[0]?.line,
      );
    }
    if (soft.length > 0) {
      return {
        status: 'fail',
        softFail: true,
        message: `${verified} file(s) verified; not in the repository, so not verified: ${listSome(soft)}`,
        hint: 'Commit the files (or Git LFS pointers) to verify them, or accept external storage (missing_files: warn).',
      };
    }
    return { status: 'pass', message: `${verified} file(s) verified against their SHA-256` };
  },
};
