import { BadInputError } from '../../src/errors.ts';

/**
 * The body of a verified Slack request → the object Bolt expects: slash commands are form fields,
 * interactivity is a form field `payload` holding JSON, Events API is JSON. Anything else is a BadInputError.
 */
export function parseSlackBody(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed = safeJson(rawBody);
    if (!isObject(parsed)) throw new BadInputError('The Slack event body is not a JSON object.');
    return parsed;
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = Object.fromEntries(new URLSearchParams(rawBody));
    if (typeof form.payload === 'string') {
      const payload = safeJson(form.payload);
      if (!isObject(payload) || typeof payload.type !== 'string')
        throw new BadInputError('The Slack interaction payload is not valid JSON.');
      return payload;
    }
    if (typeof form.command === 'string' && typeof form.user_id === 'string') return form;
    throw new BadInputError('The Slack form body is neither a slash command nor an interaction.');
  }
  throw new BadInputError(`Unsupported content type for a Slack request: ${type || '(none)'}.`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
