import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvParseRows, parseCodeCarbonCsv, plainCsvRows, type CodeCarbonReport } from '../../src/evidence/codecarbon.js';
import type { Parsed } from '../../src/types.js';
import { corpusDir } from '../corpus.js';

const FILE = 'models/m/emissions.csv';

function ok(r: Parsed<CodeCarbonReport>): CodeCarbonReport {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Builds a CSV from a header and rows given as name -> value; missing columns are empty cells. */
function csv(header: string[], rows: Record<string, string | number>[], eol = '\n'): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(header.map((h) => String(row[h] ?? '')).join(','));
  return lines.join(eol) + eol;
}

// Header versions from formats.md 6.1 (oldest first).
const V0 = 'experiment_id,timestamp,project_name,duration,emissions,energy_consumed,country_name,country_iso_code,region,on_cloud,cloud_provider,cloud_region';
const V1 = 'timestamp,project_name,duration,emissions,energy_consumed,country_name,country_iso_code,region,on_cloud,cloud_provider,cloud_region';
const JUL_2021 = 'timestamp,project_name,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,on_cloud,cloud_provider,cloud_region';
const AUG_2021 = 'timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,on_cloud,cloud_provider,cloud_region';
const SEP_2021 = 'timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud';
const JUL_2022 = 'timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud';
const APR_2023 = `${JUL_2022},pue`;
const JUN_2024 = 'timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue';
const NOV_2025 = 'timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue';
const V3_2 = 'timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue,cloud_provider,cloud_region';
const TASKS = 'task_name,timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed';

