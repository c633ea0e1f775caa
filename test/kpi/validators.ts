// JSON Schema validators for the tests: the official CycloneDX 1.6 schema as shipped by
// @cyclonedx/cyclonedx-library (with its SPDX and JSF sibling schemas), and our KPI report schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { kpiReportJsonSchema } from '../../src/kpi/schema.js';

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsImport as unknown as { default?: AddFormats }).default ?? (addFormatsImport as unknown as AddFormats));

const require = createRequire(import.meta.url);
const schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as Record<string, unknown>;
}

let cdx: ValidateFunction | undefined;

/** The official CycloneDX 1.6 JSON schema, compiled with ajv 8 (strict: false for its `meta:enum`). */
export function cycloneDx16(): ValidateFunction {
  if (cdx) return cdx;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // Formats ajv-formats lacks, used by the CycloneDX schema: accept IRI references and
  // internationalised e-mail addresses by their general shape.
  ajv.addFormat('iri-reference', /^[^\s]*$/u);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  // The BOM schema refers to its siblings by their SNAPSHOT file names, resolved against its $id.
  ajv.addSchema({ ...load('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
  ajv.addSchema({ ...load('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
  cdx = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
  return cdx;
}

let kpi: ValidateFunction | undefined;

/** Our KPI schema, compiled strictly, with ajv-formats checking date-time. */
export function kpiSchema(): ValidateFunction {
  if (kpi) return kpi;
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  kpi = ajv.compile(kpiReportJsonSchema());
  return kpi;
}

export function errorsOf(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 10), null, 2);
}
