import type { Gatehouse } from '../../adapters/server.ts';
import type { IntentCall, Person, Shown } from './trace.ts';

/** One platform as a scenario sees it: people talk and press buttons; the driver reports what was shown. */
export interface Driver {
  readonly platform: 'slack' | 'teams';
  gatehouse: Gatehouse;
  /** A command typed in the team's channel: `/pam <text>` on Slack, `@Gatehouse <text>` in Teams. */
  say(person: Person, text: string): Promise<void>;
  /** Press a button on the newest channel card that has it, with values for its inputs. */
  press(person: Person, label: string, inputs?: Record<string, string>): Promise<void>;
  /** A signed POST /alerts. */
  alert(body: Record<string, unknown>): Promise<void>;
  /** One round of a background poller. */
  poll(name: string): Promise<void>;
  /** Wait until `done(shown)` holds and the platform has been quiet for a moment. */
  settle(done?: (shown: Shown[]) => boolean): Promise<void>;
  shown(): Shown[];
  intents: IntentCall[];
  audit(): Promise<string[]>;
  /** The channel scenarios talk in. */
  channel: string;
  close(): Promise<void>;
}
