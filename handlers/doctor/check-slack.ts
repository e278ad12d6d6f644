import { request } from 'undici';
import { type DoctorLine, fail, ok, warn } from './doctor-line.ts';

const SLACK = 'Slack';

export interface SlackDoctorSettings {
  botToken: string;
  /** SLACK_API_URL, default https://slack.com/api/. */
  apiUrl?: string;
  /** Socket Mode (SLACK_APP_TOKEN set) or HTTP. */
  socketMode: boolean;
  command: string;
  /** The bot scopes manifest/slack.yaml asks for. */
  manifestScopes: string[];
}

/**
 * `auth.test` with the bot token (changes nothing), the scopes Slack reports for it in `x-oauth-scopes`
 * against the manifest's, and what only the app's settings page can show (a line to check by hand).
 */
export async function checkSlack(s: SlackDoctorSettings): Promise<DoctorLine[]> {
  const base = (s.apiUrl ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  let answer: { ok?: boolean; error?: string; user?: string; team?: string };
  let scopesHeader: string | undefined;
  try {
    const res = await request(`${base}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const scopes = res.headers['x-oauth-scopes'];
    scopesHeader = Array.isArray(scopes) ? scopes.join(',') : scopes;
    answer = (await res.body.json()) as typeof answer;
  } catch (err) {
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    return [
      fail(SLACK, 'auth.test', `could not reach ${base} (${reason}): check the network and SLACK_API_URL.`),
    ];
  }
  if (!answer.ok) {
    return [
      fail(
        SLACK,
        'auth.test',
        `Slack refused SLACK_BOT_TOKEN (${answer.error ?? 'no reason given'}): copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.`,
      ),
    ];
  }
  const lines = [
    ok(SLACK, 'auth.test', `answers: bot ${answer.user ?? '?'} in ${answer.team ?? 'its workspace'}`),
  ];
  if (scopesHeader === undefined) {
    lines.push(warn(SLACK, 'scopes', 'Slack sent no x-oauth-scopes header: compare the scopes by hand.'));
  } else {
    const granted = new Set(scopesHeader.split(',').map((x) => x.trim()));
    const missing = s.manifestScopes.filter((x) => !granted.has(x));
    lines.push(
      missing.length === 0
        ? ok(
            SLACK,
            'scopes',
            `the bot token has all ${s.manifestScopes.length} scopes manifest/slack.yaml asks for`,
          )
        : fail(
            SLACK,
            'scopes',
            `the bot token lacks ${missing.join(', ')}: add them under OAuth & Permissions → Bot Token Scopes (or update the app from manifest/slack.yaml), then reinstall the app.`,
          ),
    );
  }
  lines.push(
    warn(
      SLACK,
      'by hand',
      s.socketMode
        ? `check that Socket Mode is on, the ${s.command} slash command exists, and Interactivity is on (no URLs needed).`
        : `check that the ${s.command} slash command's Request URL and Interactivity's Request URL are both https://<your host>/slack/events.`,
    ),
  );
  return lines;
}
