import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import spdxIdList from 'spdx-license-ids/index.json' with { type: 'json' };
import { classifyLicense, HUB_LICENSE_IDS, toSpdxId } from '../../src/evidence/license.js';
import { normaliseNewlines, parseYaml, strList, own } from '../../src/evidence/load.js';
import { corpusDir } from '../corpus.js';

const spdxIds = new Set<string>(spdxIdList);

describe('classifyLicense', () => {
  it('reads SPDX ids case-insensitively and returns SPDX case', () => {
    expect(classifyLicense('Apache-2.0')).toEqual({ kind: 'spdx', spdx: 'Apache-2.0' });
    expect(classifyLicense('APACHE-2.0')).toEqual({ kind: 'spdx', spdx: 'Apache-2.0' });
    expect(classifyLicense('CC-BY-SA-4.0')).toEqual({ kind: 'spdx', spdx: 'CC-BY-SA-4.0' });
    expect(classifyLicense(' bsd-3-clause-CLEAR ')).toEqual({ kind: 'spdx', spdx: 'BSD-3-Clause-Clear' });
    expect(classifyLicense('gpl-3.0-or-later')).toEqual({ kind: 'spdx', spdx: 'GPL-3.0-or-later' });
  });

  it('reads SPDX expressions with any operator case', () => {
    expect(classifyLicense('mit or apache-2.0')).toEqual({ kind: 'spdx', spdx: 'MIT OR Apache-2.0' });
    expect(classifyLicense('(MIT AND bsd-2-clause)')).toEqual({ kind: 'spdx', spdx: '(MIT AND BSD-2-Clause)' });
    expect(classifyLicense('gpl-2.0-or-later with classpath-exception-2.0')).toEqual({ kind: 'spdx', spdx: 'GPL-2.0-or-later WITH Classpath-exception-2.0' });
    expect(classifyLicense('licenseref-acme-eula')).toEqual({ kind: 'spdx', spdx: 'LicenseRef-acme-eula' });
  });

  it('knows every Hugging Face licence id', () => {
    expect(HUB_LICENSE_IDS).toHaveLength(83);
    for (const id of HUB_LICENSE_IDS) {
      const v = classifyLicense(id);
      if (id === 'unknown') expect(v.kind).toBe('unknown');
      else if (id === 'other') expect(v).toEqual({ kind: 'other' });
      else expect(v).toMatchObject({ kind: 'hub', id });
    }
  });

  it('maps Hub ids to current SPDX ids where one exists', () => {
    expect(classifyLicense('apache-2.0')).toEqual({ kind: 'hub', id: 'apache-2.0', spdx: 'Apache-2.0' });
    expect(classifyLicense('cc-by-nc-sa-4.0')).toEqual({ kind: 'hub', id: 'cc-by-nc-sa-4.0', spdx: 'CC-BY-NC-SA-4.0' });
    expect(classifyLicense('gpl-3.0')).toEqual({ kind: 'hub', id: 'gpl-3.0', spdx: 'GPL-3.0-only' });
    expect(classifyLicense('pddl')).toEqual({ kind: 'hub', id: 'pddl', spdx: 'PDDL-1.0' });
    expect(classifyLicense('creativeml-openrail-m')).toEqual({ kind: 'hub', id: 'creativeml-openrail-m' });
    expect(classifyLicense('llama3.1')).toEqual({ kind: 'hub', id: 'llama3.1' });
    expect(classifyLicense('openrail++')).toEqual({ kind: 'hub', id: 'openrail++' });
    expect(classifyLicense('bsd')).toEqual({ kind: 'hub', id: 'bsd' });
    for (const id of HUB_LICENSE_IDS) {
      const v = classifyLicense(id);
      if (v.kind === 'hub' && v.spdx !== undefined) expect(spdxIds.has(v.spdx), `${id} -> ${v.spdx}`).toBe(true);
    }
  });

  it('accepts Hub ids written in another case', () => {
    expect(classifyLicense('Llama3.1')).toEqual({ kind: 'hub', id: 'llama3.1' });
    expect(classifyLicense('OTHER')).toEqual({ kind: 'other' });
  });

  it('says what is wrong with unknown licences', () => {
    const unknown = classifyLicense('unknown');
    expect(unknown.kind).toBe('unknown');
    expect(unknown.kind === 'unknown' && unknown.message).toMatch(/declared "unknown"/);
    for (const bad of ['', 'Public', 'apache 2', 'MIT OR', 'https://opensource.org/licenses/MIT']) {
      const v = classifyLicense(bad);
      expect(v.kind, bad).toBe('unknown');
    }
    const v = classifyLicense('Public');
    expect(v.kind === 'unknown' && v.message).toMatch(/"Public" is neither an SPDX licence expression nor a Hugging Face licence id/);
  });
});

describe('toSpdxId', () => {
  it('gives the exact-case SPDX id of one licence, or nothing', () => {
    expect(toSpdxId('apache-2.0')).toBe('Apache-2.0');
    expect(toSpdxId('MIT')).toBe('MIT');
    expect(toSpdxId('cc-by-4.0')).toBe('CC-BY-4.0');
    expect(toSpdxId('lgpl-2.1')).toBe('LGPL-2.1-only');
    expect(toSpdxId('etalab-2.0')).toBe('etalab-2.0');
    expect(toSpdxId('MIT OR Apache-2.0')).toBeUndefined();
    expect(toSpdxId('LicenseRef-x')).toBeUndefined();
    expect(toSpdxId('gemma')).toBeUndefined();
    expect(toSpdxId('other')).toBeUndefined();
    expect(toSpdxId('unknown')).toBeUndefined();
  });
});

const CARDS = corpusDir('hf-model-cards') ?? '';
describe.skipIf(CARDS === '')('corpus: licences of real model cards', () => {
  it('classifies every licence without throwing; Hub-valid ids are never unknown', () => {
    let seen = 0;
    for (const name of readdirSync(CARDS)) {
      const m = /^\s*---\n([\s\S]*?)\n---[ \t]*(\n|$)/.exec(normaliseNewlines(readFileSync(join(CARDS, name), 'utf8')));
      if (!m?.[1]) continue;
      const y = parseYaml(m[1], name);
      if (!y.ok) continue;
      for (const id of strList(own(y.value.data, 'license'))) {
        seen++;
        const v = classifyLicense(id);
        if (HUB_LICENSE_IDS.includes(id) && id !== 'unknown') expect(v.kind, `${name}: ${id}`).not.toBe('unknown');
      }
    }
    expect(seen).toBeGreaterThan(10);
  });
});
