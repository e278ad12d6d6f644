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
