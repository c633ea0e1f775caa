import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { carbonFromCardField, carbonFromCycloneDx, compareCarbon, formatKg } from '../../src/evidence/carbon.js';
import { parseCodeCarbonCsv } from '../../src/evidence/codecarbon.js';
import { normaliseNewlines, own, parseJson, parseYaml } from '../../src/evidence/load.js';
import type { CarbonFigure } from '../../src/types.js';
import { corpusDir } from '../corpus.js';

const figure = (kg: number, original: string, source: string, file: string): CarbonFigure => ({ kg, original, source, file });

describe('carbonFromCardField', () => {
  it('is undefined when the card has no figure', () => {
    expect(carbonFromCardField(undefined, 'README.md')).toBeUndefined();
    expect(carbonFromCardField(null, 'README.md')).toBeUndefined();
  });

  it('reads a bare number as grams', () => {
    const r = carbonFromCardField(41100, 'README.md', 7);
    expect(r).toEqual({ ok: true, warnings: [], value: { kg: 41.1, original: '41100 g', source: 'model card', file: 'README.md', line: 7 } });
  });

  it('reads the documented mapping, taking its source', () => {
    const r = carbonFromCardField(
      { emissions: 2930, source: 'https://mlco2.github.io/impact/', training_type: 'fine-tuning', geographical_location: 'Ghent, Belgium', hardware_used: '1 v100 GPU' },
      'README.md',
    );
    expect(r?.ok && r.value).toEqual({ kg: 2.93, original: '2930 g', source: 'https://mlco2.github.io/impact/', file: 'README.md' });
    expect(r?.ok && r.warnings).toEqual([]);
    const bare = carbonFromCardField({ emissions: 9.62915730999643 }, 'README.md');
    expect(bare?.ok && bare.value.source).toBe('model card');
  });

  it('warns about undocumented keys', () => {
    const r = carbonFromCardField({ emissions: 10, emission_unit: 'kg' }, 'README.md', 3);
    expect(r?.ok && r.warnings[0]).toMatchObject({ line: 3, message: expect.stringMatching(/co2_eq_emissions\.emission_unit is not a documented key/) });
  });

  it('reads YAML 1.1 digit grouping (24_700_000) as the Hub does, with a warning', () => {
    const r = carbonFromCardField({ emissions: '24_700_000' }, 'README.md');
    expect(r?.ok && r.value.kg).toBe(24700);
    expect(r?.ok && r.warnings[0]?.message).toMatch(/read as 24700000 g/);
  });

  it('rejects values that are not positive finite numbers, located', () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 'lots', '41.1 kg', true, [1], { emissions: 'x' }, { emissions: -1 }, { emissions: null }, { source: 'x' }]) {
      const r = carbonFromCardField(bad, 'README.md', 12);
      expect(r?.ok, JSON.stringify(bad)).toBe(false);
      if (r && !r.ok) expect(r.errors[0]).toMatchObject({ file: 'README.md', line: 12, message: expect.stringMatching(/co2_eq_emissions/) });
    }
  });
});

const ENV = (consumptions: unknown[]): unknown => ({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  components: [{ type: 'machine-learning-model', name: 'm', modelCard: { considerations: { environmentalConsiderations: { energyConsumptions: consumptions } } } }],
});
const consumption = (t?: number, kwh?: number) => ({
  activity: 'training',
  energyProviders: [],
  ...(kwh === undefined ? {} : { activityEnergyCost: { value: kwh, unit: 'kWh' } }),
  ...(t === undefined ? {} : { co2CostEquivalent: { value: t, unit: 'tCO2eq' } }),
});

