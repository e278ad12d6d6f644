import type { View } from '../views/view.ts';

export type Platform = 'slack' | 'teams' | 'console';

/** The person behind a request, as the policy sees them. */
export interface Actor {
  platform: Platform;
  /** The platform's user id (Slack `U…`, Teams AAD object id or `29:…`, console name). */
  userId: string;
  /** Display name for cards and audit ("Alice Smith"). */
  name: string;
  /** From the platform's user lookup; how the policy and vendors usually know a person. */
  email?: string;
}

/** Where a request came from and where its answer goes. */
export interface Conversation {
  platform: Platform;
  /** Slack channel id, Teams conversation id, console session. */
  id: string;
  /** Slack response_url, Teams service URL, … whatever the adapter needs to answer. */
  replyHandle?: string;
  /** True for a direct/personal conversation with the bot. */
  direct?: boolean;
}

/** A message the bot posted, so it can be updated later (card stays true). */
export interface MessageRef {
  platform: Platform;
  /** The channel or conversation it lives in. */
  channel: string;
  /** Slack message ts, Teams activity id, console card number. */
  id: string;
}

/** Where proactive posts go: a channel on one platform. */
export interface ChannelTarget {
  platform: Platform;
  channel: string;
}

/**
 * What an adapter offers handlers for posting outside the request/response cycle: approval cards into
 * approvers' channels, alerts, updates of earlier cards, direct messages. Each adapter implements it.
 */
export interface Messenger {
  readonly platform: Platform;
  post(channel: string, view: View): Promise<MessageRef>;
  update(ref: MessageRef, view: View): Promise<void>;
  /** A direct message to a person (Slack DM, Teams 1:1); `user` is the platform's user id. */
  sendDirect(user: string, view: View): Promise<MessageRef | undefined>;
  /** Find a platform user by email (to notify a requester); undefined when unknown. */
  lookupUserByEmail?(email: string): Promise<string | undefined>;
}

/** Every configured platform's messenger, by platform. */
export type Messengers = Partial<Record<Platform, Messenger>>;

export function actorKey(actor: Pick<Actor, 'platform' | 'userId'>): string {
  return `${actor.platform}:${actor.userId}`;
}

/** "Alice Smith" or the id when no name is known. */
export function actorLabel(actor: Pick<Actor, 'name' | 'userId'>): string {
  return actor.name || actor.userId;
}

/** What a person did: typed a line, or pressed a button (its verb, the pending action's ref, its inputs). */
export type TurnInput =
  | { kind: 'text'; text: string }
  | { kind: 'action'; verb: string; ref: string; values: Record<string, unknown> };

/**
 * One event from a platform, as the core sees it: built by the adapter from the payload (pure, fixture-tested),
 * handed to `runTurn`. `user` is what the platform's actor resolver needs (a Slack user id and name, a Teams
 * account and its turn); the core never reads it.
 */
export interface Envelope<U = unknown> {
  platform: Platform;
  /** The platform's id for this event (Slack envelope/trigger id, Bot Framework activity id) or a generated one. */
  eventId: string;
  user: U;
  conversation: Conversation;
  input: TurnInput;
  /** The card a button was on. */
  source?: MessageRef;
  /** How the platform spells the command prefix in help (`/pam `, `@Gatehouse `, ``). */
  prefix: string;
}
