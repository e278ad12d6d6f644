import { BadInputError } from '../../errors.ts';
import type { SessionKeyRequest, SessionQueue } from './types.ts';

/** Limits from the vendor's client-script page: 1,024 characters per custom field, 10 KB for all of them. */
const MAX_FIELD = 1024;
const MAX_ALL_FIELDS = 10 * 1024;
const CODE_NAME = /^[A-Za-z0-9_]+$/;
/** The recorded form of the external key (EVIDENCE.md). */
export const EXTERNAL_KEY_FIELD = 'session.custom.external_key';

/**
 * The form fields of `generate_session_key`. `type` and `queue_id` are documented [V]; `ttl` (seconds) and
 * `session.custom.<code name>` are the names the session generation API uses [I].
 *
 * The external key goes as `session.custom.external_key` — the form recorded in real traffic, which the
 * appliance echoes as `<external_key>` (EVIDENCE.md) — AND as plain `external_key`, which other public clients
 * send: the same value under both costs nothing and reaches appliances that read either one.
 *
 * `customer.name` is UNVERIFIED: no public source shows it (EVIDENCE.md). It is sent only when a caller
 * gives a customer name, and an appliance that does not know it leaves it out of the session.
 */
export function buildSessionKeyParams(req: SessionKeyRequest): Record<string, string> {
  const params: Record<string, string> = { type: 'support', queue_id: queueId(req.queue) };
  if (req.expiresInSec !== undefined) {
    if (!Number.isInteger(req.expiresInSec) || req.expiresInSec <= 0) {
      throw new BadInputError('A session key’s expiry must be a whole number of seconds above zero.');
    }
    params.ttl = String(req.expiresInSec);
  }
  let total = 0;
  const field = (name: string, value: string, label: string) => {
    if (value.length > MAX_FIELD) {
      throw new BadInputError(`The ${label} is longer than Remote Support allows (${MAX_FIELD} characters).`);
    }
    total += value.length;
    params[name] = value;
  };
  if (req.externalKey !== undefined) {
    field(EXTERNAL_KEY_FIELD, req.externalKey, 'external key');
    params.external_key = req.externalKey;
  }
  if (req.customerName !== undefined) field('customer.name', req.customerName, 'customer name');
  for (const [name, value] of Object.entries(req.customFields ?? {})) {
    if (!CODE_NAME.test(name)) {
      throw new BadInputError(
        `"${name.slice(0, 40)}" is not a custom field code name (letters, digits and underscores only).`,
      );
    }
    field(`session.custom.${name}`, value, `custom field ${name}`);
  }
  if (total > MAX_ALL_FIELDS) {
    throw new BadInputError('The custom fields together are longer than Remote Support allows (10 KB).');
  }
  return params;
}

/** `general`, `rep:<id>`, `rep_username:<name>`, `team:<id>` or `issue:<code name>` [V]. */
export function queueId(queue: SessionQueue): string {
  if (queue === 'general') return 'general';
  if ('rep' in queue) return `rep:${positiveId(queue.rep, 'representative')}`;
  if ('team' in queue) return `team:${positiveId(queue.team, 'team')}`;
  if ('repUsername' in queue) return `rep_username:${nonEmpty(queue.repUsername, 'representative username')}`;
  return `issue:${nonEmpty(queue.issue, 'issue code name')}`;
}

function positiveId(id: number, what: string): number {
  if (!Number.isInteger(id) || id <= 0) throw new BadInputError(`A ${what} id is a whole number above zero.`);
  return id;
}

function nonEmpty(value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new BadInputError(`The ${what} is empty.`);
  return trimmed;
}