describe('carbonFromCycloneDx', () => {
  it('converts tCO2eq to kg and keeps kWh', () => {
    const r = carbonFromCycloneDx(ENV([consumption(0.02, 50)]), 'bom.json');
    expect(r).toEqual({ ok: true, warnings: [], value: { kg: 20, kwh: 50, original: '0.02 tCO2eq, 50 kWh', source: 'CycloneDX', file: 'bom.json' } });
  });

  it('sums every consumption of every component, nested and metadata ones included', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      metadata: { component: { name: 'top', modelCard: { considerations: { environmentalConsiderations: { energyConsumptions: [consumption(0.001, 2)] } } } } },
      components: [
        { name: 'a', components: [{ name: 'inner', modelCard: { considerations: { environmentalConsiderations: { energyConsumptions: [consumption(0.002, 3)] } } } }] },
        { name: 'b', modelCard: { considerations: { environmentalConsiderations: { energyConsumptions: [consumption(0.003, 5)] } } } },
      ],
    };
    const r = carbonFromCycloneDx(bom, 'bom.json');
    expect(r.ok && r.value.kg).toBeCloseTo(6, 9);
    expect(r.ok && r.value.kwh).toBe(10);
    expect(r.ok && r.value.original).toBe('0.006 tCO2eq, 10 kWh (3 energy consumptions)');
  });

  it('warns when some consumptions give no CO2 and leaves kWh out when some give none', () => {
    const r = carbonFromCycloneDx(ENV([consumption(0.01, 10), consumption(undefined, 5), consumption(0.01)]), 'bom.json');
    expect(r.ok && r.value.kg).toBe(20);
    expect(r.ok && r.value.kwh).toBeUndefined();
    expect(r.ok && r.warnings[0]?.message).toMatch(/1 of 3 energyConsumptions entries give no co2CostEquivalent/);
  });

  it('warns about implausible kg per kWh', () => {
    const r = carbonFromCycloneDx(ENV([consumption(31.22, 0.4)]), 'bom.json');
    expect(r.ok && r.warnings[0]?.message).toMatch(/kg CO2eq per kWh/);
  });

  it('errors when there is no figure, naming why', () => {
    const none = carbonFromCycloneDx({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }, 'bom.json');
    expect(!none.ok && none.errors[0]?.message).toMatch(/no component has .*energyConsumptions.*1\.6/);
    const energyOnly = carbonFromCycloneDx(ENV([consumption(undefined, 7)]), 'bom.json');
    expect(!energyOnly.ok && energyOnly.errors[0]?.message).toMatch(/no energyConsumptions entry gives a co2CostEquivalent \(7 kWh/);
    const zero = carbonFromCycloneDx(ENV([consumption(0, 7)]), 'bom.json');
    expect(zero.ok).toBe(false);
    expect(carbonFromCycloneDx([], 'bom.json').ok).toBe(false);
    expect(carbonFromCycloneDx({ bomFormat: 'SPDX' }, 'bom.json').ok).toBe(false);
  });

  it('refuses units CycloneDX does not allow and bad values, naming the path', () => {
    const unit = carbonFromCycloneDx(ENV([{ co2CostEquivalent: { value: 5, unit: 'kgCO2eq' } }]), 'bom.json');
    expect(!unit.ok && unit.errors[0]?.message).toBe(
      'components[0].modelCard.considerations.environmentalConsiderations.energyConsumptions[0].co2CostEquivalent.unit is "kgCO2eq"; CycloneDX allows only "tCO2eq"',
    );
    const value = carbonFromCycloneDx(ENV([{ co2CostEquivalent: { value: '5', unit: 'tCO2eq' } }]), 'bom.json');
    expect(!value.ok && value.errors[0]?.message).toMatch(/co2CostEquivalent\.value must be a non-negative number/);
    const list = carbonFromCycloneDx(ENV([]), 'bom.json');
    expect(list.ok).toBe(false);
  });
});

