import { z } from 'zod';
import type { Logger } from '../log.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { noticeView, type Reply, type View, type ViewState } from '../views/view.ts';
import type { AuditLog } from './audit-log.ts';
import type { Actor, Conversation, MessageRef, Messengers } from './envelope.ts';

/** How text maps onto an intent's input: `rport run web1 --sudo -- uptime`. */
export interface CommandSyntax {
  /** The words that name the command: `['rport', 'run']`. */
  words: string[];
  /** Positional arguments in order; a `rest` one takes everything after it as one string. */
  args?: Array<{ name: string; rest?: boolean }>;
  /** `--name value` options (`string`) and `--name` switches (`boolean`). */
  flags?: Record<string, 'string' | 'boolean'>;
  /** Everything after a lone `--`, verbatim, goes to this input field (the rport command). */
  afterDashDash?: string;
  /** Shown in help and in error messages. */
  usage: string;
}

export interface IntentContext {
  actor: Actor;
  conversation: Conversation;
  /** The card the request came from, for button clicks. */
  source?: MessageRef;
  log: Logger;
  policy: PolicyEngine;
  audit: AuditLog;
  messengers: Messengers;
  now: () => Date;
  /**
   * Dispatch another intent for the same person and conversation, through every check a typed command
   * passes (configured, permitted, valid): how a button hands over to another capability without a bypass.
   */
  dispatch(name: string, input: unknown): Promise<IntentResult>;
  /**
   * Step-up verification for a button press (absent when step-up is off): whether an action needs it, and
   * the check (with the code the press carried) that answers with a prompt or a refusal, or undefined to go on.
   */
  stepUp?: {
    needed(intent: string): boolean;
    check(request: {
      action: string;
      targets: string[];
      retry: { verb: string; ref: string; values: Record<string, string> };
    }): Promise<IntentResult | undefined>;
  };
}

/**
 * What a handler returns: the reply to show now, and optionally work that goes on after it is shown
 * (polling a job), which updates the same card through `update`.
 */
export interface IntentResult extends Reply {
  followUp?: (update: (view: View) => Promise<void>) => Promise<void>;
}

export interface Intent<S extends z.ZodType = z.ZodType> {
  /** `rport.run`; button verbs are intents too (`rport.confirm`). */
  name: string;
  /** One line for help. */
  summary: string;
  /** Text syntax; absent for intents only buttons reach. */
  syntax?: CommandSyntax;
  input: S;
  /**
   * The policy permission needed before the handler runs: usually the intent's own name; `none` for
   * intents anyone may use and for buttons, whose handlers check who may press them against the pending action.
   */
  permission: string | 'none';
  /** The vendor or platform the intent needs; absent from config → "<system> is not configured here." */
  requires?: string;
  handle(input: z.infer<S>, ctx: IntentContext): Promise<IntentResult>;
}

export function defineIntent<S extends z.ZodType>(intent: Intent<S>): Intent<S> {
  return intent;
}

/** The input of every button: the pending action's id, nothing else. */
export const refInput = z.object({ ref: z.string().min(1).max(64) });

/** A one-sentence answer only the person who asked sees (refusals, problems, "already handled"). */
export function privateNotice(title: string, text: string, state: ViewState = 'warning'): IntentResult {
  return { view: noticeView(title, text, state), visibility: 'private' };
}
