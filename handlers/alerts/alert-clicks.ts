import { formatTime } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import { type IntentContext, type IntentResult, privateNotice } from '../../src/intents/intent.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import type { HandlerDeps } from '../deps.ts';
import type { ButtonKind, ButtonParams } from './alert-placement.ts';
import { alertServiceFor } from './alert-service.ts';
import type { AlertRecord } from './alert-types.ts';
import { recordKey } from './alert-types.ts';
import { alertView } from './alert-views.ts';

export type Loaded =
  | { refusal: IntentResult; action?: undefined; record?: undefined }
  | { action: PendingAction<ButtonParams>; record: AlertRecord; refusal?: undefined };

/** What every alert button does before acting: know the button, the role, and that the alert is still open. */
export function createAlertClicks(deps: HandlerDeps) {
  const service = () => alertServiceFor(deps);

  async function load(ref: string, kind: ButtonKind, ctx: IntentContext): Promise<Loaded> {
    const verb = `alerts.${kind}`;
    const action = await deps.pending.get<ButtonParams>(ref);
    if (action?.kind !== `alert.${kind}`)
      return { refusal: privateNotice('Unknown action', 'This alert button is not known (any more).') };
    const { key, epoch } = action.params;
    const role = deps.policy.policy.alerts.responder_role;
    if (!deps.policy.hasRole(ctx.actor, role)) {
      await ctx.audit.record({
        actor: ctx.actor,
        action: verb,
        targets: [key],
        decision: 'refused',
        result: `not in the ${role} role`,
      });
      return {
        refusal: privateNotice(
          'Not permitted',
          `Only people with the ${role} role can acknowledge, resolve, mute or act on alerts.`,
          'denied',
        ),
      };
    }
    const record = await service().loadOccurrence(key, epoch);
    if (!record) return { refusal: privateNotice('Unknown alert', 'This alert is not known (any more).') };
    if (record.status === 'resolved') {
      const when = formatTime(record.resolvedAt ?? record.lastSeen, ctx.now());
      const by = record.resolvedBy ? ` by ${record.resolvedBy}` : '';
      return {
        refusal: privateNotice('Already resolved', `This alert was resolved at ${when}${by}.`, 'info'),
      };
    }
    const current = await deps.store.get<AlertRecord>(recordKey(key));
    if (current?.epoch !== epoch)
      return {
        refusal: privateNotice('Fired again', 'This alert has fired again since; use its newest card.'),
      };
    return { action, record };
  }

  /** Take the button for this click; undefined when it is ours, otherwise the answer for the person. */
  async function claim(action: PendingAction<ButtonParams>, ctx: IntentContext) {
    const outcome = await deps.pending.claim<ButtonParams>(action.id, actorLabel(ctx.actor));
    if (outcome.status === 'claimed') return undefined;
    if (outcome.status === 'expired')
      return privateNotice(
        'Expired',
        'This alert button has expired; `alerts` lists what is still open.',
        'info',
      );
    if (outcome.status === 'handled')
      return privateNotice(
        'Already handled',
        `Already handled by ${outcome.by} at ${formatTime(outcome.at, ctx.now())}${outcome.result ? ` (${outcome.result})` : ''}.`,
        'info',
      );
    return privateNotice('Unknown action', 'This alert button is not known (any more).');
  }

  /** A fresh button of `kind` for the occurrence (after Mute, Run, or a Resolve that failed). */
  async function renew(action: PendingAction<ButtonParams>, kind: ButtonKind, extra = {}) {
    const ref = await service().createButton(kind, action.params);
    const { key, epoch } = action.params;
    const name = action.params.action?.name;
    return service().change(key, epoch, (r) => {
      const b = r.buttons ?? { run: [] };
      const buttons =
        kind === 'run'
          ? { ...b, run: b.run.map((x) => (x.name === name ? { name: x.name, ref } : x)) }
          : { ...b, [kind]: ref };
      return { ...r, ...extra, buttons };
    });
  }

  /** The card as it is now, shown in place of the clicked one. */
  async function currentCard(action: PendingAction<ButtonParams>, ctx: IntentContext): Promise<IntentResult> {
    const record = await service().loadOccurrence(action.params.key, action.params.epoch);
    if (!record) return privateNotice('Unknown alert', 'This alert is not known (any more).');
    return { visibility: 'channel', view: alertView(record, ctx.now()) };
  }

  return { service, load, claim, renew, currentCard };
}
