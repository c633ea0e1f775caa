// The Action's inputs, read once from the runner's INPUT_* variables, validated and typed. Defaults
// repeat action.yml's so that a run without the runner's defaults (or with an empty value) behaves
// the same; test/action checks that both agree.
import * as core from './runner.js';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CONFIG_PATH } from '../src/check.js';
import { repoPathProblem } from '../adapters/git/git.js';

export type Mode = 'check' | 'report';
export type FailOn = 'error' | 'warn' | 'never';

export interface ActionInputs {
  /** Repository path of the policy file, read from the base revision. */
  config: string;
  mode: Mode;
  failOn: FailOn;
  comment: boolean;
  /** Absolute path to write SARIF to, or undefined. */
  sarifFile?: string;
  /** May be empty: only pull request events need the API. */
  githubToken: string;
  /** Absolute path of the repository checkout. */
  path: string;
  /** Sign a governance attestation per passing model (docs/attestations.md). */
  attest: boolean;
}

export const MODES: readonly Mode[] = ['check', 'report'];
/** The same defaults as action.yml (the runner normally supplies them). */
export const INPUT_DEFAULTS = { config: CONFIG_PATH, mode: 'check', 'fail-on': 'error', comment: 'true', 'sarif-file': '', attest: 'false' } as const;
export const FAIL_ON: readonly FailOn[] = ['error', 'warn', 'never'];

/** An input that cannot be used as given. The message names the input and what to write instead. */
export class InputError extends Error {
  override name = 'InputError';
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const config = core.getInput('config') || INPUT_DEFAULTS.config;
  const configProblem = repoPathProblem(config);
  if (configProblem) {
    throw new InputError(`config: "${config}" is not a path inside the repository (${configProblem.kind === 'outside' ? configProblem.detail : configProblem.kind}); write it relative to the repository root, e.g. ${CONFIG_PATH}`);
  }
  const mode = oneOf('mode', core.getInput('mode') || INPUT_DEFAULTS.mode, MODES);
  const failOn = oneOf('fail-on', core.getInput('fail-on') || INPUT_DEFAULTS['fail-on'], FAIL_ON);
  const comment = booleanInput('comment', INPUT_DEFAULTS.comment === 'true');
  const attest = booleanInput('attest', false); // INPUT_DEFAULTS.attest
  const sarif = core.getInput('sarif-file');
  const githubToken = core.getInput('github-token');
  if (githubToken) core.setSecret(githubToken);
  const path = resolve(workspace, core.getInput('path') || '.');
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new InputError(`path: "${path}" is not a directory; check out the repository first (actions/checkout) and point "path" at the checkout`);
  }
  return {
    config,
    mode,
    failOn,
    comment,
    ...(sarif ? { sarifFile: isAbsolute(sarif) ? sarif : resolve(process.cwd(), sarif) } : {}),
    githubToken,
    path,
    attest,
  };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${name}: "${value}" is not one of ${allowed.join(' | ')}`);
}

function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new InputError(`${name}: "${raw}" is not a boolean; write true or false`);
}
