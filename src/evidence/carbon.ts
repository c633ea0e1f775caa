// Carbon figures from the places evidence gives them, normalised to kg CO2eq and kWh at the edge.
// Units differ in every format: Hugging Face cards say grams, CodeCarbon kilograms, CycloneDX tonnes.
// The original value and unit are kept for the report.
import type { CarbonFigure, Diagnostic, Parsed } from '../types.js';
import { fail, isRecord, lazyLine, own, str } from './load.js';

const CARD_KEYS = new Set(['emissions', 'source', 'training_type', 'geographical_location', 'hardware_used']);
/** YAML 1.1 (PyYAML, and so the Hub) reads `24_700_000` as a number; YAML 1.2 keeps it a string. */
const NUMERIC_STRING = /^\+?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?$/;
/** Above this many kg CO2eq per kWh no grid on Earth emits (coal is about 1.0). */
const MAX_PLAUSIBLE_KG_PER_KWH = 1.2;

/** The card's `co2_eq_emissions` (grams): a bare number or a mapping. Undefined when absent. */
export function carbonFromCardField(value: unknown, file: string, lineOf: number | (() => number | undefined) = () => undefined): Parsed<CarbonFigure> | undefined {
  if (value === undefined || value === null) return undefined;
  const findLine = typeof lineOf === 'number' ? () => lineOf : lineOf;
  const warnings: Diagnostic[] = [];
  const at = (message: string): Diagnostic => {
    const line = findLine();
    return line === undefined ? { file, message } : { file, line, message };
  };
  let raw: unknown = value;
  let source = 'model card';
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (!CARD_KEYS.has(key)) warnings.push(at(`co2_eq_emissions.${key} is not a documented key (expected ${[...CARD_KEYS].join(', ')})`));
    }
    for (const key of ['source', 'training_type', 'geographical_location', 'hardware_used']) {
      const v = own(value, key);
      if (v !== undefined && v !== null && typeof v !== 'string') warnings.push(at(`co2_eq_emissions.${key} should be text`));
    }
    if (!Object.hasOwn(value, 'emissions') || own(value, 'emissions') === null) {
      return fail(file, 'co2_eq_emissions has no `emissions` (grams of CO2eq)', findLine());
    }
    raw = own(value, 'emissions');
    source = str(own(value, 'source')) ?? source;
  } else if (Array.isArray(value) || typeof value === 'boolean') {
    return fail(file, 'co2_eq_emissions must be a number of grams or a mapping with `emissions` in grams', findLine());
  }
  let grams: number;
  let original: string;
  if (typeof raw === 'number') {
    grams = raw;
    original = `${raw} g`;
  } else if (typeof raw === 'string' && NUMERIC_STRING.test(raw.trim())) {
    grams = Number(raw.trim().replace(/_/g, ''));
    original = `${raw.trim()} g`;
    warnings.push(at(`co2_eq_emissions is the text "${raw.trim()}", read as ${grams} g as the Hugging Face Hub does; write a plain number`));
  } else {
    const shown = typeof raw === 'string' ? `"${raw}"` : typeof raw;
    return fail(file, `co2_eq_emissions emissions must be a number of grams, not ${shown}`, findLine());
  }
  // 5e-324 g is positive, but not once divided into kilograms.
  if (!Number.isFinite(grams) || grams <= 0 || grams / 1000 <= 0) {
    return fail(file, `co2_eq_emissions emissions must be a positive number of grams, not ${String(raw)}`, findLine());
  }
  const figure: CarbonFigure = { kg: grams / 1000, original, source, file };
  lazyLine(figure, 'line', findLine);
  return { ok: true, value: figure, warnings };
}

/**
 * Sums `co2CostEquivalent` (tCO2eq) and `activityEnergyCost` (kWh) over every component's
 * `modelCard.considerations.environmentalConsiderations.energyConsumptions[]` (CycloneDX 1.6+).
 */