describe('parseCodeCarbonCsv', () => {
  it.each([
    ['v0 (experiment_id first)', V0],
    ['v1', V1],
    ['Jul 2021', JUL_2021],
    ['Aug 2021', AUG_2021],
    ['Sep 2021', SEP_2021],
    ['Jul 2022', JUL_2022],
    ['Apr 2023', APR_2023],
    ['Jun 2024', JUN_2024],
    ['Nov 2025', NOV_2025],
    ['v3.2 (cloud columns last)', V3_2],
  ])('reads the %s header by name', (_label, header) => {
    const names = header.split(',');
    const text = csv(names, [
      { run_id: 'a', experiment_id: 'x', duration: 10, emissions: 1.5, energy_consumed: 3, country_name: 'France', on_cloud: 'N', cloud_region: 'eu' },
      { run_id: 'b', experiment_id: 'x', duration: 20, emissions: 0.25, energy_consumed: 1, country_name: 'France', on_cloud: 'N', cloud_region: 'eu' },
    ]);
    const r = parseCodeCarbonCsv(text, FILE);
    const report = ok(r);
    expect(report.totalKg).toBe(1.75);
    expect(report.totalKwh).toBe(4);
    expect(report.runs.map((run) => [run.emissionsKg, run.energyKwh, run.durationS, run.line])).toEqual([
      [1.5, 3, 10, 2],
      [0.25, 1, 20, 3],
    ]);
    if (names.includes('run_id')) {
      expect(report.runs.map((run) => run.runId)).toEqual(['a', 'b']);
      expect(r.ok && r.warnings).toEqual([]);
    } else {
      expect(r.ok && r.warnings[0]?.message).toMatch(/no run_id column/);
    }
  });

  it('accepts reordered and unknown columns and quoted cells', () => {
    const text = 'future_metric,emissions,"run_id",cpu_model,energy_consumed,duration\n7,0.5,r1,"Intel(R) Xeon(R), 2 sockets",2,100\n';
    const report = ok(parseCodeCarbonCsv(text, FILE));
    expect(report.runs).toEqual([{ runId: 'r1', emissionsKg: 0.5, energyKwh: 2, durationS: 100, line: 2 }]);
  });

  it('requires an emissions column', () => {
    const r = parseCodeCarbonCsv('timestamp,project_name,duration,energy_consumed\n2024-01-01T00:00:00,p,1,2\n', FILE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: FILE, line: 1, message: expect.stringMatching(/no "emissions" column/) });
  });

  it('treats rows sharing a run_id as cumulative: the largest duration wins', () => {
    const text = csv(['run_id', 'duration', 'emissions', 'energy_consumed'], [
      { run_id: 'r', duration: 10, emissions: 1, energy_consumed: 2 },
      { run_id: 's', duration: 5, emissions: 0.5, energy_consumed: 1 },
      { run_id: 'r', duration: 30, emissions: 3, energy_consumed: 6 },
      { run_id: 'r', duration: 20, emissions: 2, energy_consumed: 4 },
    ]);
    const r = parseCodeCarbonCsv(text, FILE);
    const report = ok(r);
    expect(report.runs).toEqual([
      { runId: 's', emissionsKg: 0.5, energyKwh: 1, durationS: 5, line: 3 },
      { runId: 'r', emissionsKg: 3, energyKwh: 6, durationS: 30, line: 4 },
    ]);
    expect(report.totalKg).toBe(3.5);
    expect(report.figure).toEqual({ kg: 3.5, kwh: 7, original: '3.5 kg (2 runs)', source: 'CodeCarbon', file: FILE });
  });

  it('takes the last row of a run when durations are missing', () => {
    const text = csv(['run_id', 'duration', 'emissions'], [
      { run_id: 'r', emissions: 1 },
      { run_id: 'r', emissions: 4 },
      { run_id: 'r', emissions: 2 },
    ]);
    const report = ok(parseCodeCarbonCsv(text, FILE));
    expect(report.runs).toEqual([{ runId: 'r', emissionsKg: 2, line: 4 }]);
    expect(report.figure.original).toBe('2 kg (1 run)');
    expect(report.figure.line).toBe(4);
  });

  it('counts rows with an empty run_id as runs of their own, with one warning', () => {
    const text = csv(['run_id', 'duration', 'emissions'], [
      { run_id: '', duration: 1, emissions: 1 },
      { run_id: '', duration: 2, emissions: 2 },
      { run_id: 'r', duration: 3, emissions: 4 },
    ]);
    const r = parseCodeCarbonCsv(text, FILE);
    expect(ok(r).totalKg).toBe(7);
    expect(ok(r).runs.map((run) => run.runId)).toEqual([undefined, undefined, 'r']);
    expect(r.ok && r.warnings).toEqual([{ file: FILE, line: 2, message: expect.stringMatching(/2 row\(s\) with an empty run_id \(line 2, 3\)/) }]);
  });

  it('skips rows whose field count differs from the header, naming the line', () => {
    const text = 'run_id,duration,emissions,energy_consumed\na,1,1,1\nb,2,2\nc,3,3,3,extra\nd,4,4,4\n';
    const r = parseCodeCarbonCsv(text, FILE);
    expect(ok(r).totalKg).toBe(5);
    expect(r.ok && r.warnings.map((w) => [w.line, w.message])).toEqual([
      [3, expect.stringMatching(/row has 3 fields but the header has 4; row skipped/)],
      [4, expect.stringMatching(/row has 5 fields but the header has 4/)],
    ]);
  });

  it('fails when no row remains', () => {
    const r = parseCodeCarbonCsv('run_id,duration,emissions\na,1\n', FILE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/no usable rows/);
    const headerOnly = parseCodeCarbonCsv('run_id,duration,emissions\n', FILE);
    expect(!headerOnly.ok && headerOnly.errors[0]?.message).toMatch(/no data rows/);
    const empty = parseCodeCarbonCsv('', FILE);
    expect(!empty.ok && empty.errors[0]?.message).toMatch(/empty file/);
  });

  it('treats empty numeric cells as missing, not zero', () => {
    const text = csv(['run_id', 'duration', 'emissions', 'energy_consumed'], [
      { run_id: 'a', duration: '', emissions: 1, energy_consumed: 2 },
      { run_id: 'b', duration: 5, emissions: 1, energy_consumed: '' },
      { run_id: 'c', duration: 5, emissions: '', energy_consumed: 9 },
    ]);
    const r = parseCodeCarbonCsv(text, FILE);
    const report = ok(r);
    expect(report.runs).toEqual([
      { runId: 'a', emissionsKg: 1, energyKwh: 2, line: 2 },
      { runId: 'b', emissionsKg: 1, durationS: 5, line: 3 },
    ]);
    expect(report.totalKwh).toBeUndefined();
    expect(report.figure.kwh).toBeUndefined();
    const messages = r.ok ? r.warnings.map((w) => `${w.line}: ${w.message}`) : [];
    expect(messages).toEqual(['4: emissions is empty; row skipped', 'undefined: 1 of 2 runs give no energy_consumed; no energy total']);
  });

  it('rejects negative or non-numeric emissions with their line', () => {
    const r = parseCodeCarbonCsv('run_id,emissions\na,1\nb,-0.5\nc,abc\nd,nan\n', FILE);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.line, e.message])).toEqual([
        [3, 'emissions -0.5 is negative'],
        [4, 'emissions "abc" is not a number (kg CO2eq)'],
        [5, 'emissions "nan" is not a number (kg CO2eq)'],
      ]);
    }
  });

  it('warns about unreadable duration or energy and treats them as missing', () => {
    const r = parseCodeCarbonCsv('run_id,duration,emissions,energy_consumed\na,soon,1,-3\n', FILE);
    expect(ok(r).runs).toEqual([{ runId: 'a', emissionsKg: 1, line: 2 }]);
    expect(r.ok && r.warnings.length).toBe(2);
  });

  it('tolerates a BOM, CR-only line ends and spaces around header names', () => {
    const text = '\uFEFF run_id ,duration , emissions\ra,1,2\r\rb,2,3\r';
    const r = parseCodeCarbonCsv(text, FILE);
    expect(ok(r).runs).toEqual([
      { runId: 'a', emissionsKg: 2, durationS: 1, line: 2 },
      { runId: 'b', emissionsKg: 3, durationS: 2, line: 4 },
    ]);
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('tolerates CRLF line endings', () => {
    const text = 'run_id,duration,emissions\r\na,1,2\r\n\r\nb,1,3\r\n';
    const report = ok(parseCodeCarbonCsv(text, FILE));
    expect(report.totalKg).toBe(5);
    expect(report.runs.map((run) => run.line)).toEqual([2, 4]);
  });

  it('reads task-level files: tasks of one run are summed, flushes of one task are not', () => {
    const names = TASKS.split(',');
    const text = csv(names, [
      { task_name: 'load', run_id: 'r', duration: 1, emissions: 1, energy_consumed: 1 },
      { task_name: 'train', run_id: 'r', duration: 5, emissions: 5, energy_consumed: 5 },
      { task_name: 'train', run_id: 'r', duration: 9, emissions: 9, energy_consumed: 9 },
    ]);
    expect(ok(parseCodeCarbonCsv(text, FILE)).totalKg).toBe(10);
  });

  it('reports broken CSV quoting as a located error, never throwing', () => {
    const r = parseCodeCarbonCsv('run_id,emissions\n"a,1\n', FILE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/CSV could not be parsed/);
  });

  it('locates rows below a quoted field that spans lines', () => {
    const r = parseCodeCarbonCsv('run_id,note,emissions\na,"two\nlines",1\nb,x,-1\n', FILE);
    expect(!r.ok && r.errors[0]?.line).toBe(4);
  });
});

