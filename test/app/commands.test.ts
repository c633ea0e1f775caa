import { describe, expect, it } from 'vitest';
import { parseCommands } from '../../app/commands.js';
import { changeAuthors, commentWaivers, refusal, waiverOf } from '../../app/commentWaivers.js';
import type { IssueComment } from '../../app/github.js';

describe('parseCommands', () => {
  it('reads recheck and waive commands on their own lines', () => {
    expect(parseCommands('Looks fine.\n/modelgate recheck\n')).toEqual([{ kind: 'recheck' }]);
    const [w] = parseCommands('/modelgate waive models/churn-predictor carbon.estimate evidence-pending until 2027-01-15 -- CodeCarbon run is scheduled');
    expect(w).toEqual({
      kind: 'waive',
      model: 'models/churn-predictor',
      check: 'carbon.estimate',
      reason: 'evidence-pending',
      until: '2027-01-15',
      note: 'CodeCarbon run is scheduled',
      line: '/modelgate waive models/churn-predictor carbon.estimate evidence-pending until 2027-01-15 -- CodeCarbon run is scheduled',
    });
  });

  it('accepts a quoted model path with spaces', () => {
    const [w] = parseCommands('/modelgate waive "models/my model" card.sections not-applicable until 2027-01-01 -- internal tool');
    expect(w).toMatchObject({ kind: 'waive', model: 'models/my model' });
  });

  it('ignores commands inside code fences and quotes, and text that merely mentions them', () => {
    const body = ['> /modelgate waive a card.present accepted-risk until 2027-01-01 -- quoted', '```', '/modelgate recheck', '```', 'please run /modelgate recheck'].join('\n');
    expect(parseCommands(body)).toEqual([]);
  });

  it('ignores commands GitHub does not show as a line of their own: longer fences, indented code, HTML comments', () => {
    const cmd = '/modelgate waive models/a card.present accepted-risk until 2027-01-01 -- hidden';
    const hidden = [
      ['````', '```', cmd, '````'], // a shorter fence does not close a longer one
      ['~~~', '```', cmd, '~~~'], // nor one of the other character
      ['```js', cmd, '``` not a close', '```'], // a closing fence has no info string
      ['text', '', `    ${cmd}`], // indented code
      ['text', `\t${cmd}`], // a tab is four columns
      ['<!--', cmd, '-->'],
      [`looks fine <!-- `, cmd, '-->'], // a comment opened mid-line
      [`<!-- ${cmd} -->`],
    ];
    for (const lines of hidden) expect(parseCommands(lines.join('\n')), lines.join(' / ')).toEqual([]);
    // After the fence or comment closes, commands count again.
    expect(parseCommands(['````', '```', '````', '/modelgate recheck'].join('\n'))).toEqual([{ kind: 'recheck' }]);
    expect(parseCommands(['<!-- a', 'b -->', '   /modelgate recheck'].join('\r\n'))).toEqual([{ kind: 'recheck' }]);
  });

  it('explains malformed commands', () => {
    expect(parseCommands('/modelgate frobnicate')).toEqual([expect.objectContaining({ kind: 'invalid', problem: expect.stringMatching(/unknown command "frobnicate"/) })]);
    expect(parseCommands('/modelgate waive models/a card.present')).toEqual([expect.objectContaining({ kind: 'invalid', problem: 'a waiver needs a model, a check, a reason, "until" and a date' })]);
    expect(parseCommands('/modelgate waive models/a card.present because until 2027-01-01 -- x')).toEqual([
      expect.objectContaining({ kind: 'invalid', problem: 'reason must be one of not-applicable, accepted-risk, evidence-pending, false-positive' }),
    ]);
    expect(parseCommands('/modelgate waive models/a card.present accepted-risk until 2027-01-01')).toEqual([expect.objectContaining({ kind: 'invalid', problem: expect.stringMatching(/needs a note/) })]);
  });
});

let nextId = 1;
const comment = (login: string, body: string, createdAt = '2026-11-28T09:00:00Z', userType = 'User', updatedAt = createdAt): IssueComment => {
  const id = nextId++;
  return { id, nodeId: `IC_${id}`, body, login, userType, createdAt, updatedAt, htmlUrl: `https://github.com/acme/models/pull/7#issuecomment-${login}` };
};
/** No comment was edited: the editor lookup must not be made. */
const noEdits = (): Promise<Map<string, string | null>> => Promise.reject(new Error('no comment was edited; no lookup expected'));

