import { BadInputError } from '../../src/errors.ts';
import type {
  LoggedInRep,
  RemoteSupportClient,
  SessionQueue,
  SupportIssue,
  SupportTeam,
} from '../../src/vendors/remote-support/index.ts';
import { findByName, type Named } from './find-by-name.ts';

/** Where the key's session waits, and how people read that ("team Helpdesk"). */
export interface ResolvedQueue {
  queue: SessionQueue;
  label: string;
}

export interface QueueChoice {
  team?: string | undefined;
  rep?: string | undefined;
  issue?: string | undefined;
}

/** The most names an answer lists when nothing is close. */
const MAX_LISTED = 10;

/**
 * `--team`, `--rep` or `--issue` (at most one; none is the general queue), by name or id, resolved against
 * the cached team and rep lists, so a typo gets the close matches instead of a key in the wrong queue.
 */
export async function resolveQueue(client: RemoteSupportClient, choice: QueueChoice): Promise<ResolvedQueue> {
  const given = (['team', 'rep', 'issue'] as const).filter((k) => choice[k] !== undefined);
  if (given.length > 1) {
    throw new BadInputError(
      `Give only one of --team, --rep and --issue (you gave ${given.map((g) => `--${g}`).join(' and ')}): a session waits in one queue.`,
    );
  }
  if (choice.team !== undefined) {
    const team = pick('team', choice.team, teamsNamed(await client.cachedTeams()));
    return { queue: { team: team.id }, label: `team ${team.name}` };
  }
  if (choice.rep !== undefined) {
    const rep = pick('logged-in rep', choice.rep, repsNamed(await client.cachedReps()));
    return { queue: { rep: rep.id }, label: `rep ${rep.publicDisplayName}` };
  }
  if (choice.issue !== undefined) {
    const { issue, team } = pick('issue', choice.issue, issuesNamed(await client.cachedTeams()));
    return { queue: { issue: issue.codeName }, label: `issue ${issue.name} (team ${team.name})` };
  }
  return { queue: 'general', label: 'the general queue' };
}

function pick<T>(what: string, given: string, candidates: Named<T>[]): T {
  const result = findByName(given, candidates);
  if (result.found) return result.found.value;
  const shown = given.length > 60 ? `${given.slice(0, 60)}…` : given;
  const asked = /^\d+$/.test(given.trim())
    ? `No ${what} has id ${shown}.`
    : `No ${what} is called "${shown}".`;
  if (result.suggestions.length > 0) {
    throw new BadInputError(`${asked} Did you mean ${orList(result.suggestions)}?`);
  }
  const all = [...new Set(candidates.map((c) => c.label))];
  if (all.length === 0) throw new BadInputError(`${asked} Remote Support lists none right now.`);
  const more = all.length > MAX_LISTED ? `, and ${all.length - MAX_LISTED} more` : '';
  throw new BadInputError(`${asked} Known: ${all.slice(0, MAX_LISTED).join(', ')}${more}.`);
}

function orList(items: string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function teamsNamed(teams: SupportTeam[]): Named<SupportTeam>[] {
  return teams.map((t) => ({ value: t, id: t.id, label: t.name, names: [t.name, t.codeName] }));
}

function repsNamed(reps: LoggedInRep[]): Named<LoggedInRep>[] {
  return reps.map((r) => ({
    value: r,
    id: r.id,
    label: r.publicDisplayName,
    names: [r.publicDisplayName, r.privateDisplayName],
  }));
}

function issuesNamed(teams: SupportTeam[]): Named<{ issue: SupportIssue; team: SupportTeam }>[] {
  return teams.flatMap((team) =>
    (team.issues ?? []).map((issue) => ({
      value: { issue, team },
      id: issue.id,
      label: `${issue.name} (${issue.codeName})`,
      names: [issue.codeName, issue.name],
    })),
  );
}
