import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { noticeView, type View } from '../views/view.ts';
import type { MessageRef } from './envelope.ts';
import type { IntentResult } from './intent.ts';

/** What an adapter gives `deliver`: how to show a reply, and how to change a card it showed. */
export interface ReplySink {
  /** Show the reply; returns the card's reference when it is a card others can see and that can change. */
  show(result: IntentResult): Promise<MessageRef | undefined>;
  update(ref: MessageRef, view: View): Promise<void>;
}

/**
 * Show a handler's reply, then run its follow-up (job polling, …) against the same card. A failing
 * follow-up turns the card into one sentence instead of leaving it spinning.
 */
export async function deliver(result: IntentResult, sink: ReplySink, log: Logger): Promise<void> {
  const ref = await sink.show(result);
  if (!result.followUp) return;
  const update = async (view: View) => {
    if (ref) await sink.update(ref, view);
    else await sink.show({ view, visibility: result.visibility });
  };
  try {
    await result.followUp(update);
  } catch (err) {
    log.error({ err }, 'follow-up failed');
    await update({
      ...noticeView(result.view.title, describeError(err), 'error'),
      fields: result.view.fields,
    }).catch((e) => log.error({ err: e }, 'could not report the failed follow-up'));
  }
}