describe('compareCarbon', () => {
  const card = figure(41.1, '41100 g', 'CodeCarbon', 'README.md');
  const csv = figure(41.289, '41.289 kg (1 run)', 'CodeCarbon', 'emissions.csv');

  it('agrees within the tolerance', () => {
    const c = compareCarbon(card, csv);
    expect(c.agree).toBe(true);
    expect(c.ratio).toBeCloseTo(1.0046, 4);
    expect(c.mixup).toBeUndefined();
    expect(c.message).toMatch(/agree within 10 %/);
    expect(compareCarbon(figure(100, '100000 g', 'model card', 'a.md'), figure(111, '111 kg', 'CodeCarbon', 'e.csv')).agree).toBe(false);
    expect(compareCarbon(figure(100, '100000 g', 'model card', 'a.md'), figure(111, '111 kg', 'CodeCarbon', 'e.csv'), 0.2).agree).toBe(true);
  });

  it('names a 1000x ratio a g/kg mix-up and blames the hand-written side', () => {
    const kgInGramsField = figure(0.0411, '41.1 g', 'model card', 'README.md');
    const c = compareCarbon(kgInGramsField, csv);
    expect(c.agree).toBe(false);
    expect(c.mixup).toBe('g/kg');
    expect(c.ratio).toBeCloseTo(1004.6, 1);
    expect(c.message).toMatch(/looks like a g\/kg mix-up; README\.md is probably wrong: its value reads 1000x too small/);
    const reversed = compareCarbon(csv, kgInGramsField);
    expect(reversed.mixup).toBe('g/kg');
    expect(reversed.message).toMatch(/README\.md is probably wrong/);
    const tooLarge = compareCarbon(csv, figure(41100, '41100000 g', 'model card', 'README.md'));
    expect(tooLarge.message).toMatch(/README\.md is probably wrong: its value reads 1000x too large/);
  });

  it('names a kg/t mix-up between CodeCarbon and CycloneDX', () => {
    const c = compareCarbon(figure(41.3, '41.3 kg (1 run)', 'CodeCarbon', 'e.csv'), figure(41300, '41.3 tCO2eq', 'CycloneDX', 'bom.json'));
    expect(c.mixup).toBe('kg/t');
    expect(c.message).toMatch(/kg\/t mix-up; bom\.json is probably wrong/);
  });

  it('does not call other ratios a mix-up', () => {
    expect(compareCarbon(card, figure(41.1 * 850, '34935 kg', 'CodeCarbon', 'e.csv')).mixup).toBeUndefined();
    expect(compareCarbon(card, figure(41.1 * 1150, '47265 kg', 'CodeCarbon', 'e.csv')).mixup).toBeUndefined();
    expect(compareCarbon(card, figure(41.1 * 950, '39045 kg', 'CodeCarbon', 'e.csv')).mixup).toBe('g/kg');
    const c = compareCarbon(card, figure(82.2, '82.2 kg', 'CodeCarbon', 'e.csv'));
    expect(c).toMatchObject({ agree: false, ratio: 2 });
    expect(c.message).toMatch(/disagree/);
  });

  it('never divides by zero', () => {
    const c = compareCarbon(figure(0, '0 g', 'model card', 'a.md'), csv);
    expect(c.agree).toBe(false);
    expect(c.message).toMatch(/cannot compare/);
  });
});

describe('formatKg', () => {
  it('picks g, kg or t with three significant digits', () => {
    expect(formatKg(41.1)).toBe('41.1 kg');
    expect(formatKg(41.289)).toBe('41.3 kg');
    expect(formatKg(24700)).toBe('24.7 t');
    expect(formatKg(0.012)).toBe('12 g');
    expect(formatKg(1)).toBe('1 kg');
    expect(formatKg(999.9)).toBe('1 t');
    expect(formatKg(0.99999)).toBe('1 kg');
    expect(formatKg(123456)).toBe('123 t');
    expect(formatKg(1000)).toBe('1 t');
    expect(formatKg(0)).toBe('0 kg');
    expect(formatKg(0.00003608660562919794)).toBe('0.0361 g');
  });
});

// ---------------------------------------------------------------------------------------------
// Real files.

const CARDS = corpusDir('hf-model-cards') ?? '';
const CODECARBON = corpusDir('codecarbon') ?? '';
const CYCLONEDX = corpusDir('cyclonedx') ?? '';

function frontMatter(path: string): { data: unknown; lineOf: (p: (string | number)[]) => number | undefined } | undefined {
  const m = /^(\s*---\n)([\s\S]*?)\n---[ \t]*(\n|$)/.exec(normaliseNewlines(readFileSync(path, 'utf8')));
  if (!m?.[2]) return undefined;
  const y = parseYaml(m[2], path, { lineOffset: (m[1] ?? '').split('\n').length - 1 });
  return y.ok ? y.value : undefined;
}

