import type { Config } from '../../src/config/load-config.ts';
import { describeError } from '../../src/errors.ts';
import type { Policy } from '../../src/policy/policy-schema.ts';
import type { Store } from '../../src/store/store.ts';
import { SYSTEMS, type Vendors } from '../../src/vendors/vendors.ts';
import { checkPasswordSafe } from './check-password-safe.ts';
import { checkPmCloud } from './check-pmcloud.ts';
import { checkPolicy } from './check-policy.ts';
import { checkRemoteSupport } from './check-remote-support.ts';
import { checkRport } from './check-rport.ts';
import { checkSlack } from './check-slack.ts';
import { checkStore } from './check-store.ts';
import { checkTeams } from './check-teams.ts';
import { type DoctorLine, fail, formatDoctorLine, warn } from './doctor-line.ts';

export interface DoctorInput {
  /** The platforms' settings; absent in chat, where the secrets are not at hand (`npm run doctor` has them). */
  config?: Readonly<Config>;
  vendors: Vendors;
  store: Store;
  /** The policy, or what stopped it loading. */
  loadPolicy: () => Policy;
  /** Every registered intent name, to tell which policy entries are used. */
  intents: string[];
  /** Platforms whose channels can be used here. */
  platforms: string[];
  /** The bot scopes manifest/slack.yaml asks for. */
  manifestScopes?: string[];
  /** Tests point the Teams token check at a fake identity platform. */
  teamsLoginUrl?: string;
}

/**
 * Every check for every configured system, with calls that change nothing, in a fixed order: Slack, Teams,
 * PM Cloud, Remote Support, Password Safe, rport, Store, Policy. Systems run at the same time.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorLine[]> {
  const { config, vendors } = input;
  const off = (system: string, vars: string) => [warn(system, 'configured', `no (${vars} unset): skipped`)];
  const groups: Array<Promise<DoctorLine[]>> = [
    config === undefined
      ? Promise.resolve([
          warn('Slack', 'checks', 'run `npm run doctor` on the server for the Slack and Teams checks.'),
        ])
      : config.slack
        ? checkSlack({
            botToken: config.slack.botToken,
            ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
            socketMode: Boolean(config.slack.appToken),
            command: config.slack.command,
            manifestScopes: input.manifestScopes ?? [],
          })
        : Promise.resolve(off('Slack', 'SLACK_BOT_TOKEN')),
    config === undefined
      ? Promise.resolve([])
      : config.teams
        ? checkTeams({
            ...config.teams,
            ...teamsExtras(config.teams),
            ...(input.teamsLoginUrl ? { loginUrl: input.teamsLoginUrl } : {}),
          })
        : Promise.resolve(off('Teams', 'TEAMS_APP_ID')),
    vendors.pmCloud ? checkPmCloud(vendors.pmCloud) : Promise.resolve(off(SYSTEMS.pmCloud, 'PMC_URL')),
    vendors.remoteSupport
      ? checkRemoteSupport(vendors.remoteSupport)
      : Promise.resolve(off(SYSTEMS.remoteSupport, 'RS_URL')),
    vendors.passwordSafe
      ? checkPasswordSafe(vendors.passwordSafe)
      : Promise.resolve(off(SYSTEMS.passwordSafe, 'PS_URL')),
    vendors.rport ? checkRport(vendors.rport) : Promise.resolve(off(SYSTEMS.rport, 'RPORT_URL')),
    checkStore(input.store),
    Promise.resolve(policyLines(input)),
  ];
  return (await Promise.all(groups)).flat();
}

function policyLines(input: DoctorInput): DoctorLine[] {
  let policy: Policy;
  try {
    policy = input.loadPolicy();
  } catch (err) {
    return [fail('Policy', 'loads', describeError(err))];
  }
  return checkPolicy(policy, { intents: input.intents, platforms: input.platforms });
}

/** TEAMS_ALLOWED_TENANTS / TEAMS_ALLOW_UNAUTHENTICATED, read when the configuration has them. */
function teamsExtras(teams: object): { allowedTenants?: string[]; allowUnauthenticated?: boolean } {
  const t = teams as { allowedTenants?: unknown; allowUnauthenticated?: unknown };
  return {
    ...(Array.isArray(t.allowedTenants) ? { allowedTenants: t.allowedTenants.map(String) } : {}),
    ...(typeof t.allowUnauthenticated === 'boolean' ? { allowUnauthenticated: t.allowUnauthenticated } : {}),
  };
}

/** The lines as printed, and whether any check failed. */
export function formatDoctorReport(lines: DoctorLine[]): { text: string; failed: number } {
  const failed = lines.filter((l) => l.status === 'fail').length;
  const summary =
    failed === 0
      ? 'All checks passed.'
      : `${failed} ${failed === 1 ? 'check' : 'checks'} failed: fix each ✗ above.`;
  return { text: [...lines.map(formatDoctorLine), summary].join('\n'), failed };
}
