import { ConfigError } from '../errors.ts';

/** Each group is all-or-nothing: absent → that platform or vendor is off; partly set → start-up stops. */
export const GROUPS = {
  slack: {
    required: ['SLACK_BOT_TOKEN'],
    optional: ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'SLACK_COMMAND'],
  },
  teams: {
    required: ['TEAMS_APP_ID'],
    optional: [
      'TEAMS_APP_PASSWORD',
      'TEAMS_APP_TENANT_ID',
      'TEAMS_APP_TYPE',
      'TEAMS_ALLOWED_TENANTS',
      'TEAMS_SERVICE_URLS',
      'TEAMS_ALLOW_UNAUTHENTICATED',
    ],
  },
  pmc: {
    required: ['PMC_URL', 'PMC_CLIENT_ID', 'PMC_CLIENT_SECRET'],
    optional: ['PMC_POLL_SECONDS', 'PMC_DECISION_PATH'],
  },
  rs: {
    required: ['RS_URL', 'RS_CLIENT_ID', 'RS_CLIENT_SECRET'],
    optional: ['RS_CACHE_SECONDS', 'RS_HEALTH_POLL_SECONDS'],
  },
  ps: { required: ['PS_URL', 'PS_API_KEY', 'PS_RUNAS'], optional: ['PS_POLL_SECONDS', 'PS_RUNAS_PASSWORD'] },
  rport: { required: ['RPORT_URL', 'RPORT_USER', 'RPORT_TOKEN'], optional: ['RPORT_ALERTS_POLL_SECONDS'] },
} as const;

/** A group partly set stops start-up, naming the first missing variable and how to turn the group off. */
export function checkGroups(present: Record<string, unknown>): void {
  for (const [group, { required, optional }] of Object.entries(GROUPS)) {
    const set = [...required, ...optional].filter((n) => present[n] !== undefined);
    const missing = required.filter((n) => present[n] === undefined);
    if (set.length > 0 && missing.length > 0) {
      throw new ConfigError(
        `${missing[0]} is missing: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, so ${group} needs ${required.join(', ')} too (or unset them all to turn ${group} off).`,
      );
    }
  }
}
