import { type IntentContext, type IntentResult, privateNotice } from '../../src/intents/intent.ts';
import type { AlertRoute } from '../../src/policy/policy-schema.ts';

export type RunOutcome =
  | { requested: true; reply: IntentResult }
  | { requested: false; why: string; reply: IntentResult };

/**
 * "Run <name>" on an alert card: the linked command is dispatched as `rport run` for the person who
 * clicked, through every check a typed command passes (configured, permission, the policy's command and
 * target rules), and its confirmation card (with its second-approver rule) is posted into the conversation
 * as a new message, so the alert card stays.
 */
export async function runLinkedCommand(
  linked: NonNullable<AlertRoute['action']>,
  ctx: IntentContext,
): Promise<RunOutcome> {
  const result = await ctx.dispatch('rport.run', { targets: linked.targets, command: linked.command });
  if (result.visibility === 'private') return { requested: false, why: result.view.summary, reply: result };
  const messenger = ctx.messengers[ctx.conversation.platform];
  if (!messenger) return { requested: true, reply: result };
  await messenger.post(ctx.conversation.id, result.view);
  return {
    requested: true,
    reply: privateNotice(
      `Run ${linked.name}`,
      `The confirmation card for ${linked.name} is posted in this conversation; it runs once it is confirmed there.`,
      'info',
    ),
  };
}
