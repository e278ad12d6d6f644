import type { FakeApiInfo, FakeAppliance, FakeRep, FakeTeam } from './seed.ts';

/** XML the way the command API writes it: a declaration, one root with a default namespace. */

type Child = string | undefined | false;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function el(name: string, attrs: Record<string, string | number>, ...children: Child[]): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const inner = children.filter((c): c is string => typeof c === 'string').join('');
  return inner === '' ? `<${name}${a} />` : `<${name}${a}>${inner}</${name}>`;
}

/** A leaf with escaped text. */
export const leaf = (name: string, text: string | number, attrs: Record<string, string | number> = {}) =>
  el(name, attrs, escapeXml(String(text)) || undefined);

export function documentOf(root: string, namespace: string, ...children: Child[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(root, { xmlns: namespace }, ...children)}\n`;
}

const iso = (unixSec: number) => new Date(unixSec * 1000).toISOString().replace('.000Z', '+00:00');

export function renderRep(rep: FakeRep, siteHost: string): string {
  const link = `<a href="https://${siteHost}/api/start_session?id=${rep.id}&name=${encodeURIComponent(rep.publicDisplayName)}">${rep.publicDisplayName}</a>`;
  return el(
    'rep',
    { id: rep.id },
    leaf('display_name', rep.publicDisplayName),
    leaf('public_display_name', rep.publicDisplayName),
    leaf('private_display_name', rep.privateDisplayName),
    leaf('type', rep.type),
    leaf('direct_link', link),
    leaf('logged_in_since', iso(rep.loggedInSince), { ts: rep.loggedInSince }),
    leaf('presentation_count', 0),
    leaf('support_session_count', rep.supportSessionCount),
    leaf('showing_on_rep_list', rep.showingOnRepList ? 1 : 0),
  );
}

export function renderTeam(team: FakeTeam, reps: FakeRep[], showMembers: boolean): string {
  const members = reps.filter((r) => team.memberIds.includes(r.id));
  return el(
    'support_team',
    { id: team.id },
    leaf('name', team.name),
    leaf('code_name', team.codeName),
    leaf('comments', team.comments),
    el(
      'issues',
      {},
      ...team.issues.map((i) =>
        el('issue', { id: i.id }, leaf('code_name', i.codeName), leaf('description', i.description)),
      ),
    ),
    showMembers &&
      el(
        'members',
        {},
        ...members.map((r) => el('member', { id: r.id }, leaf('display_name', r.publicDisplayName))),
      ),
  );
}

/**
 * `check_health` as a real appliance answers it (EVIDENCE.md, a recorded 19.1.8 answer): `<appliance id>` holds
 * only the hostname, every other element is its sibling under `<health_check>`. Optional ones are left out
 * when the seed leaves them undefined.
 */
export function renderHealthCheck(a: FakeAppliance): string[] {
  return [
    leaf('appliance', a.hostname, { id: a.id }),
    a.version !== undefined && leaf('version', a.version),
    leaf('success', a.success ? 1 : 0),
    ...healthDetails(a),
  ].filter((c): c is string => typeof c === 'string');
}

function healthDetails(a: FakeAppliance): Array<string | false> {
  return [
    a.errorMessage !== undefined && leaf('error_message', a.errorMessage),
    a.failoverRole !== undefined && leaf('failover_role', a.failoverRole),
    a.enabledSharedIps.length > 0 &&
      el('enabled_shared_ips', {}, ...a.enabledSharedIps.map((ip) => leaf('ip', ip))),
    a.lastDataSyncTime !== undefined &&
      leaf('last_data_sync_time', iso(a.lastDataSyncTime), { ts: a.lastDataSyncTime }),
    a.lastDataSyncStatus !== undefined && leaf('last_data_sync_status', a.lastDataSyncStatus),
  ];
}

/** The older, nested reading (fields as children of `<appliance>`), kept for the parser's fallback. */
export function renderNestedAppliance(a: FakeAppliance): string {
  return el(
    'appliance',
    { id: a.id },
    leaf('hostname', a.hostname),
    a.version !== undefined && leaf('version', a.version),
    leaf('success', a.success ? 1 : 0),
    ...healthDetails(a),
  );
}

export function renderApiInfo(info: FakeApiInfo): string[] {
  return [
    leaf('api_version', info.apiVersion),
    leaf('company_name', info.companyName),
    leaf('timestamp', Math.floor(Date.now() / 1000)),
    // `<permission name="perm_command">full_access</permission>`: the value is the element's text.
    el(
      'permissions',
      {},
      ...Object.entries(info.permissions).map(([name, value]) => leaf('permission', value, { name })),
    ),
  ];
}
