import { describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../cards/block-kit.ts';
import { BLOCK_KIT_LIMITS } from '../../cards/block-kit-limits.ts';
import { decodeButtonValue, renderSlackModal } from '../../cards/slack-modal.ts';
import type { View } from '../../src/views/view.ts';

const denyCard: View = {
  title: 'Admin access for bob',
  state: 'pending',
  summary: 'pending',
  inputs: [
    {
      type: 'text',
      id: 'reason',
      label: 'Reason for denying',
      required: true,
      multiline: true,
      placeholder: 'Why not?',
    },
  ],
  actions: [{ label: 'Deny', verb: 'access.deny', ref: 'pa_1', style: 'danger', inputs: ['reason'] }],
};

const buttons = (view: View) =>
  renderBlockKit(view)
    .blocks.filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Array<{ action_id: string; value: string }>);

describe('the Slack modal, rendered from the card’s own input', () => {
  it('shows the label, required, multiline and placeholder the card defined, titled by the button', () => {
    const [deny] = buttons(denyCard);
    const { ref, form } = decodeButtonValue(deny!.value);
    expect(ref).toBe('pa_1');
    const modal = renderSlackModal({
      ...form!,
      callbackId: 'gh-modal',
      inputPrefix: 'ghtext|',
      privateMetadata: '{}',
    });
    expect(modal.title).toEqual({ type: 'plain_text', text: 'Deny' });
    expect(modal.blocks).toEqual([
      {
        type: 'input',
        block_id: 'in0',
        optional: false,
        label: { type: 'plain_text', text: 'Reason for denying' },
        element: {
          type: 'plain_text_input',
          action_id: 'ghtext|reason',
          multiline: true,
          min_length: 1,
          max_length: BLOCK_KIT_LIMITS.plainTextInput,
          placeholder: { type: 'plain_text', text: 'Why not?' },
        },
      },
    ]);
  });

  it('keeps the button value within Slack’s limit, dropping placeholders first and never the ref', () => {
    const long = 'x'.repeat(900);
    const view: View = {
      ...denyCard,
      inputs: [
        { type: 'text', id: 'a', label: long, placeholder: long },
        { type: 'text', id: 'b', label: long, placeholder: long },
      ],
      actions: [{ label: 'Deny', verb: 'access.deny', ref: 'pa_1', inputs: ['a', 'b'] }],
    };
    const [deny] = buttons(view);
    expect(deny!.value.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.buttonValue);
    const { ref, form } = decodeButtonValue(deny!.value);
    expect(ref).toBe('pa_1');
    expect(form?.inputs.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('a button without text inputs carries only the ref', () => {
    const view: View = { ...denyCard, actions: [{ label: 'Details', verb: 'access.show', ref: 'pa_2' }] };
    expect(buttons(view)[0]!.value).toBe('pa_2');
    expect(decodeButtonValue('pa_2')).toEqual({ ref: 'pa_2' });
  });
});

describe('Block Kit cut-off', () => {
  it('cuts a long card to 50 blocks, says so, and keeps the buttons', () => {
    const view: View = {
      title: 'Many',
      state: 'info',
      summary: 'many',
      blocks: Array.from({ length: 80 }, (_, i) => ({ type: 'text' as const, text: `line ${i}` })),
      actions: [{ label: 'Ack', verb: 'alerts.ack', ref: 'pa_3' }],
    };
    const { blocks } = renderBlockKit(view);
    expect(blocks).toHaveLength(BLOCK_KIT_LIMITS.blocks);
    expect(blocks.at(-1)!.type).toBe('actions');
    expect(JSON.stringify(blocks.at(-2))).toContain('more was cut to fit');
  });

  it('leaves a card of exactly 50 blocks whole', () => {
    const view: View = {
      title: 'Fits',
      state: 'info',
      summary: 'fits',
      blocks: Array.from({ length: 48 }, (_, i) => ({ type: 'text' as const, text: `line ${i}` })),
      actions: [{ label: 'Ack', verb: 'alerts.ack', ref: 'pa_3' }],
    };
    const { blocks } = renderBlockKit(view);
    expect(blocks).toHaveLength(50);
    expect(JSON.stringify(blocks)).not.toContain('more was cut');
  });
});
