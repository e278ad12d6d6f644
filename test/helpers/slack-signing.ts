import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** Sign a body the way Slack does: v0=HMAC-SHA256(secret, "v0:<ts>:<body>"). */
export function slackHeaders(
  body: string,
  options: { secret?: string; timestamp?: number } = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    command: '/pam',
    ...fields,
  }).toString();
}

export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
