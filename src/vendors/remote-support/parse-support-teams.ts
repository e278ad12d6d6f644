import { readFields } from './read-fields.ts';
import type { SupportIssue, SupportTeam, SupportTeamMember } from './types.ts';
import { childOf, extraOf, type XmlElement } from './xml-element.ts';

const ACTION = 'get_support_teams';
const TEAM_KNOWN = ['name', 'code_name', 'comments', 'issues', 'members'];
const ISSUE_KNOWN = ['code_name', 'description', 'name'];
const MEMBER_KNOWN = ['display_name', 'public_display_name'];

/**
 * `<support_teams><support_team id="…"><name/><code_name/><comments/><issues><issue id="…">…` The element
 * table was not published [I]: issues are read from `<code_name>` and `<description>` (or `<name>`), members
 * (with `showmembers=1`) from any child of `<members>` that carries an id and a display name.
 */
export function parseSupportTeams(root: XmlElement): SupportTeam[] {
  return root.children
    .filter((c) => c.name === 'support_team')
    .map((team, index) => {
      const f = readFields(
        ACTION,
        team,
        team.attrs.id ? `<support_team id="${team.attrs.id}">` : `team #${index + 1}`,
      );
      const issues = childOf(team, 'issues');
      const members = childOf(team, 'members');
      return {
        id: f.intAttr('id'),
        name: f.text('name'),
        codeName: f.text('code_name'),
        comments: f.optionalText('comments'),
        ...(issues ? { issues: issues.children.map((issue, i) => parseIssue(issue, i)) } : {}),
        ...(members ? { members: members.children.map((m, i) => parseMember(m, i)) } : {}),
        extra: extraOf(team, TEAM_KNOWN),
      };
    });
}

function parseIssue(issue: XmlElement, index: number): SupportIssue {
  const f = readFields(
    ACTION,
    issue,
    issue.attrs.id ? `<issue id="${issue.attrs.id}">` : `issue #${index + 1}`,
  );
  const codeName = f.text('code_name');
  return {
    id: f.intAttr('id'),
    codeName,
    name: f.optionalText('description') ?? f.optionalText('name') ?? codeName,
    extra: extraOf(issue, ISSUE_KNOWN),
  };
}

function parseMember(member: XmlElement, index: number): SupportTeamMember {
  const f = readFields(ACTION, member, `team member #${index + 1}`);
  return {
    id: f.intAttr('id'),
    displayName: f.optionalText('public_display_name') ?? f.text('display_name'),
    extra: extraOf(member, MEMBER_KNOWN),
  };
}
