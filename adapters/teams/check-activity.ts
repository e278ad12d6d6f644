import type { Activity } from 'botbuilder';
import type { ServiceUrlCheck } from './service-urls.ts';

export interface ActivityGateSettings {
  allowedTenants: readonly string[];
  isAllowedServiceUrl: ServiceUrlCheck;
  /** Unauthenticated local mode: the Bot Framework Emulator's `emulator` channel is accepted too. */
  unauthenticated: boolean;
}

export type GateResult = { ok: true } | { ok: false; reason: string };

/** Every tenant id an activity names (Teams puts it in two places; they must agree). */
function tenantsOf(activity: Activity): string[] {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const ids = [channelData?.tenant?.id, activity.conversation?.tenantId];
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
}

/**
 * What an inbound activity must show before anything of it is used, stored or answered (HTTP 403
 * otherwise): a Teams channel, a tenant Gatehouse serves (every tenant id it names), and a service URL on
 * the allow list, since that is where the bot's replies and member lookups go. With credentials the JWT
 * check (botbuilder) comes on top and binds the service URL to Microsoft's signature.
 */
export function checkActivity(activity: Activity, settings: ActivityGateSettings): GateResult {
  const channels = settings.unauthenticated ? ['msteams', 'emulator'] : ['msteams'];
  if (!channels.includes(activity.channelId))
    return { ok: false, reason: `channel ${JSON.stringify(activity.channelId)} is not served` };
  if (!settings.isAllowedServiceUrl(activity.serviceUrl))
    return { ok: false, reason: 'serviceUrl is not on the allow list (TEAMS_SERVICE_URLS)' };
  const tenants = tenantsOf(activity);
  const emulator = activity.channelId === 'emulator';
  if (tenants.length === 0 && !emulator) return { ok: false, reason: 'the activity names no tenant' };
  if (tenants.some((t) => !settings.allowedTenants.includes(t)))
    return { ok: false, reason: 'tenant is not served (TEAMS_ALLOWED_TENANTS)' };
  return { ok: true };
}