describe('waivers from comments', () => {
  const roles: Record<string, string> = { rhea: 'write', max: 'maintain', ada: 'admin', tom: 'triage', rex: 'read' };
  const roleOf = async (login: string) => roles[login] ?? 'none';

  const dana = changeAuthors('dana', [], []);
  it('only write, maintain and admin users who did not author the PR may grant', async () => {
    expect(await refusal('rhea', 'User', dana, roleOf)).toBeUndefined();
    expect(await refusal('max', 'User', dana, roleOf)).toBeUndefined();
    expect(await refusal('ada', 'User', dana, roleOf)).toBeUndefined();
    expect(await refusal('tom', 'User', dana, roleOf)).toMatch(/needs write access to the repository; tom has the triage role/);
    expect(await refusal('rex', 'User', dana, roleOf)).toMatch(/rex has the read role/);
    expect(await refusal('eve', 'User', dana, roleOf)).toMatch(/eve has no access/);
    expect(await refusal('Dana', 'User', dana, roleOf)).toMatch(/author of a pull request cannot waive/);
    expect(await refusal('renovate[bot]', 'Bot', dana, roleOf)).toMatch(/not bots/);
  });

  it('nobody who wrote the change may grant: commit authors, committers and pushers too', async () => {
    const authors = changeAuthors('dana', ['Rhea', 'web-flow'], ['MAX']);
    expect(await refusal('rhea', 'User', authors, roleOf)).toMatch(/author or committer of commits in this pull request/);
    expect(await refusal('max', 'User', authors, roleOf)).toMatch(/pushed to this pull request's branch/);
    expect(await refusal('ada', 'User', authors, roleOf)).toBeUndefined();
    // More commits than GitHub lists: who wrote them is unknown, so nobody may.
    expect(await refusal('ada', 'User', changeAuthors('dana', [], [], false), roleOf)).toMatch(/at most 250 commits/);
  });

  it('a waiver is granted on the comment date, by the commenter, for at most 90 days', () => {
    const [cmd] = parseCommands('/modelgate waive models/a carbon.estimate evidence-pending until 2027-02-26 -- soon');
    if (cmd?.kind !== 'waive') throw new Error('parse');
    expect(waiverOf(cmd, comment('rhea', ''))).toEqual({
      model: 'models/a',
      check: 'carbon.estimate',
      reason: 'evidence-pending',
      approver: '@rhea',
      granted: '2026-11-28',
      expires: '2027-02-26',
      note: 'soon',
      source: 'https://github.com/acme/models/pull/7#issuecomment-rhea',
    });
    const [late] = parseCommands('/modelgate waive models/a carbon.estimate evidence-pending until 2027-02-27 -- soon');
    if (late?.kind !== 'waive') throw new Error('parse');
    expect(waiverOf(late, comment('rhea', ''))).toBe('expires is 91 days after granted; waivers last at most 90 days');
  });

  it('keeps only valid waivers from authorised commenters, looking each person up once', async () => {
    const lookups: string[] = [];
    const counting = async (login: string) => {
      lookups.push(login);
      return roleOf(login);
    };
    const waive = (check: string) => `/modelgate waive models/a ${check} accepted-risk until 2027-01-10 -- reviewed`;
    const list = [
      comment('rhea', waive('carbon.estimate')),
      comment('rhea', `${waive('audit.fresh')}\n${waive('card.sections')}`),
      comment('dana', waive('card.license')), // the PR author
      comment('tom', waive('card.fields')), // triage
      comment('modelgate-test[bot]', waive('card.present'), undefined, 'Bot'),
      comment('ada', '/modelgate waive models/a policy.valid accepted-risk until 2027-01-10 -- no'), // cannot be waived
      comment('ada', 'LGTM'),
    ];
    const waivers = await commentWaivers(list, dana, counting, noEdits);
    expect(waivers.map((w) => `${w.approver} ${w.check}`)).toEqual(['@rhea carbon.estimate', '@rhea audit.fresh', '@rhea card.sections']);
    expect(lookups).toEqual(['rhea', 'tom', 'ada']);
  });

  it('an edited comment counts only when its last editor is its author, looked up once for all edited comments', async () => {
    const waive = (check: string) => `/modelgate waive models/a ${check} accepted-risk until 2027-01-10 -- reviewed`;
    const edited = (login: string, body: string) => comment(login, body, '2026-11-28T09:00:00Z', 'User', '2026-11-28T10:00:00Z');
    const byAuthor = edited('rhea', waive('carbon.estimate'));
    const byPrAuthor = edited('rhea', waive('audit.fresh')); // "LGTM" turned into a waiver by dana
    const byOther = edited('ada', waive('card.sections')); // a maintainer rewrote ada's comment
    const unknown = edited('ada', waive('card.fields')); // GitHub did not return it
    const lookups: (readonly string[])[] = [];
    const editors = async (ids: readonly string[]) => {
      lookups.push(ids);
      return new Map<string, string | null>([
        [byAuthor.nodeId, 'Rhea'],
        [byPrAuthor.nodeId, 'dana'],
        [byOther.nodeId, 'max'],
      ]);
    };
    const waivers = await commentWaivers([byAuthor, byPrAuthor, byOther, unknown, comment('ada', 'LGTM', undefined, 'User', '2026-11-28T11:00:00Z')], dana, roleOf, editors);
    expect(waivers.map((w) => `${w.approver} ${w.check}`)).toEqual(['@rhea carbon.estimate']);
    expect(lookups).toEqual([[byAuthor.nodeId, byPrAuthor.nodeId, byOther.nodeId, unknown.nodeId]]);
  });
});
