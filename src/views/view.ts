/**
 * A platform-neutral reply. Handlers return views; cards/ render them to Block Kit, Adaptive Cards and
 * console text. A view says what a person should see, never how a platform draws it.
 */
export type ViewState =
  | 'info'
  | 'pending'
  | 'running'
  | 'success'
  | 'failure'
  | 'warning'
  | 'denied'
  | 'expired'
  | 'cancelled'
  | 'error';

export interface ViewField {
  label: string;
  value: string;
}

export type ViewBlock =
  /** Plain prose (light markdown: *bold*, `code`, links as <url|text> are avoided; keep it plain). */
  | { type: 'text'; text: string }
  /** Preformatted text: commands, output. */
  | { type: 'code'; text: string }
  /** A small grey line under the card: who, when, ids. */
  | { type: 'context'; text: string }
  /** A bulleted list. */
  | { type: 'list'; items: string[] };

export interface ViewChoice {
  label: string;
  value: string;
}

/**
 * An input collected with a button press. On Slack a select lives in the actions row and a text input
 * opens a modal; in Teams both are card inputs; on the console they are asked for after the button number.
 */
export type ViewInput =
  | { type: 'select'; id: string; label: string; choices: ViewChoice[]; initial?: string }
  | {
      type: 'text';
      id: string;
      label: string;
      placeholder?: string;
      required?: boolean;
      multiline?: boolean;
    };

export interface ViewAction {
  /** Text on the button. */
  label: string;
  /** The intent the click dispatches, e.g. `rport.confirm`. */
  verb: string;
  /** The opaque reference the click carries: a pending action's id. Never a command. */
  ref: string;
  style?: 'primary' | 'danger';
  /** Ids of inputs (from `view.inputs`) whose values the click must send along. */
  inputs?: string[];
}

export interface ViewAttachment {
  filename: string;
  title: string;
  content: string;
}

export interface View {
  title: string;
  state: ViewState;
  /** One line that stands for the whole card: notification text, fallback, console heading. */
  summary: string;
  fields?: ViewField[];
  blocks?: ViewBlock[];
  inputs?: ViewInput[];
  actions?: ViewAction[];
  /** Long content (full command output) that platforms upload as a file when it does not fit. */
  attachments?: ViewAttachment[];
  /** An image made here (a QR code), as a data URI: shown inline, never by a URL someone else could fetch. */
  image?: { alt: string; dataUri: string };
}

/** Where a reply goes: the conversation everyone sees, or the person who asked alone. */
export type Visibility = 'channel' | 'private';

export interface Reply {
  view: View;
  visibility: Visibility;
  /**
   * For a private reply that leaves a trace in the conversation (a session key sent privately): the line the
   * conversation sees instead. Never contains the private content.
   */
  channelNotice?: string;
}

export function reply(view: View, visibility: Visibility = 'channel'): Reply {
  return { view, visibility };
}

export function privateReply(view: View, channelNotice?: string): Reply {
  return channelNotice === undefined
    ? { view, visibility: 'private' }
    : { view, visibility: 'private', channelNotice };
}

/** A one-sentence card, for errors, refusals and simple answers. */
export function noticeView(title: string, text: string, state: ViewState = 'info'): View {
  return { title, state, summary: text, blocks: [{ type: 'text', text }] };
}
