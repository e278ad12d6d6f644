import { request } from 'undici';
import { type DoctorLine, fail, ok, warn } from './doctor-line.ts';

const TEAMS = 'Teams';

export interface TeamsDoctorSettings {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: string;
  /** TEAMS_ALLOW_UNAUTHENTICATED: the bot accepts unsigned requests (local emulator only). */
  allowUnauthenticated?: boolean;
  /** TEAMS_ALLOWED_TENANTS, when that setting exists. */
  allowedTenants?: string[];
  /**
   * The Microsoft identity platform's host, default https://login.microsoftonline.com; tests point it at a
   * fake. The token call is the one Bot Framework's own connector makes (client credentials).
   */
  loginUrl?: string;
}

/** App id and password get a Bot Framework token (changes nothing); the allowed tenants are set. */
export async function checkTeams(s: TeamsDoctorSettings): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  if (s.allowUnauthenticated) {
    lines.push(
      warn(
        TEAMS,
        'token',
        'skipped: TEAMS_ALLOW_UNAUTHENTICATED is on, so the bot checks no tokens — never in production.',
      ),
    );
  } else if (!s.appPassword) {
    lines.push(
      fail(
        TEAMS,
        'token',
        'TEAMS_APP_PASSWORD is not set: create a client secret for the bot’s app registration in Azure and set it.',
      ),
    );
  } else {
    lines.push(await fetchBotToken(s, s.appPassword));
  }
  if (s.allowedTenants === undefined) {
    lines.push(
      s.tenantId
        ? ok(TEAMS, 'tenants', `the bot's own tenant is ${s.tenantId}`)
        : warn(
            TEAMS,
            'tenants',
            'no tenant is named (TEAMS_APP_TENANT_ID): any tenant that installs the app can reach it.',
          ),
    );
  } else if (s.allowedTenants.length === 0) {
    lines.push(
      fail(
        TEAMS,
        'tenants',
        'TEAMS_ALLOWED_TENANTS is empty: list the Azure AD tenant ids whose people may use the bot.',
      ),
    );
  } else {
    lines.push(ok(TEAMS, 'tenants', `${s.allowedTenants.length} allowed: ${s.allowedTenants.join(', ')}`));
  }
  return lines;
}

async function fetchBotToken(s: TeamsDoctorSettings, password: string): Promise<DoctorLine> {
  const tenant = s.appType === 'SingleTenant' && s.tenantId ? s.tenantId : 'botframework.com';
  const url = `${(s.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: s.appId,
        client_secret: password,
        scope: 'https://api.botframework.com/.default',
      }).toString(),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await res.body.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
    if (res.statusCode === 200 && typeof body.access_token === 'string') {
      return ok(TEAMS, 'token', 'the app id and password get a Bot Framework token');
    }
    const error = typeof body.error === 'string' ? body.error : `HTTP ${res.statusCode}`;
    return fail(
      TEAMS,
      'token',
      `Microsoft refused TEAMS_APP_ID/TEAMS_APP_PASSWORD (${error}): check the app id and create a new client secret in the app registration${s.appType === 'SingleTenant' ? ' (and TEAMS_APP_TENANT_ID)' : ''}.`,
    );
  } catch (err) {
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    return fail(
      TEAMS,
      'token',
      `could not reach the Microsoft login service (${reason}): check outbound HTTPS.`,
    );
  }
}
