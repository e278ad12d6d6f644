import type { FakeIssuedKey } from './fake-types.ts';
import {
  documentOf,
  leaf,
  renderApiInfo,
  renderHealthCheck,
  renderNestedAppliance,
  renderRep,
  renderTeam,
} from './render-xml.ts';
import type { FakeRemoteSupportSeed } from './seed.ts';

export interface ActionContext {
  seed: FakeRemoteSupportSeed;
  namespace: string;
  /** `real` (default): one `<health_check>` with sibling fields; `nested`: fields inside each `<appliance>`. */
  healthLayout: 'real' | 'nested';
  issue: (queueId: string, params: Record<string, string>) => FakeIssuedKey;
}

export type ActionAnswer = { xml: string } | { error: string };

const NO_PERMISSION = 'This API account does not have permission to use this command.';

/** What the appliance answers to one authorized command call (an `<error>` text for API-level errors). */
export function respondToAction(
  action: string | undefined,
  params: Record<string, string>,
  ctx: ActionContext,
): ActionAnswer {
  const { seed, namespace } = ctx;
  const access = seed.apiInfo.permissions.perm_command;
  if (access !== 'full_access' && access !== 'read_only') return { error: NO_PERMISSION };
  switch (action) {
    case 'get_logged_in_reps':
      return {
        xml: documentOf('logged_in_reps', namespace, ...seed.reps.map((r) => renderRep(r, seed.siteHost))),
      };
    case 'get_support_teams': {
      const members = params.showmembers === '1';
      return {
        xml: documentOf(
          'support_teams',
          namespace,
          ...seed.teams.map((t) => renderTeam(t, seed.reps, members)),
        ),
      };
    }
    case 'check_health': {
      if (ctx.healthLayout === 'nested') {
        return { xml: documentOf('appliances', namespace, ...seed.appliances.map(renderNestedAppliance)) };
      }
      const [first] = seed.appliances;
      return { xml: documentOf('health_check', namespace, ...(first ? renderHealthCheck(first) : [])) };
    }
    case 'get_api_info':
      return { xml: documentOf('api_information', namespace, ...renderApiInfo(seed.apiInfo)) };
    case 'generate_session_key':
      if (access !== 'full_access') return { error: NO_PERMISSION };
      return generateSessionKey(params, ctx);
    case undefined:
      return { error: 'Missing required parameter: action.' };
    default:
      return { error: `Invalid action: ${action.slice(0, 60)}.` };
  }
}

function generateSessionKey(params: Record<string, string>, ctx: ActionContext): ActionAnswer {
  const { seed, namespace } = ctx;
  if (params.type !== 'support') return { error: 'Invalid value for parameter type. Must be "support".' };
  const queueId = params.queue_id ?? '';
  if (!queueExists(queueId, seed)) return { error: `Invalid queue_id: ${queueId.slice(0, 60)}.` };
  if (params.ttl !== undefined && !/^[1-9]\d*$/.test(params.ttl)) {
    return { error: 'Invalid value for parameter ttl.' };
  }
  const key = ctx.issue(queueId, params);
  const expires = Math.floor(Date.parse(key.expiresAt) / 1000);
  // The recorded form of the external key is `session.custom.external_key`; the appliance echoes it.
  const externalKey = params['session.custom.external_key'];
  // As a real appliance writes it (EVIDENCE.md): `<expires>` is Unix time as text, no attribute.
  return {
    xml: documentOf(
      'session_key',
      namespace,
      leaf('type', 'support'),
      leaf('expires', expires),
      leaf('queue', queueId, { available: 1 }),
      leaf('short_key', key.shortKey),
      leaf('key_url', key.keyUrl),
      leaf('mail_subject', `Your ${seed.apiInfo.companyName} support session`),
      leaf(
        'mail_body',
        `To start a support session, go to ${key.keyUrl} or enter the key ${key.shortKey} at https://${seed.siteHost}/. Thanks & regards, ${seed.apiInfo.companyName} support`,
      ),
      externalKey !== undefined && leaf('external_key', externalKey),
    ),
  };
}

function queueExists(queueId: string, seed: FakeRemoteSupportSeed): boolean {
  if (queueId === 'general') return true;
  const [kind, ...restParts] = queueId.split(':');
  const value = restParts.join(':');
  switch (kind) {
    case 'rep':
      return seed.reps.some((r) => String(r.id) === value);
    case 'rep_username':
      // "This call will work only if a single user with the given username exists."
      return seed.reps.filter((r) => r.username === value).length === 1;
    case 'team':
      return seed.teams.some((t) => String(t.id) === value);
    case 'issue':
      return seed.teams.some((t) => t.issues.some((i) => i.codeName === value));
    default:
      return false;
  }
}