export function carbonFromCycloneDx(json: unknown, file: string): Parsed<CarbonFigure> {
  if (!isRecord(json)) return fail(file, 'a CycloneDX BOM must be a JSON object');
  const format = own(json, 'bomFormat');
  if (format !== undefined && format !== 'CycloneDX') return fail(file, `bomFormat is ${JSON.stringify(format)}, not "CycloneDX"`);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let consumptions = 0;
  let withCo2 = 0;
  let tonnes = 0;
  let kwh = 0;
  let kwhKnown = true;
  for (const { component, path } of components(json)) {
    const list = own(own(own(own(component, 'modelCard'), 'considerations'), 'environmentalConsiderations'), 'energyConsumptions');
    if (list === undefined) continue;
    const listPath = `${path}.modelCard.considerations.environmentalConsiderations.energyConsumptions`;
    if (!Array.isArray(list)) {
      errors.push({ file, message: `${listPath} must be a list` });
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const at = `${listPath}[${i}]`;
      consumptions++;
      const co2 = measure(own(entry, 'co2CostEquivalent'), 'tCO2eq', `${at}.co2CostEquivalent`);
      const energy = measure(own(entry, 'activityEnergyCost'), 'kWh', `${at}.activityEnergyCost`);
      if (co2.kind === 'error') errors.push({ file, message: co2.message });
      if (energy.kind === 'error') errors.push({ file, message: energy.message });
      if (co2.kind === 'ok') {
        withCo2++;
        tonnes += co2.value;
      }
      if (energy.kind === 'ok') kwh += energy.value;
      else kwhKnown = false;
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const version = str(own(json, 'specVersion'));
  if (consumptions === 0) {
    const hint = version !== undefined && Number(version) < 1.6 ? ` (specVersion ${version}; environmentalConsiderations exist from CycloneDX 1.6)` : '';
    return fail(file, `no component has modelCard.considerations.environmentalConsiderations.energyConsumptions${hint}`);
  }
  if (withCo2 === 0) {
    const energy = kwhKnown ? ` (${round(kwh)} kWh of energy is given)` : '';
    return fail(file, `no energyConsumptions entry gives a co2CostEquivalent${energy}: there is no CO2 figure`);
  }
  if (withCo2 < consumptions) {
    warnings.push({ file, message: `${consumptions - withCo2} of ${consumptions} energyConsumptions entries give no co2CostEquivalent; the total covers the others only` });
  }
  const kg = tonnes * 1000;
  if (!Number.isFinite(kg)) return fail(file, 'the co2CostEquivalent values add up to more tCO2eq than a number can hold');
  if (kg <= 0) return fail(file, 'the co2CostEquivalent values add up to 0 tCO2eq: not a positive figure');
  if (!Number.isFinite(kwh)) kwhKnown = false;
  const parts = [`${round(tonnes)} tCO2eq`];
  if (kwhKnown) parts.push(`${round(kwh)} kWh`);
  const original = parts.join(', ') + (consumptions > 1 ? ` (${consumptions} energy consumptions)` : '');
  const figure: CarbonFigure = { kg, original, source: 'CycloneDX', file };
  if (kwhKnown) {
    figure.kwh = kwh;
    if (kwh > 0 && kg / kwh > MAX_PLAUSIBLE_KG_PER_KWH) {
      warnings.push({ file, message: `${formatKg(kg)} for ${round(kwh)} kWh is ${round(kg / kwh)} kg CO2eq per kWh; no grid emits more than about ${MAX_PLAUSIBLE_KG_PER_KWH}, check the units` });
    }
  }
  return { ok: true, value: figure, warnings };
}

/** `metadata.component` and every entry of `components`, nested ones included. */
function* components(bom: Record<string, unknown>): Generator<{ component: unknown; path: string }> {
  const meta = own(own(bom, 'metadata'), 'component');
  if (meta !== undefined) yield* walk(meta, 'metadata.component', 0);
  const list = own(bom, 'components');
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) yield* walk(list[i], `components[${i}]`, 0);
  }
}

function* walk(component: unknown, path: string, depth: number): Generator<{ component: unknown; path: string }> {
  if (!isRecord(component) || depth > 32) return;
  yield { component, path };
  const nested = own(component, 'components');
  if (Array.isArray(nested)) {
    for (let i = 0; i < nested.length; i++) yield* walk(nested[i], `${path}.components[${i}]`, depth + 1);
  }
}

type Measure = { kind: 'ok'; value: number } | { kind: 'absent' } | { kind: 'error'; message: string };

function measure(v: unknown, unit: string, path: string): Measure {
  if (v === undefined) return { kind: 'absent' };
  const value = own(v, 'value');
  const given = own(v, 'unit');
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return { kind: 'error', message: `${path}.value must be a non-negative number, not ${JSON.stringify(value) ?? 'nothing'}` };
  }
  if (given !== unit) {
    return { kind: 'error', message: `${path}.unit is ${JSON.stringify(given) ?? 'missing'}; CycloneDX allows only "${unit}"` };
  }
  return { kind: 'ok', value };
}

