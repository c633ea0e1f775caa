// One statement per evaluated model of a report, read through the same reader the evaluation used.
import type { Report, RepoReader } from '../types.js';
import type { Policy } from '../policy/load.js';
import { buildStatement, type AttestationContext, type Statement } from './statement.js';
import { modelSubjects } from './subjects.js';

export async function statementsFor(report: Report, reader: RepoReader, policy: Policy, context: AttestationContext): Promise<Statement[]> {
  const files = await reader.listFiles();
  const out: Statement[] = [];
  for (const model of report.models) out.push(buildStatement(report, model, await modelSubjects(reader, model, files, policy), context));
  return out;
}

export { PREDICATE_TYPE, STATEMENT_TYPE, IN_TOTO_PAYLOAD_TYPE, statementFileName, type Statement, type AttestationContext, type GovernancePredicate, type Subject } from './statement.js';
export { compareStatement, type Checkout, type Comparison } from './compare.js';
export { policyDigest, fileDigest } from './subjects.js';
export { predicateSchema, predicateSchemaText } from './schema.js';
