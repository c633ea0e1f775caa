// The manifest asks for exactly what the App uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const manifest = parse(readFileSync(join(import.meta.dirname, '../../app.yml'), 'utf8')) as {
  default_permissions: Record<string, string>;
  default_events: string[];
  hook_attributes: { url: string };
};

describe('app.yml', () => {
  it('requests the least permissions the App needs', () => {
    expect(manifest.default_permissions).toEqual({ checks: 'write', contents: 'read', issues: 'write', pull_requests: 'read', merge_queues: 'read', metadata: 'read' });
  });

  it('subscribes to the events the App handles, and no others', () => {
    expect([...manifest.default_events].sort()).toEqual(['check_run', 'check_suite', 'issue_comment', 'merge_group', 'pull_request', 'push']);
    expect(manifest.hook_attributes.url).toMatch(/\/api\/github\/webhooks$/);
  });

  it('every permission and event is explained in docs/app.md', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/app.md'), 'utf8');
    for (const p of ['Checks', 'Contents', 'Issues', 'Pull requests', 'Merge queues', 'Metadata']) expect(docs).toContain(`| ${p} |`);
    for (const e of manifest.default_events) expect(docs).toContain(`| \`${e}\` |`);
  });
});
