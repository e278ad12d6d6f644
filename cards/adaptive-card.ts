import type { View, ViewAction, ViewInput } from '../src/views/view.ts';
import {
  ADAPTIVE_ELEMENT_LIMITS,
  type AdaptiveElement,
  attachmentElements,
  factSet,
  INPUT_COPY_SEPARATOR,
  renderBlock,
  selectInput,
  textInput,
  titleBlock,
} from './adaptive-elements.ts';
import { fitView } from './adaptive-fit.ts';
import { clip, STATE_MARKS } from './state-marks.ts';

/** The one place the Adaptive Card version is set: 1.5 is the first with Universal Actions (Action.Execute). */
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export const ADAPTIVE_CARD_LIMITS = {
  /** Teams refuses messages over about 28 KB; the card gets this much and the activity around it the rest. */
  cardBytes: 26_000,
  /** Teams keeps refresh automatic for at most 60 listed users in large conversations. */
  refreshUserIds: 60,
  fallbackChars: 1000,
} as const;

/** The verb of the refresh action every tracked card carries: "show me this card as it is now". */
export const REFRESH_VERB = 'card.refresh';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  fallbackText: string;
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
  refresh?: { action: AdaptiveElement; userIds?: string[] };
}

export interface AdaptiveCardOptions {
  /**
   * The key under which the adapter keeps this card's current view. Given, every button sends it along and
   * the card refreshes itself when opened (`card.refresh`), so everyone sees its current state.
   */
  subject?: string;
  /** Teams user ids that get the automatic refresh in conversations of more than 60 people. */
  refreshUserIds?: string[];
}

const encoder = new TextEncoder();
export const cardBytes = (card: AdaptiveCard): number => encoder.encode(JSON.stringify(card)).length;

type TextInput = Extract<ViewInput, { type: 'text' }>;

function actionData(action: ViewAction, subject: string | undefined): Record<string, string> {
  return subject ? { ref: action.ref, subject } : { ref: action.ref };
}

function execute(action: ViewAction, subject: string | undefined, withInputs: boolean): AdaptiveElement {
  return {
    type: 'Action.Execute',
    title: clip(action.label, ADAPTIVE_ELEMENT_LIMITS.buttonChars),
    verb: action.verb,
    data: actionData(action, subject),
    associatedInputs: withInputs ? 'auto' : 'none',
    ...(action.style ? { style: action.style === 'primary' ? 'positive' : 'destructive' } : {}),
  };
}

/**
 * Buttons. One that needs text (a deny reason) opens a small card holding those inputs and the real button,
 * like Slack's modal: a required reason then never blocks the other buttons. Select inputs stay on the card
 * and go with every button that names them.
 */
function renderActions(view: View, subject: string | undefined): AdaptiveElement[] {
  const texts = new Map(
    (view.inputs ?? []).filter((i): i is TextInput => i.type === 'text').map((i) => [i.id, i]),
  );
  const copies = new Map<string, number>();
  return (view.actions ?? []).map((action) => {
    const own = (action.inputs ?? []).flatMap((id) => (texts.has(id) ? [texts.get(id)!] : []));
    if (own.length === 0) return execute(action, subject, (action.inputs ?? []).length > 0);
    const body = own.map((input) => {
      const n = (copies.get(input.id) ?? 0) + 1;
      copies.set(input.id, n);
      return textInput(input, n === 1 ? input.id : `${input.id}${INPUT_COPY_SEPARATOR}${n}`);
    });
    return {
      type: 'Action.ShowCard',
      title: clip(action.label, ADAPTIVE_ELEMENT_LIMITS.buttonChars),
      ...(action.style ? { style: action.style === 'primary' ? 'positive' : 'destructive' } : {}),
      card: { type: 'AdaptiveCard', body, actions: [execute(action, subject, true)] },
    };
  });
}

function build(view: View, options: AdaptiveCardOptions): AdaptiveCard {
  const mark = STATE_MARKS[view.state];
  const body: AdaptiveElement[] = [titleBlock(`${mark} ${view.title}`, view.state)];
  if (view.fields?.length) body.push(factSet(view.fields));
  for (const block of view.blocks ?? []) body.push(renderBlock(block));
  (view.attachments ?? []).forEach((a, i) => {
    body.push(...attachmentElements(a, i));
  });
  // Inline, from the card itself: an image made here (a QR code) is never a URL someone else could fetch.
  if (view.image)
    body.push({ type: 'Image', url: view.image.dataUri, altText: view.image.alt, size: 'Medium' });
  const usedByButtons = new Set((view.actions ?? []).flatMap((a) => a.inputs ?? []));
  for (const input of view.inputs ?? []) {
    if (input.type === 'select') body.push(selectInput(input));
    // A text input no button names is shown on the card itself.
    else if (!usedByButtons.has(input.id)) body.push(textInput(input, input.id));
  }
  const actions = renderActions(view, options.subject);
  const userIds = options.refreshUserIds?.slice(0, ADAPTIVE_CARD_LIMITS.refreshUserIds);
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: clip(`${mark} ${view.title}: ${view.summary}`, ADAPTIVE_CARD_LIMITS.fallbackChars),
    body,
    ...(actions.length ? { actions } : {}),
    ...(options.subject
      ? {
          refresh: {
            action: { type: 'Action.Execute', verb: REFRESH_VERB, data: { subject: options.subject } },
            ...(userIds?.length ? { userIds } : {}),
          },
        }
      : {}),
  };
}

/**
 * view → Adaptive Card 1.5 with Universal Actions: the state mark in the title, fields as facts, code in
 * monospace, selects and texts as card inputs, each button an `Action.Execute` whose verb is the intent and
 * whose data is only the pending action's id (and the card's subject). Always within Teams' size limit.
 */
export function renderAdaptiveCard(view: View, options: AdaptiveCardOptions = {}): AdaptiveCard {
  const fitted = fitView(view, (v) => cardBytes(build(v, options)), ADAPTIVE_CARD_LIMITS.cardBytes);
  return build(fitted, options);
}
