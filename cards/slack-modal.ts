import { clip } from './state-marks.ts';

export interface ModalSpec {
  callbackId: string;
  title: string;
  submitLabel: string;
  inputs: Array<{ actionId: string; label: string; multiline?: boolean; required?: boolean }>;
  privateMetadata: string;
}

/** A Slack modal that collects the text inputs a button needs (a deny reason). */
export function renderSlackModal(spec: ModalSpec): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    title: { type: 'plain_text', text: clip(spec.title, 24) },
    submit: { type: 'plain_text', text: clip(spec.submitLabel, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: spec.privateMetadata,
    blocks: spec.inputs.map((input, i) => ({
      type: 'input',
      block_id: `in${i}`,
      optional: input.required === false,
      label: { type: 'plain_text', text: clip(input.label, 2000) },
      element: {
        type: 'plain_text_input',
        action_id: input.actionId,
        multiline: input.multiline ?? true,
        min_length: input.required === false ? 0 : 1,
      },
    })),
  };
}