const DIR = corpusDir('codecarbon') ?? '';
describe('CSV without quotes, read without csv-parse', () => {
  it('gives the rows and lines csv-parse gives, on any quote-free text', () => {
    const char = fc.constantFrom('a', '1', '.', ',', ',', '\n', '\n', '\r', ' ', '\uFEFF', 'é', '\t');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 60 }).map((cs) => cs.join('')), (text) => {
        const viaLibrary = csvParseRows(text, 'e.csv');
        expect(viaLibrary.ok).toBe(true);
        if (viaLibrary.ok) expect(plainCsvRows(text)).toEqual(viaLibrary.value);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('leaves text with quotes to csv-parse', () => {
    expect(plainCsvRows('a,"b,c"\n')).toBeUndefined();
  });
});

describe.skipIf(DIR === '')('corpus: real CodeCarbon files', () => {
  const files = DIR ? readdirSync(DIR).filter((f) => f.endsWith('.csv')) : [];

  it.each(files)('%s parses or fails cleanly', (name) => {
    const r = parseCodeCarbonCsv(readFileSync(join(DIR, name), 'utf8'), name);
    if (r.ok) {
      expect(r.value.runs.length).toBeGreaterThan(0);
      expect(r.value.totalKg).toBeGreaterThanOrEqual(0);
      expect(r.value.figure.source).toBe('CodeCarbon');
      for (const w of r.warnings) expect(w.file).toBe(name);
    } else {
      for (const e of r.errors) expect(e).toMatchObject({ file: name, message: expect.any(String) });
    }
  });

  it('TeenyTinyLlama-460m: one 12-day run of 41.289 kg and 112.97 kWh', () => {
    const name = 'Nkluge-correa__TeenyTinyLlama__emissions-460m.csv';
    const report = ok(parseCodeCarbonCsv(readFileSync(join(DIR, name), 'utf8'), name));
    expect(report.totalKg).toBeCloseTo(41.289, 3);
    expect(report.totalKwh).toBeCloseTo(112.974, 3);
    expect(report.runs[0]).toMatchObject({ runId: '45715238-8bce-4728-96e2-1f71f14ba5d4', line: 2 });
    expect(report.figure.original).toBe('41.289 kg (1 run)');
  });

  it('the v1 header without run_id (codecarbon tests/emissions_invalid_headers.csv) gives a warning, not a crash', () => {
    const name = 'mlco2__codecarbon__tests__emissions_invalid_headers.csv';
    const r = parseCodeCarbonCsv(readFileSync(join(DIR, name), 'utf8'), name);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.totalKg).toBeCloseTo(0.0010231, 7);
    expect(r.ok && r.warnings.map((w) => w.message).join()).toMatch(/no run_id column/);
  });

  it('codecarbon examples/emissions.csv: cumulative flushes, empty run_id and empty emissions', () => {
    const name = 'mlco2__codecarbon__examples__emissions.csv';
    const r = parseCodeCarbonCsv(readFileSync(join(DIR, name), 'utf8'), name);
    const report = ok(r);
    expect(report.runs).toHaveLength(19);
    expect(report.totalKg).toBeCloseTo(0.00019537029268894377, 15);
    expect(report.totalKwh).toBeCloseTo(0.008090266169168935, 12);
    // The six flushes of 8a1d9822… collapse to the last (largest duration) row.
    expect(report.runs.find((run) => run.runId === '8a1d9822-56c9-4c52-8497-5a2e32dd5b03')).toMatchObject({ line: 13, durationS: 91.82258701324464 });
    const messages = r.ok ? r.warnings.map((w) => `${w.line}: ${w.message}`) : [];
    expect(messages).toEqual([
      '6: emissions is empty; row skipped',
      '7: emissions is empty; row skipped',
      expect.stringMatching(/^3: 3 row\(s\) with an empty run_id \(line 3, 4, 5\)/),
    ]);
  });

  it('v3.2.3 with cloud columns moved to the end, and an 18-run cluster file', () => {
    const eron = ok(parseCodeCarbonCsv(readFileSync(join(DIR, 'EronQorri__green-ml-bench__emissions.csv'), 'utf8'), 'e.csv'));
    expect(eron.runs).toHaveLength(7);
    const bert = ok(parseCodeCarbonCsv(readFileSync(join(DIR, 'Ambroise012__BERT-Pruning__emissions.csv'), 'utf8'), 'b.csv'));
    expect(bert.runs).toHaveLength(18);
    expect(bert.totalKg).toBeCloseTo(3.247465188278976, 10);
    expect(bert.figure.original).toBe('3.2475 kg (18 runs)');
  });
});
