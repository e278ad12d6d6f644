import { describeError } from '../../src/errors.ts';
import {
  type Intent,
  type IntentContext,
  type IntentResult,
  privateNotice,
} from '../../src/intents/intent.ts';
import type { AlertRoute } from '../../src/policy/policy-schema.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { rportRunIntents } from '../rport/rport-run.ts';

export type RunOutcome =
  | { requested: true; reply: IntentResult }
  | { requested: false; why: string; reply: IntentResult };

const refused = (title: string, why: string, state: 'denied' | 'error' | 'warning'): RunOutcome => ({
  requested: false,
  why,
  reply: privateNotice(title, why, state),
});

/**
 * "Run <name>" on an alert card: the linked command goes through `rport run` exactly as if the person had
 * typed it (permission, the policy's command and target rules, the confirmation card and its second-approver
 * rule). The confirmation card is posted into the conversation as a new message, so the alert card stays.
 */
export async function runLinkedCommand(
  deps: HandlerDeps,
  linked: NonNullable<AlertRoute['action']>,
  ctx: IntentContext,
): Promise<RunOutcome> {
  const intent = (rportRunIntents(deps) as Intent[]).find((i) => i.name === 'rport.run')!;
  if (!deps.vendors.rport)
    return refused('Not configured', `${SYSTEMS.rport} is not configured here.`, 'warning');
  if (!ctx.policy.can(ctx.actor, intent.permission)) {
    await ctx.audit.record({
      actor: ctx.actor,
      action: intent.name,
      targets: [],
      decision: 'denied',
      result: 'not permitted',
      detail: linked.command,
    });
    return refused(
      'Not permitted',
      'The policy does not let you use `rport run`. Ask the Gatehouse owners for a role that includes it.',
      'denied',
    );
  }
  const parsed = intent.input.safeParse({ targets: linked.targets, command: linked.command });
  if (!parsed.success)
    return refused('Bad action', `The policy's action ${linked.name} is not a valid rport run.`, 'error');
  let result: IntentResult;
  try {
    result = await intent.handle(parsed.data, ctx);
  } catch (err) {
    return refused('That did not work', describeError(err), 'error');
  }
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
