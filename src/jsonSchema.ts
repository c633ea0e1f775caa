// The published JSON Schemas (schema/*.json) are generated from the zod schemas that also give the
// TypeScript types and validate the documents: the one way a zod schema becomes draft-07, and the
// one way a document's problems are told (by JSON pointer, as JSON Schema validators do).
import { z } from 'zod';

/** Bounds zod writes for every integer; they say nothing a reader needs. */
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

export interface SchemaHead {
  $id: string;
  title: string;
  description?: string;
}

/** `schema` as a draft-07 JSON Schema headed by `head`; throws on anything JSON Schema cannot say. */
export function jsonSchemaOf(schema: z.ZodType, head: SchemaHead): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-07',
    unrepresentable: 'throw',
    override: ({ jsonSchema: s }) => {
      if (typeof s.maximum === 'number' && SAFE_INTEGER_BOUNDS.has(s.maximum)) delete s.maximum;
      if (typeof s.minimum === 'number' && SAFE_INTEGER_BOUNDS.has(s.minimum)) delete s.minimum;
      // zod spells date-time out as a long pattern too; the format says it.
      if (s.format === 'date-time') delete s.pattern;
      // An optional reference comes out as `allOf: [{ $ref }]` alone: the reference says the same.
      const only = Array.isArray(s.allOf) && s.allOf.length === 1 && Object.keys(s).length === 1 ? (s.allOf[0] as Record<string, unknown>) : undefined;
      if (only) {
        delete s.allOf;
        Object.assign(s, only);
      }
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, ...head, ...rest };
}

/**
 * `data` read with `schema`, or what is wrong with it: at most `max` problems, each
 * "/json/pointer: message" ("(top level): message" for the document itself).
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, max = 10): { ok: true; value: z.output<S> } | { ok: false; errors: string[] } {
  const result = schema.safeParse(data, { error: missing });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.slice(0, max).map((issue) => `${pointerOf(issue.path)}: ${issue.message}`) };
}

/** zod says "expected string, received undefined" of a missing property; say that it is missing. */
function missing(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input !== undefined) return undefined;
  if (issue.code === 'invalid_type') return `is required (${issue.expected})`;
  if (issue.code === 'invalid_value') return `is required (${issue.values.map((v) => JSON.stringify(v)).join('|')})`;
  return undefined;
}

function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map((k) => '/' + String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
