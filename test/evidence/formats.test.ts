import { describe, expect, it } from 'vitest';
import { EVIDENCE_FORMATS, formatFor, formatsOf, parseEvidence, type EvidenceRole, type RoleValues } from '../../src/evidence/formats.js';

const ROLES: EvidenceRole[] = ['card', 'manifest', 'carbon', 'audit', 'safety', 'lfs-pointer'] satisfies (keyof RoleValues)[];

describe('the registry of evidence formats', () => {
  it('has a format for every role, unique ids, and extensions on every format of a role that has several', () => {
    expect(new Set(EVIDENCE_FORMATS.map((f) => f.id)).size).toBe(EVIDENCE_FORMATS.length);
    for (const role of ROLES) {
      const formats = formatsOf(role);
      expect(formats.length, role).toBeGreaterThan(0);
      if (formats.length === 1) continue;
      const claimed = formats.flatMap((f) => f.extensions ?? ['(any)']);
      expect(claimed, role).not.toContain('(any)');
      // Within a role two formats never claim the same ending, so the order of the list never decides.
      expect(new Set(claimed).size, role).toBe(claimed.length);
    }
  });
  it.each([
    ['manifest', 'datasets/d/datasheet.yml', 'datasheet'],
    ['manifest', 'datasets/d/DATASHEET.YAML', 'datasheet'],
    ['manifest', 'datasets/d/croissant.json', 'croissant'],
    ['carbon', 'models/m/emissions.csv', 'codecarbon'],
    ['carbon', 'models/m/bom.json', 'cyclonedx'],
    ['card', 'models/m/README.md', 'model-card'],
    ['audit', 'audits/a.yml', 'audit-record'],
    ['safety', 'safety/s.yaml', 'safety-record'],
  ] as const)('reads %s %s as %s', (role, path, id) => {
    expect(formatFor(role, path)?.id).toBe(id);
  });
  it('refuses a file of a role whose formats all go by name when none claims it, and names what it would read', () => {
    expect(formatFor('manifest', 'datasets/d/datasheet.txt')).toBeUndefined();
    const parsed = parseEvidence('manifest', 'id: d\n', 'datasets/d/datasheet.txt');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([
      {
        file: 'datasets/d/datasheet.txt',
        message: 'datasets/d/datasheet.txt is not a format modelgate reads here; by its name it must be one of: datasheet (YAML): .yml, .yaml; Croissant (JSON-LD): .json, .jsonld',
      },
    ]);
  });
  it('parses with the format it picks', () => {
    const csv = parseEvidence('carbon', 'run_id,emissions\nr,0.1\n', 'e.csv');
    expect(csv.ok && csv.value.figure.kg).toBe(0.1);
    const bom = parseEvidence('carbon', '{', 'e.json');
    expect(bom.ok).toBe(false);
  });
});
