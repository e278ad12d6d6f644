import type { View, ViewAction, ViewBlock, ViewInput } from '../src/views/view.ts';
import { BLOCK_KIT_LIMITS } from './block-kit-limits.ts';
import { escapeSlackText } from './escape-text.ts';
import { encodeModalButtonValue, type TextInput } from './slack-modal.ts';
import { clip, STATE_MARKS } from './state-marks.ts';

export { BLOCK_KIT_LIMITS };

export type Block = Record<string, unknown>;

export interface BlockKitMessage {
  text: string;
  blocks: Block[];
}

/**
 * A button's action_id: `gh|<verb>|<text inputs it needs>|<n>`. The value is only the pending action's id.
 * Text inputs cannot live in a message, so a button that needs one opens a modal (adapters/slack).
 */
export function encodeActionId(action: ViewAction, textInputs: string[], index: number): string {
  return clip(`gh|${action.verb}|${textInputs.join(',')}|${index}`, BLOCK_KIT_LIMITS.actionId);
}

export function decodeActionId(actionId: string): { verb: string; textInputs: string[] } | undefined {
  const [tag, verb, inputs] = actionId.split('|');
  if (tag !== 'gh' || !verb) return undefined;
  return { verb, textInputs: inputs ? inputs.split(',').filter(Boolean) : [] };
}

/** Select inputs are message elements whose action_id says which input they fill. */
export const SELECT_PREFIX = 'ghin|';

const mrkdwn = (text: string, max: number = BLOCK_KIT_LIMITS.sectionText) => ({
  type: 'mrkdwn',
  text: clip(text, max),
});

/** Slack mrkdwn needs &, < and > escaped in any text that came from people or vendors. */
export const escapeMrkdwn = escapeSlackText;

function renderBlock(block: ViewBlock): Block[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'section', text: mrkdwn(escapeMrkdwn(block.text)) }];
    case 'code': {
      const max = BLOCK_KIT_LIMITS.sectionText - 8;
      return [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `\`\`\`${clip(escapeMrkdwn(block.text) || ' ', max, 'end')}\`\`\`` },
        },
      ];
    }
    case 'context':
      return [
        { type: 'context', elements: [mrkdwn(escapeMrkdwn(block.text), BLOCK_KIT_LIMITS.contextText)] },
      ];
    case 'list': {
      const sections: Block[] = [];
      let current = '';
      for (const item of block.items.map((i) => `• ${escapeMrkdwn(i)}`)) {
        if (current && current.length + item.length + 1 > BLOCK_KIT_LIMITS.sectionText) {
          sections.push({ type: 'section', text: mrkdwn(current) });
          current = '';
        }
        current = current ? `${current}\n${item}` : item;
      }
      if (current) sections.push({ type: 'section', text: mrkdwn(current) });
      return sections;
    }
  }
}

function renderSelect(input: Extract<ViewInput, { type: 'select' }>): Block {
  const options = input.choices.slice(0, BLOCK_KIT_LIMITS.selectOptions).map((c) => ({
    text: { type: 'plain_text', text: clip(c.label, BLOCK_KIT_LIMITS.optionText) },
    value: c.value,
  }));
  const initial = options.find((o) => o.value === input.initial);
  return {
    type: 'static_select',
    action_id: `${SELECT_PREFIX}${input.id}`,
    placeholder: { type: 'plain_text', text: clip(input.label, BLOCK_KIT_LIMITS.placeholderText) },
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** view → Block Kit message (blocks + fallback text), always within Slack's limits. */
export function renderBlockKit(view: View): BlockKitMessage {
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`${STATE_MARKS[view.state]} ${view.title}`, BLOCK_KIT_LIMITS.headerText),
        emoji: true,
      },
    },
  ];
  const fields = view.fields ?? [];
  for (let i = 0; i < fields.length; i += BLOCK_KIT_LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: fields
        .slice(i, i + BLOCK_KIT_LIMITS.fieldsPerSection)
        .map((f) =>
          mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value) || '—'}`, BLOCK_KIT_LIMITS.fieldText),
        ),
    });
  }
  for (const block of view.blocks ?? []) blocks.push(...renderBlock(block));

  const actions = view.actions ?? [];
  const selects = (view.inputs ?? []).filter(
    (i): i is Extract<ViewInput, { type: 'select' }> => i.type === 'select',
  );
  const textInputs = (view.inputs ?? []).filter((i): i is TextInput => i.type === 'text');
  const elements: Block[] = [...selects.map(renderSelect)];
  actions.forEach((action, index) => {
    const asks = textInputs.filter((i) => action.inputs?.includes(i.id));
    elements.push({
      type: 'button',
      text: { type: 'plain_text', text: clip(action.label, BLOCK_KIT_LIMITS.buttonText) },
      action_id: encodeActionId(
        action,
        asks.map((i) => i.id),
        index,
      ),
      // A button that needs text opens a modal, which Slack renders from the form the button carries.
      value:
        asks.length > 0
          ? encodeModalButtonValue(action.ref, { title: action.label, inputs: asks })
          : action.ref,
      ...(action.style ? { style: action.style } : {}),
    });
  });
  const reserve = elements.length > 0 ? 1 : 0;
  if (blocks.length + reserve > BLOCK_KIT_LIMITS.blocks) {
    blocks.length = BLOCK_KIT_LIMITS.blocks - reserve - 1;
    blocks.push({ type: 'context', elements: [mrkdwn('…more was cut to fit Slack’s limits.')] });
  }
  if (elements.length > 0)
    blocks.push({ type: 'actions', elements: elements.slice(0, BLOCK_KIT_LIMITS.actionsElements) });
  return {
    // The fallback text is mrkdwn too (notifications): `<!channel>` in a title must not ping anyone.
    text: clip(
      `${STATE_MARKS[view.state]} ${escapeSlackText(view.title)}: ${escapeSlackText(view.summary)}`,
      BLOCK_KIT_LIMITS.fallbackText,
    ),
    blocks,
  };
}
