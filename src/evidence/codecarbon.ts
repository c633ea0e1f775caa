// CodeCarbon `emissions.csv` (formats.md 6.1). Columns are read by header name because their set and
// order changed with almost every release; rows sharing a run_id are cumulative flushes of one run.
import { parse } from 'csv-parse/sync';
import type { CarbonFigure, Diagnostic, Parsed } from '../types.js';
import { errorText, fail, normaliseNewlines } from './load.js';

export interface CodeCarbonRun {
  runId?: string;
  /** kg CO2eq. */
  emissionsKg: number;
  energyKwh?: number;
  durationS?: number;
  /** 1-based line of the row the run was taken from. */
  line: number;
}

export interface CodeCarbonReport {
  file: string;
  runs: CodeCarbonRun[];
  totalKg: number;
  /** Only when every run states its energy: a missing cell is unknown, not zero. */
  totalKwh?: number;
  figure: CarbonFigure;
}

/** `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter backtracks quadratically on a long run of digits. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface Row {
  fields: string[];
  line: number;
}

export function parseCodeCarbonCsv(text: string, file: string): Parsed<CodeCarbonReport> {
  const rowsOrError = readRows(text, file);
  if (!rowsOrError.ok) return rowsOrError;
  const [header, ...rows] = rowsOrError.value;
  if (!header) return fail(file, 'empty file: expected a CodeCarbon emissions.csv with a header row');
  const names = header.fields.map((h) => h.trim());
  const column = (name: string): number | undefined => {
    const i = names.indexOf(name);
    return i === -1 ? undefined : i;
  };
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const emissionsCol = column('emissions');
  if (emissionsCol === undefined) {
    return fail(file, `no "emissions" column in the header (found: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}): not a CodeCarbon emissions.csv`, header.line);
  }
  if (names.filter((n) => n === 'emissions').length > 1) {
    return fail(file, 'the header names "emissions" more than once: cannot tell which column to read', header.line);
  }
  const runIdCol = column('run_id');
  const durationCol = column('duration');
  const energyCol = column('energy_consumed');
  // Task-level files (emissions_base_<id>.csv) have one row per task of a run: tasks are not flushes.
  const taskCol = column('task_name');
  if (runIdCol === undefined) {
    warnings.push({ file, line: header.line, message: 'no run_id column (CodeCarbon before v1.2): rows cannot be grouped into runs, each row counts as its own run' });
  }

  const groups = new Map<string, { runId?: string; row: ParsedRow }[]>();
  const emptyRunIdLines: number[] = [];
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      warnings.push({ file, line: row.line, message: `row has ${row.fields.length} fields but the header has ${names.length}; row skipped (a known CodeCarbon append bug writes such rows)` });
      continue;
    }
    const cell = (i: number | undefined): string => (i === undefined ? '' : (row.fields[i] ?? '').trim());
    const emissionsText = cell(emissionsCol);
    if (emissionsText === '') {
      warnings.push({ file, line: row.line, message: 'emissions is empty; row skipped' });
      continue;
    }
    if (!NUMBER.test(emissionsText)) {
      errors.push({ file, line: row.line, message: `emissions "${emissionsText}" is not a number (kg CO2eq)` });
      continue;
    }
    const emissionsKg = Number(emissionsText);
    if (!Number.isFinite(emissionsKg)) {
      errors.push({ file, line: row.line, message: `emissions ${emissionsText.slice(0, 40)} is too large to be a number of kg CO2eq` });
      continue;
    }
    if (emissionsKg < 0) {
      errors.push({ file, line: row.line, message: `emissions ${emissionsText} is negative` });
      continue;
    }
    const parsed: ParsedRow = { emissionsKg, line: row.line };
    const duration = optionalNumber(cell(durationCol), 'duration', row.line, file, warnings);
    if (duration !== undefined) parsed.durationS = duration;
    const energy = optionalNumber(cell(energyCol), 'energy_consumed', row.line, file, warnings);
    if (energy !== undefined) parsed.energyKwh = energy;

    const runId = cell(runIdCol);
    if (runId === '') {
      if (runIdCol !== undefined) emptyRunIdLines.push(row.line);
      groups.set(`\0line ${row.line}`, [{ row: parsed }]);
      continue;
    }
    const key = taskCol === undefined ? runId : `${runId}\0${cell(taskCol)}`;
    const group = groups.get(key) ?? [];
    group.push({ runId, row: parsed });
    groups.set(key, group);
  }
  if (emptyRunIdLines.length > 0) {
    const shown = emptyRunIdLines.slice(0, 10).join(', ') + (emptyRunIdLines.length > 10 ? ', …' : '');
    warnings.push({ file, line: emptyRunIdLines[0], message: `${emptyRunIdLines.length} row(s) with an empty run_id (line ${shown}): each counted as its own run` });
  }
  if (errors.length > 0) return { ok: false, errors };

  const runs: CodeCarbonRun[] = [];
  for (const group of groups.values()) {
    const chosen = latest(group.map((g) => g.row));
    const run: CodeCarbonRun = { emissionsKg: chosen.emissionsKg, line: chosen.line };
    const runId = group[0]?.runId;
    if (runId !== undefined) run.runId = runId;
    if (chosen.energyKwh !== undefined) run.energyKwh = chosen.energyKwh;
    if (chosen.durationS !== undefined) run.durationS = chosen.durationS;
    runs.push(run);
  }
  runs.sort((x, y) => x.line - y.line);
  if (runs.length === 0) {
    return fail(file, rows.length === 0 ? 'no data rows below the header' : 'no usable rows: every row was skipped (see the warnings)', header.line);
  }

  const totalKg = runs.reduce((sum, r) => sum + r.emissionsKg, 0);
  // An estimate is a positive, finite number (spec: carbon.estimate); 0 kg is no estimate at all.
  if (!Number.isFinite(totalKg)) return fail(file, 'the runs add up to more kg CO2eq than a number can hold', header.line);
  if (totalKg <= 0) return fail(file, `the ${runs.length} run(s) add up to 0 kg CO2eq: not a positive estimate`, header.line);
  const withEnergy = runs.filter((r) => r.energyKwh !== undefined);
  const sumKwh = withEnergy.length === runs.length ? withEnergy.reduce((sum, r) => sum + (r.energyKwh ?? 0), 0) : undefined;
  const totalKwh = sumKwh !== undefined && Number.isFinite(sumKwh) ? sumKwh : undefined;
  if (withEnergy.length > 0 && totalKwh === undefined) {
    warnings.push({ file, message: `${runs.length - withEnergy.length} of ${runs.length} runs give no energy_consumed; no energy total` });
  }
  const figure: CarbonFigure = {
    kg: totalKg,
    original: `${Number(totalKg.toPrecision(5))} kg (${runs.length} run${runs.length === 1 ? '' : 's'})`,
    source: 'CodeCarbon',
    file,
  };
  if (totalKwh !== undefined) figure.kwh = totalKwh;
  if (runs.length === 1 && runs[0]) figure.line = runs[0].line;
  const report: CodeCarbonReport = { file, runs, totalKg, figure };
  if (totalKwh !== undefined) report.totalKwh = totalKwh;
  return { ok: true, value: report, warnings };
}

interface ParsedRow {
  emissionsKg: number;
  energyKwh?: number;
  durationS?: number;
  line: number;
}

/** Flushes are cumulative: the row with the largest duration holds the run's total; without durations, the last. */
function latest(rows: ParsedRow[]): ParsedRow {
  let best = rows[rows.length - 1] as ParsedRow;
  let bestDuration = -Infinity;
  for (const row of rows) {
    if (row.durationS !== undefined && row.durationS >= bestDuration) {
      best = row;
      bestDuration = row.durationS;
    }
  }
  return best;
}

