// The published JSON Schemas (schema/*.json) are generated from the zod schemas that also give the
// TypeScript types and validate the documents: this is the one way a zod schema becomes draft-07.
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
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, ...head, ...rest };
}