export interface CarbonComparison {
  agree: boolean;
  /** b.kg / a.kg. */
  ratio: number;
  mixup?: 'g/kg' | 'kg/t';
  message: string;
}

/** Compares two figures of the same thing: within `tolerance` they agree; ~1000x apart is a unit mix-up. */
export function compareCarbon(a: CarbonFigure, b: CarbonFigure, tolerance = 0.1): CarbonComparison {
  // Only a disagreement points at lines: finding a card's line costs a full YAML parse.
  const left = () => describe(a, true);
  const right = () => describe(b, true);
  if (!(a.kg > 0) || !Number.isFinite(a.kg) || !(b.kg >= 0) || !Number.isFinite(b.kg)) {
    return { agree: false, ratio: Number.NaN, message: `cannot compare ${left()} with ${right()}` };
  }
  const ratio = b.kg / a.kg;
  if (Math.abs(ratio - 1) <= tolerance) {
    return { agree: true, ratio, message: `${describe(a, false)} and ${describe(b, false)}: they agree within ${round(tolerance * 100)} % (ratio ${round(ratio)})` };
  }
  const big = ratio >= 1 ? ratio : 1 / ratio;
  if (Math.abs(big / 1000 - 1) <= 0.1) {
    const mixup = unitMixup(a, b);
    const small = ratio >= 1 ? a : b;
    const suspect = lessTrusted(a, b);
    let blame: string;
    if (suspect === undefined) blame = 'one of them is in the wrong unit';
    else if (suspect === small) blame = `${suspect.file} is probably wrong: its value reads 1000x too small (${suspect.original}${unitOf(suspect) === 'g' ? ', kilograms written into a grams field?' : ''})`;
    else blame = `${suspect.file} is probably wrong: its value reads 1000x too large (${suspect.original})`;
    return {
      agree: false,
      ratio,
      mixup,
      message: `${left()} and ${right()}: ${round(big)}x apart, looks like a ${mixup} mix-up; ${blame}`,
    };
  }
  return {
    agree: false,
    ratio,
    message: `${left()} and ${right()}: they disagree, ratio ${round(ratio)}, beyond the ${round(tolerance * 100)} % tolerance`,
  };
}

function describe(f: CarbonFigure, withLine: boolean): string {
  const at = !withLine || f.line === undefined ? f.file : `${f.file}:${f.line}`;
  return `${at} says ${formatKg(f.kg)} [${f.original}; ${f.source}]`;
}

type Unit = 'g' | 'kg' | 't';

function unitOf(f: CarbonFigure): Unit | undefined {
  const m = /\d\s*(g|kg|t|tCO2eq)\b/.exec(f.original);
  if (!m) return undefined;
  return m[1] === 'g' ? 'g' : m[1] === 'kg' ? 'kg' : 't';
}

function unitMixup(a: CarbonFigure, b: CarbonFigure): 'g/kg' | 'kg/t' {
  const units = new Set([unitOf(a), unitOf(b)]);
  return units.has('t') && units.has('kg') ? 'kg/t' : 'g/kg';
}

/** Hand-typed card values are likelier wrong than a CycloneDX BOM, which is likelier wrong than a measurement. */
function lessTrusted(a: CarbonFigure, b: CarbonFigure): CarbonFigure | undefined {
  const ta = trust(a);
  const tb = trust(b);
  if (ta === tb) return undefined;
  return ta < tb ? a : b;
}

function trust(f: CarbonFigure): number {
  if (/codecarbon/i.test(f.source) && /\.csv$/i.test(f.file)) return 2;
  if (f.source === 'CycloneDX') return 1;
  return 0;
}

/** Human form: "41.1 kg", "24.7 t", "12 g" (three significant digits). */
export function formatKg(kg: number): string {
  if (!Number.isFinite(kg)) return `${kg} kg`;
  // Round first so that 999.9 kg reads "1 t", not "1000 kg".
  const abs = Math.abs(Number(kg.toPrecision(3)));
  if (abs === 0) return '0 kg';
  if (abs >= 1000) return `${sig(kg / 1000)} t`;
  if (abs < 1) return `${sig(kg * 1000)} g`;
  return `${sig(kg)} kg`;
}

function sig(n: number): string {
  return String(Number(n.toPrecision(3)));
}

function round(n: number): string {
  return String(Number(n.toPrecision(4)));
}