function optionalNumber(text: string, name: string, line: number, file: string, warnings: Diagnostic[]): number | undefined {
  if (text === '') return undefined;
  const n = Number(text);
  if (!NUMBER.test(text) || n < 0 || !Number.isFinite(n)) {
    warnings.push({ file, line, message: `${name} "${text}" is not a non-negative number; treated as missing` });
    return undefined;
  }
  return n;
}

function readRows(text: string, file: string): Parsed<Row[]> {
  const plain = plainCsvRows(text);
  return plain ? { ok: true, value: plain, warnings: [] } : csvParseRows(text, file);
}

/**
 * Rows of a CSV text without a quote character, where a record is a line and a field is what lies
 * between commas: csv-parse reads such text the same way (test/evidence/codecarbon.test.ts holds
 * them equal) but costs about 0.3 ms per call, a tenth of a model's evaluation. Undefined when the
 * text has quotes, which only csv-parse reads correctly.
 */
export function plainCsvRows(text: string): Row[] | undefined {
  if (text.includes('"')) return undefined;
  const rows: Row[] = [];
  const lines = normaliseNewlines(text.replace(/^\uFEFF/, '')).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line !== '') rows.push({ fields: line.split(','), line: i + 1 });
  }
  return rows;
}

/** Rows as csv-parse reads them: quoted fields, line breaks inside quotes, the line each record starts on. */
export function csvParseRows(text: string, file: string): Parsed<Row[]> {
  let records: unknown;
  try {
    records = parse(normaliseNewlines(text), {
      bom: true,
      raw: true,
      info: true,
      relax_column_count: true,
      record_delimiter: '\n',
      // Without this, every blank line is a record of the wrong length, for which csv-parse builds an
      // error object before relaxing it: a file of a million blank lines took minutes.
      skip_empty_lines: true,
    });
  } catch (err) {
    const lines = isRecordWith(err, 'lines') ? err.lines : undefined;
    return fail(file, `CSV could not be parsed: ${errorText(err)}`, typeof lines === 'number' ? lines : undefined);
  }
  if (!Array.isArray(records)) return fail(file, 'CSV could not be parsed');
  const rows: Row[] = [];
  for (const item of records) {
    const record: unknown = isRecordWith(item, 'record') ? item.record : undefined;
    const info: unknown = isRecordWith(item, 'info') ? item.info : undefined;
    const raw: unknown = isRecordWith(item, 'raw') ? item.raw : '';
    const endLine = isRecordWith(info, 'lines') ? info.lines : undefined;
    if (!Array.isArray(record) || typeof endLine !== 'number') continue;
    if (record.length === 1 && record[0] === '') continue;
    // `lines` is where the record ends; count back over line breaks inside quoted fields. `raw` also
    // holds the blank lines csv-parse skipped before the record, and its own line break at the end.
    const inner = typeof raw === 'string' ? (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g) ?? []).length : 0;
    rows.push({ fields: record.map((f: unknown) => (typeof f === 'string' ? f : String(f))), line: endLine - inner });
  }
  return { ok: true, value: rows, warnings: [] };
}

function isRecordWith<K extends string>(v: unknown, key: K): v is Record<K, unknown> {
  return typeof v === 'object' && v !== null && Object.hasOwn(v, key);
}
