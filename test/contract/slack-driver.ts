import { MODAL_CALLBACK_ID, MODAL_INPUT_PREFIX } from '../../adapters/slack/slack-click-envelope.ts';
import { decodeActionId, SELECT_PREFIX } from '../../cards/block-kit.ts';
import { CHANNEL, startSlackHarness, USERS } from '../helpers/slack-harness.ts';
import {
  blockActionsPayload,
  interactionBody,
  slackHeaders,
  viewSubmissionPayload,
} from '../helpers/slack-signing.ts';
import { signedAlert } from './alerts.ts';
import type { World } from './contract-world.ts';
import type { Driver } from './driver.ts';
import { auditTrail, recordIntents, type Shown, settleOn, summaryAfter } from './trace.ts';

type Block = { type: string; text?: { text: string }; elements?: Element[] };
type Element = {
  type: string;
  text?: { text: string };
  action_id: string;
  value?: string;
  initial_option?: { value: string };
};
interface Message {
  channel: string;
  ts: string;
  blocks: Block[];
  text: string;
}

const headerOf = (blocks: Block[]) => blocks.find((b) => b.type === 'header')?.text?.text ?? '';
/** Field labels: section fields are `*Label*\nvalue`. */
const fieldsOf = (blocks: Block[]) =>
  blocks
    .flatMap((b) => (b as { fields?: Array<{ text: string }> }).fields ?? [])
    .map(
      (f) =>
        /^\*(.+?)\*\n/s
          .exec(f.text)?.[1]
          ?.replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&') ?? '',
    );
const elementsOf = (blocks: Block[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

/** Slack through its real HTTP endpoint: signed slash commands, clicks with select state, modal submissions. */
export async function startSlackDriver(world: World): Promise<Driver> {
  const h = await startSlackHarness({ env: world.env, policyText: world.policyText, rport: world.rport });
  const intents = recordIntents(h.gatehouse);
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  /** Every message the bot posted or changed, in order. */
  function messages(): Message[] {
    let posted = 0;
    return h.slack.calls.flatMap((c): Message[] => {
      const blocks = (c.args.blocks ?? []) as Block[];
      const text = String(c.args.text ?? '');
      if (c.method === 'chat.postMessage') {
        const ts = h.slack.postedTs[posted++];
        return ts ? [{ channel: String(c.args.channel), ts, blocks, text }] : [];
      }
      if (c.method === 'chat.update')
        return [{ channel: String(c.args.channel), ts: String(c.args.ts), blocks, text }];
      return [];
    });
  }

  function shown(): Shown[] {
    const out: Shown[] = [];
    for (const m of messages()) {
      const title = headerOf(m.blocks);
      const summary = summaryAfter(m.text, title);
      if (m.channel.startsWith('D')) out.push({ audience: 'private', summary });
      else
        out.push({
          audience: 'channel',
          card: `${m.channel}/${m.ts}`,
          title,
          summary,
          fields: fieldsOf(m.blocks),
        });
    }
    for (const c of h.slack.callsTo('chat.postEphemeral')) {
      const blocks = (c.args.blocks ?? []) as Block[];
      out.push({ audience: 'private', summary: summaryAfter(String(c.args.text ?? ''), headerOf(blocks)) });
    }
    // Instant private answers come back in the slash command's ack, as a response_url body would.
    for (const r of [...h.slack.responses, ...acks.map((body) => ({ body }))]) {
      if (r.body.response_type !== 'ephemeral') continue;
      const blocks = (r.body.blocks ?? []) as Block[];
      out.push({ audience: 'private', summary: summaryAfter(String(r.body.text ?? ''), headerOf(blocks)) });
    }
    return out;
  }

  const acks: Array<Record<string, unknown>> = [];
  const activity = () => h.slack.calls.length + h.slack.responses.length + acks.length;

  return {
    platform: 'slack',
    gatehouse: h.gatehouse,
    async say(person, text) {
      const res = await h.slash(text, person);
      if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
      if (res.body) acks.push(JSON.parse(res.body) as Record<string, unknown>);
    },
    async press(person, label, inputs = {}) {
      const message = [...messages()]
        .reverse()
        .find(
          (m) =>
            !m.channel.startsWith('D') &&
            elementsOf(m.blocks).some((e) => e.type === 'button' && e.text?.text === label),
        );
      if (!message) throw new Error(`no message with a "${label}" button`);
      const elements = elementsOf(message.blocks);
      const button = elements.find((e) => e.type === 'button' && e.text?.text === label)!;
      const values: Record<string, Record<string, unknown>> = {};
      for (const select of elements.filter((e) => e.action_id.startsWith(SELECT_PREFIX))) {
        const id = select.action_id.slice(SELECT_PREFIX.length);
        const value = inputs[id] ?? select.initial_option?.value;
        if (value !== undefined)
          values[select.action_id] = { type: 'static_select', selected_option: { value } };
      }
      const opened = h.slack.callsTo('views.open').length;
      const payload = blockActionsPayload({
        user: { id: USERS[person].id, name: USERS[person].name },
        message,
        button,
        responseUrl: h.slack.responseUrl(),
        stateValues: values,
      });
      const body = interactionBody(payload);
      await h.post('/slack/events', body, { ...form, ...slackHeaders(body) });
      const textInputs = decodeActionId(button.action_id)?.textInputs ?? [];
      if (textInputs.length === 0) return;
      // The button asked for text: Slack shows the modal, the person fills it in and submits it.
      const [modal] = (await h.slack.waitFor('views.open', opened + 1)).slice(opened);
      const view = modal!.args.view as { private_metadata: string };
      const submission = viewSubmissionPayload({
        user: { id: USERS[person].id, name: USERS[person].name },
        callbackId: MODAL_CALLBACK_ID,
        privateMetadata: view.private_metadata,
        inputPrefix: MODAL_INPUT_PREFIX,
        texts: Object.fromEntries(textInputs.map((id) => [id, inputs[id] ?? ''])),
      });
      const submitted = interactionBody(submission);
      await h.post('/slack/events', submitted, { ...form, ...slackHeaders(submitted) });
    },
    async alert(body) {
      const raw = JSON.stringify(body);
      const res = await h.post('/alerts', raw, signedAlert(raw));
      if (res.status !== 202) throw new Error(`POST /alerts answered ${res.status}: ${res.body}`);
    },
    async poll(name) {
      await h.gatehouse.pollers[name]!.runOnce();
    },
    settle: (done = () => true) => settleOn(activity, () => done(shown()), 'Slack to settle'),
    shown,
    intents,
    audit: () => auditTrail(h.gatehouse),
    channel: CHANNEL,
    close: () => h.close(),
  };
}
