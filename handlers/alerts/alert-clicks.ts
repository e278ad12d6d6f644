import { formatTime } from '../../src/intents/duration.ts';
import { type IntentContext, type IntentResult, privateNotice, refInput } from '../../src/intents/intent.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import type { HandlerDeps } from '../deps.ts';
import type { ButtonKind, ButtonParams } from './alert-placement.ts';
import type { AlertRecord } from './alert-types.ts';
import { recordKey } from './alert-types.ts';
import { alertView } from './alert-views.ts';

const gone = (): IntentResult => privateNotice('Unknown alert', 'This alert is not known (any more).');

/**
 * What every alert button shares in the one button flow: who may press (the responder role), when the
 * alert has moved on (resolved, fired again), and how a fresh button replaces a used one.
 */
export function createAlertClicks(deps: HandlerDeps) {
  const service = deps.alerts;

  /** The button-flow settings of an alert button of `kind`; its `act` is the button's own. */
  function buttonOf(kind: ButtonKind) {
    return {
      name: `alerts.${kind}`,
      kind: `alert.${kind}`,
      input: refInput,
      pending: deps.pending,
      unknown: 'This alert button is not known (any more).',
      describe: (action: PendingAction<ButtonParams>) => ({ targets: [action.params.key] }),
      mayPress(_action: PendingAction<ButtonParams>, ctx: IntentContext) {
        const role = deps.policy.policy.alerts.responder_role;
        if (deps.policy.hasRole(ctx.actor, role)) return undefined;
        return `Only people with the ${role} role can acknowledge, resolve, mute or act on alerts.`;
      },
      stale: (action: PendingAction<ButtonParams>, ctx: IntentContext) => staleness(action, ctx),
      expired: () =>
        privateNotice('Expired', 'This alert button has expired; `alerts` lists what is still open.', 'info'),
    };
  }

  /** Why the alert this button stands for cannot be acted on any more; undefined when it can. */
  async function staleness(action: PendingAction<ButtonParams>, ctx: IntentContext) {
    const { key, epoch } = action.params;
    const record = await service.loadOccurrence(key, epoch);
    if (!record) return { reason: 'the alert is not known', reply: gone() };
    if (record.status === 'resolved') {
      const when = formatTime(record.resolvedAt ?? record.lastSeen, ctx.now());
      const by = record.resolvedBy ? ` by ${record.resolvedBy}` : '';
      const reply = privateNotice('Already resolved', `This alert was resolved at ${when}${by}.`, 'info');
      return { reason: 'already resolved', reply };
    }
    const current = await deps.store.get<AlertRecord>(recordKey(key));
    if (current?.epoch !== epoch) {
      const reply = privateNotice('Fired again', 'This alert has fired again since; use its newest card.');
      return { reason: 'fired again since', reply };
    }
    return undefined;
  }

  /** The occurrence the button stands for (the flow has checked it is current). */
  async function record(action: PendingAction<ButtonParams>): Promise<AlertRecord> {
    const found = await service.loadOccurrence(action.params.key, action.params.epoch);
    if (!found) throw new Error(`alert ${action.params.key} vanished during a click`);
    return found;
  }

  /** A fresh button of `kind` for the occurrence (after Mute, Run, or a Resolve that failed). */
  async function renew(action: PendingAction<ButtonParams>, kind: ButtonKind, extra = {}) {
    const ref = await service.createButton(kind, action.params);
    const { key, epoch } = action.params;
    const name = action.params.action?.name;
    return service.change(key, epoch, (r) => {
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
    const now = await service.loadOccurrence(action.params.key, action.params.epoch);
    if (!now) return gone();
    return { visibility: 'channel', view: alertView(now, ctx.now()) };
  }

  return { service, buttonOf, record, renew, currentCard };
}
