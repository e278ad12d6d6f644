import { missingField } from './map-failure.ts';
import { readFields } from './read-fields.ts';
import type { LoggedInRep } from './types.ts';
import { childrenOf, extraOf, type XmlElement } from './xml-element.ts';

const ACTION = 'get_logged_in_reps';
const KNOWN = [
  'display_name',
  'public_display_name',
  'private_display_name',
  'type',
  'logged_in_since',
  'support_session_count',
  'presentation_count',
  'showing_on_rep_list',
];

/** `<logged_in_reps><rep id="…">…</rep>…</logged_in_reps>` (documented; an empty root means nobody is on). */
export function parseLoggedInReps(root: XmlElement): LoggedInRep[] {
  if (root.name !== 'logged_in_reps')
    throw missingField(ACTION, '<logged_in_reps>', `is missing (got <${root.name}>)`);
  return childrenOf(root, 'rep').map((rep, index) => {
    const f = readFields(ACTION, rep, rep.attrs.id ? `<rep id="${rep.attrs.id}">` : `rep #${index + 1}`);
    // `display_name` is the deprecated twin of `public_display_name`: either will do.
    const publicDisplayName = f.optionalText('public_display_name') ?? f.text('display_name');
    return {
      id: f.intAttr('id'),
      publicDisplayName,
      privateDisplayName: f.optionalText('private_display_name') ?? publicDisplayName,
      type: f.text('type'),
      loggedInSince: f.optionalTime('logged_in_since'),
      supportSessionCount: f.optionalInt('support_session_count'),
      presentationCount: f.optionalInt('presentation_count'),
      showingOnRepList: f.optionalFlag('showing_on_rep_list'),
      extra: extraOf(rep, KNOWN),
    };
  });
}
