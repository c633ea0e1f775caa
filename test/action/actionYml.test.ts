// action.yml is the Action's public contract: every input and output documented, defaults equal to
// the ones the code falls back to, and the runtime the bundle targets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS } from '../../action/inputs.js';
import { ROOT } from './harness.js';

interface Spec {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const spec = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Spec;
const docs = readFileSync(join(ROOT, 'docs/action.md'), 'utf8');

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(spec.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(spec.branding.icon).toBeTruthy();
    expect(spec.branding.color).toBeTruthy();
  });

  it('declares and documents every input, with the defaults the code uses', () => {
    expect(Object.keys(spec.inputs).sort()).toEqual(['attest', 'comment', 'config', 'fail-on', 'github-token', 'mode', 'path', 'sarif-file']);
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) expect(spec.inputs[name]?.default, name).toBe(value);
    expect(spec.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(spec.inputs.path?.default).toBe('${{ github.workspace }}');
    for (const [name, input] of Object.entries(spec.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(40);
      expect(docs, name).toContain(`| \`${name}\` |`);
    }
  });

  it('declares and documents every output', () => {
    expect(Object.keys(spec.outputs).sort()).toEqual(['attestations-dir', 'failed-checks', 'report-dir', 'report-json', 'verdict']);
    for (const name of Object.keys(spec.outputs)) expect(docs, name).toContain(`| \`${name}\` |`);
    expect(spec.outputs['report-json']?.description).toContain('RUNNER_TEMP');
  });
});
