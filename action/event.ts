// The triggering event, read from GITHUB_EVENT_PATH and reduced to what the gate needs: which
// commits to compare and, for pull requests, which pull request. Payload fields are checked, not
// trusted to have the shape the docs promise.
import { readFileSync } from 'node:fs';
import { isObjectId } from '../adapters/git/git.js';

export interface Repo {
  owner: string;
  repo: string;
}

export type ActionEvent =
  | {
      kind: 'pull_request';
      name: 'pull_request' | 'pull_request_target';
      number: number;
      baseSha: string;
      headSha: string;
      /** The head branch lives in another repository (a fork), or that repository was deleted. */
      fork: boolean;
    }
  | { kind: 'merge_group'; baseSha: string; headSha: string }
  | {
      kind: 'push';
      /** null when the push created the ref (before = 000…). */
      before: string | null;
      /** null when the push deleted the ref. */
      after: string | null;
      ref: string;
      defaultBranch: string;
    };

export const SUPPORTED_EVENTS = ['pull_request', 'pull_request_target', 'merge_group', 'push'] as const;

const ZERO = /^0+$/;

export class EventError extends Error {
  override name = 'EventError';
}

export function readRepo(env: NodeJS.ProcessEnv = process.env): Repo {
  const full = env.GITHUB_REPOSITORY ?? '';
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full);
  if (!m || !m[1] || !m[2]) throw new EventError(`GITHUB_REPOSITORY is "${full}", not "owner/name"; run modelgate as a step of a GitHub Actions job`);
  return { owner: m[1], repo: m[2] };
}

export function readEvent(env: NodeJS.ProcessEnv = process.env): ActionEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (!(SUPPORTED_EVENTS as readonly string[]).includes(name)) {
    throw new EventError(
      `modelgate does not run on "${name || '(no event)'}" events; trigger the workflow on ${SUPPORTED_EVENTS.join(', ')} (see docs/action.md)`,
    );
  }
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new EventError('GITHUB_EVENT_PATH is not set; run modelgate as a step of a GitHub Actions job');
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EventError(`cannot read the event payload ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const p = new Fields(payload, 'event');
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = p.object('pull_request');
      const base = pr.object('base');
      const head = pr.object('head');
      const baseRepo = base.object('repo').string('full_name');
      const headRepo = head.optionalObject('repo')?.string('full_name');
      return {
        kind: 'pull_request',
        name,
        number: pr.integer('number'),
        baseSha: base.sha('sha'),
        headSha: head.sha('sha'),
        fork: headRepo === undefined || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
      };
    }
    case 'merge_group': {
      const group = p.object('merge_group');
      return { kind: 'merge_group', baseSha: group.sha('base_sha'), headSha: group.sha('head_sha') };
    }
    default: {
      const before = p.string('before');
      const after = p.string('after');
      return {
        kind: 'push',
        before: ZERO.test(before) ? null : p.sha('before'),
        after: ZERO.test(after) ? null : p.sha('after'),
        ref: p.string('ref'),
        defaultBranch: p.object('repository').string('default_branch'),
      };
    }
  }
}

/** Typed access to a JSON object, with errors that name the missing field's path. */
class Fields {
  constructor(
    private readonly value: unknown,
    private readonly at: string,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new EventError(`${at} is not an object in the event payload`);
  }

  private get(key: string): unknown {
    return (this.value as Record<string, unknown>)[key];
  }

  object(key: string): Fields {
    return new Fields(this.get(key), `${this.at}.${key}`);
  }

  optionalObject(key: string): Fields | undefined {
    const v = this.get(key);
    return v === null || v === undefined ? undefined : new Fields(v, `${this.at}.${key}`);
  }

  string(key: string): string {
    const v = this.get(key);
    if (typeof v !== 'string') throw new EventError(`${this.at}.${key} is missing from the event payload`);
    return v;
  }

  integer(key: string): number {
    const v = this.get(key);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new EventError(`${this.at}.${key} is not a positive integer in the event payload`);
    return v;
  }

  sha(key: string): string {
    const v = this.string(key);
    if (!isObjectId(v)) throw new EventError(`${this.at}.${key} is "${v}", not a commit id`);
    return v;
  }
}
