import { readFields } from './read-fields.ts';
import type { SessionKey } from './types.ts';
import { extraOf, type XmlElement } from './xml-element.ts';

const ACTION = 'generate_session_key';
const KNOWN = ['short_key', 'key_url', 'mail_subject', 'mail_body', 'expires', 'external_key'];

/**
 * `<session_key>` with `<type>`, `<expires>` (Unix time as text on a real appliance; a `timestamp`/`ts`
 * attribute or a date are read too), `<queue available>`, `<short_key>`, `<key_url>`, `<mail_subject>`,
 * `<mail_body>`, and `<external_key>` echoed when one was sent (EVIDENCE.md, recorded answers). Without a key or its URL the answer
 * is useless, so that is an error naming the missing element (and never quoting the document).
 */
export function parseSessionKey(root: XmlElement): SessionKey {
  const f = readFields(ACTION, root, `<${root.name}>`);
  return {
    shortKey: f.text('short_key'),
    keyUrl: f.text('key_url'),
    mailSubject: f.optionalText('mail_subject'),
    mailBody: f.optionalText('mail_body'),
    expiresAt: f.optionalTime('expires'),
    externalKey: f.optionalText('external_key'),
    extra: extraOf(root, KNOWN),
  };
}
