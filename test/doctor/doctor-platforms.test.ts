import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIntentCatalog } from '../../adapters/compose-handlers.ts';
import { checkPolicy } from '../../handlers/doctor/check-policy.ts';
import { checkSlack } from '../../handlers/doctor/check-slack.ts';
import { checkStore } from '../../handlers/doctor/check-store.ts';
import { checkTeams } from '../../handlers/doctor/check-teams.ts';
import { formatDoctorLine } from '../../handlers/doctor/doctor-line.ts';
import { formatDoctorReport, runDoctor } from '../../handlers/doctor/run-doctor.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeSlackApi } from '../fakes/slack-api-server.ts';
import { storeBackends } from '../helpers/stores.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const text = (lines: Parameters<typeof formatDoctorLine>[0][]) => lines.map(formatDoctorLine);
const BOT = 'xoxb-123-456-doctor';
const SCOPES = ['commands', 'chat:write', 'users:read', 'users:read.email'];

describe('doctor: Slack', () => {
  async function slack(scopes: string[]) {
    const fake = await startFakeSlackApi({ botToken: BOT, scopes });
    closers.push(() => fake.close());
    return fake;
  }
  const settings = (apiUrl: string, botToken = BOT) => ({
    botToken,
    apiUrl,
    socketMode: false,
    command: '/pam',
    manifestScopes: SCOPES,
  });

  it('auth.test answers, every manifest scope is granted, and says what to check by hand', async () => {
    const fake = await slack([...SCOPES, 'files:write']);
    expect(text(await checkSlack(settings(fake.apiUrl)))).toEqual([
      '✓ Slack · auth.test: answers: bot gatehouse in its workspace',
      '✓ Slack · scopes: the bot token has all 4 scopes manifest/slack.yaml asks for',
      "⚠ Slack · by hand: check that the /pam slash command's Request URL and Interactivity's Request URL are both https://<your host>/slack/events.",
    ]);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('names the scopes the bot token lacks', async () => {
    const fake = await slack(['commands', 'chat:write']);
    expect(text(await checkSlack(settings(fake.apiUrl)))[1]).toBe(
      '✗ Slack · scopes: the bot token lacks users:read, users:read.email: add them under OAuth & Permissions → Bot Token Scopes (or update the app from manifest/slack.yaml), then reinstall the app.',
    );
  });

  it('a wrong bot token fails auth.test with where to find the right one', async () => {
    const fake = await slack(SCOPES);
    expect(text(await checkSlack(settings(fake.apiUrl, 'xoxb-wrong')))).toEqual([
      "✗ Slack · auth.test: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.",
    ]);
  });
});

/** A Microsoft identity platform token endpoint on 127.0.0.1 (client credentials, as Bot Framework uses). */
async function fakeLogin(appId: string, secret: string) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push(req.url ?? '');
      const form = new URLSearchParams(body);
      const good =
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === appId &&
        form.get('client_secret') === secret &&
        form.get('scope') === 'https://api.botframework.com/.default';
      res.writeHead(good ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(good ? { access_token: 'eyJ.fake', expires_in: 3599 } : { error: 'invalid_client' }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('doctor: Teams', () => {
  const base = { appId: 'app-1', appType: 'MultiTenant' };

  it('the app id and password get a Bot Framework token; allowed tenants are listed', async () => {
    const login = await fakeLogin('app-1', 'pw');
    const lines = await checkTeams({
      ...base,
      appPassword: 'pw',
      allowedTenants: ['t-1'],
      loginUrl: login.url,
    });
    expect(text(lines)).toEqual([
      '✓ Teams · token: the app id and password get a Bot Framework token',
      '✓ Teams · tenants: 1 allowed: t-1',
    ]);
    expect(login.seen).toEqual(['/botframework.com/oauth2/v2.0/token']);
  });

  it('a wrong password is a failure; a single-tenant app asks its own tenant', async () => {
    const login = await fakeLogin('app-1', 'pw');
    const lines = await checkTeams({
      ...base,
      appType: 'SingleTenant',
      tenantId: 'contoso',
      appPassword: 'nope',
      loginUrl: login.url,
    });
    expect(text(lines)[0]).toBe(
      '✗ Teams · token: Microsoft refused TEAMS_APP_ID/TEAMS_APP_PASSWORD (invalid_client): check the app id and create a new client secret in the app registration (and TEAMS_APP_TENANT_ID).',
    );
    expect(login.seen).toEqual(['/contoso/oauth2/v2.0/token']);
  });

  it('skips the token with a warning in unauthenticated mode; an empty allowed list fails', async () => {
    const lines = await checkTeams({ ...base, allowUnauthenticated: true, allowedTenants: [] });
    expect(text(lines)).toEqual([
      '⚠ Teams · token: skipped: TEAMS_ALLOW_UNAUTHENTICATED is on, so the bot checks no tokens — never in production.',
      '✗ Teams · tenants: TEAMS_ALLOWED_TENANTS is empty: list the Azure AD tenant ids whose people may use the bot.',
    ]);
  });
});

describe('doctor: store and policy', () => {
  it.each(storeBackends)('the %s store is reachable, writable and claims atomically', async (_n, make) => {
    const store: Store = make();
    closers.push(() => store.close());
    expect(text(await checkStore(store))).toEqual([
      `✓ Store · reachable and writable: ${store.backend} answers and keeps what is written`,
      '✓ Store · atomic claim: the same claim taken twice is won once',
    ]);
  });

  it('flags policy entries nothing uses', () => {
    const policy = parsePolicy(`
roles:
  approver: { members: [a@example.com], intents: [access.*] }
  ghost: { members: [], intents: [nothing.here] }
alerts:
  responder_role: approver
  routes:
    - { name: teams-only, channels: { teams: ['19:x@thread.tacv2'] } }
    - { name: nowhere }
access:
  approver_role: approver
rport:
  approver_role: approver
`);
    expect(
      text(checkPolicy(policy, { intents: ['access.list', 'access.approve', 'help'], platforms: ['slack'] })),
    ).toEqual([
      '✗ Policy · used: role ghost\'s intent "nothing.here" matches no command: fix or remove it in POLICY_FILE.',
      '✗ Policy · used: role ghost has no members: fix or remove it in POLICY_FILE.',
      '✗ Policy · used: route teams-only lists teams channels, but teams is not configured: fix or remove it in POLICY_FILE.',
      '✗ Policy · used: route nowhere sends nowhere: fix or remove it in POLICY_FILE.',
    ]);
  });
});

describe('runDoctor', () => {
  it('prints one line per check and counts the failures (what sets the exit code)', async () => {
    const store = storeBackends[0]![1]();
    closers.push(() => store.close());
    const catalog = createIntentCatalog();
    closers.push(() => catalog.close());
    const lines = await runDoctor({
      vendors: {},
      store,
      loadPolicy: () => {
        throw new Error('unreadable');
      },
      intents: catalog.intents.map((i) => i.name),
      platforms: [],
    });
    const { text: report, failed } = formatDoctorReport(lines);
    expect(catalog.intents.map((i) => i.name)).toContain('doctor');
    expect(failed).toBe(1);
    expect(report.split('\n')).toEqual([
      '⚠ Slack · checks: run `npm run doctor` on the server for the Slack and Teams checks.',
      '⚠ PM Cloud · configured: no (PMC_URL unset): skipped',
      '⚠ Remote Support · configured: no (RS_URL unset): skipped',
      '⚠ Password Safe · configured: no (PS_URL unset): skipped',
      '⚠ rport · configured: no (RPORT_URL unset): skipped',
      '✓ Store · reachable and writable: sqlite answers and keeps what is written',
      '✓ Store · atomic claim: the same claim taken twice is won once',
      expect.stringMatching(/^✗ Policy · loads: /),
      '1 check failed: fix each ✗ above.',
    ]);
  });
});