describe.skipIf(CARDS === '')('corpus: co2_eq_emissions in real model cards', () => {
  it('parses every shape (bare number, mapping, mapping with emissions only)', () => {
    const found: Record<string, string> = {};
    for (const name of readdirSync(CARDS)) {
      const fm = frontMatter(join(CARDS, name));
      const value = own(fm?.data, 'co2_eq_emissions');
      if (value === undefined || !fm) continue;
      const r = carbonFromCardField(value, name, fm.lineOf(['co2_eq_emissions']));
      expect(r?.ok, name).toBe(true);
      if (r?.ok) found[name] = `${r.value.original} -> ${formatKg(r.value.kg)} (${r.value.source})`;
    }
    expect(Object.keys(found).length).toBeGreaterThanOrEqual(7);
    expect(found['CS577___train__AI-Prize-Challenges_autotrain-finetuned1-1035435583_README.md']).toBe('0.03608660562919794 g -> 0.0361 g (model card)');
    expect(found['Nkluge-correa__TeenyTinyLlama__cards__models__TeenyTinyLlama-460m.md']).toBe('41100 g -> 41.1 kg (CodeCarbon)');
    expect(found['CS577___train__GeoffVdr_whisper-medium-nlcv11_README.md']).toBe('2930 g -> 2.93 kg (https://mlco2.github.io/impact/)');
    // BLOOM writes 24_700_000: a number in YAML 1.1 (the Hub), a string in YAML 1.2.
    expect(found['Mahasweta-usc__tests__cards__bigscience-bloom.md']).toMatch(/^24_700_000 g -> 24.7 t/);
  });

  it('TeenyTinyLlama-460m: the card (41100 g) agrees with its CodeCarbon CSV (41.289 kg)', () => {
    const cardFile = join(CARDS, 'Nkluge-correa__TeenyTinyLlama__cards__models__TeenyTinyLlama-460m.md');
    const csvFile = join(CODECARBON, 'Nkluge-correa__TeenyTinyLlama__emissions-460m.csv');
    if (!existsSync(csvFile)) return;
    const fm = frontMatter(cardFile);
    const card = carbonFromCardField(own(fm?.data, 'co2_eq_emissions'), cardFile, fm?.lineOf(['co2_eq_emissions']));
    const csv = parseCodeCarbonCsv(readFileSync(csvFile, 'utf8'), csvFile);
    expect(card?.ok && csv.ok).toBe(true);
    if (!card?.ok || !csv.ok) return;
    expect(card.value.line).toBe(27);
    const c = compareCarbon(card.value, csv.value.figure);
    expect(c.agree).toBe(true);
    expect(c.ratio).toBeCloseTo(1.0046, 3);
    // The same card typed in kg (41.1 in a grams field) is the mix-up the check must name.
    const typo = carbonFromCardField({ emissions: 41.1, source: 'CodeCarbon' }, cardFile, 27);
    expect(typo?.ok).toBe(true);
    if (typo?.ok) {
      const mix = compareCarbon(typo.value, csv.value.figure);
      expect(mix.mixup).toBe('g/kg');
      expect(mix.message).toMatch(/g\/kg mix-up; .*TeenyTinyLlama-460m\.md is probably wrong/);
    }
  });
});

describe.skipIf(CYCLONEDX === '')('corpus: CycloneDX environmental considerations', () => {
  const files = CYCLONEDX ? readdirSync(CYCLONEDX).filter((f) => /machine-learning.*1\.[67]\.json$|env.*\.json$/.test(f)) : [];

  it('finds the files', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s yields a carbon figure or a clean error', (name) => {
    const json = parseJson(readFileSync(join(CYCLONEDX, name), 'utf8'), name);
    expect(json.ok).toBe(true);
    if (!json.ok) return;
    const r = carbonFromCycloneDx(json.value, name);
    if (r.ok) {
      expect(r.value.kg).toBeGreaterThan(0);
      expect(r.value.source).toBe('CycloneDX');
    } else {
      expect(r.errors[0]?.message).toMatch(/energyConsumptions|co2CostEquivalent/);
    }
    if (/considerations-env/.test(name)) {
      // The official example: 0.4 kWh and 31.22 tCO2eq (illustrative, flagged as implausible).
      expect(r.ok && r.value).toMatchObject({ kg: 31220, kwh: 0.4, original: '31.22 tCO2eq, 0.4 kWh' });
      expect(r.ok && r.warnings.map((w) => w.message).join()).toMatch(/per kWh/);
    }
  });
});
