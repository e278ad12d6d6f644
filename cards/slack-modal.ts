import type { ViewInput } from '../src/views/view.ts';
import { BLOCK_KIT_LIMITS } from './block-kit-limits.ts';
import { clip } from './state-marks.ts';

export type TextInput = Extract<ViewInput, { type: 'text' }>;

/** What a modal shows, as the card defined it: the button's label as title, the view's own text inputs. */
export interface ModalForm {
  title: string;
  inputs: TextInput[];
}

export interface ModalSpec extends ModalForm {
  callbackId: string;
  /** Prefix of each input's action_id; the input's id follows it. */
  inputPrefix: string;
  privateMetadata: string;
}

/**
 * A button that opens a modal carries the modal's form in its value, beside the pending action's ref:
 * `{"r":ref,"f":{title,inputs}}`. When the form does not fit Slack's value limit, placeholders go first, then
 * labels are shortened; the ref always stays whole.
 */
export function encodeModalButtonValue(ref: string, form: ModalForm): string {
  const encode = (f: ModalForm) => JSON.stringify({ r: ref, f });
  let value = encode(form);
  if (value.length <= BLOCK_KIT_LIMITS.buttonValue) return value;
  const bare = form.inputs.map(({ placeholder: _p, ...input }) => input);
  value = encode({ ...form, inputs: bare });
  if (value.length <= BLOCK_KIT_LIMITS.buttonValue) return value;
  return encode({ ...form, inputs: bare.map((i) => ({ ...i, label: clip(i.label, 40) })) });
}

/** A button's value → the pending action's ref and, for a button that opens a modal, the modal's form. */
export function decodeButtonValue(value: string): { ref: string; form?: ModalForm } {
  if (!value.startsWith('{')) return { ref: value };
  try {
    const parsed = JSON.parse(value) as { r?: unknown; f?: { title?: unknown; inputs?: unknown } };
    if (typeof parsed.r !== 'string') return { ref: value };
    const inputs = Array.isArray(parsed.f?.inputs)
      ? (parsed.f.inputs as TextInput[]).filter(
          (i) => typeof i?.id === 'string' && typeof i.label === 'string',
        )
      : [];
    const title = typeof parsed.f?.title === 'string' ? parsed.f.title : '';
    return inputs.length > 0 ? { ref: parsed.r, form: { title, inputs } } : { ref: parsed.r };
  } catch {
    return { ref: value };
  }
}

/** A Slack modal that collects the text inputs a button needs (a deny reason), as the card defined them. */
export function renderSlackModal(spec: ModalSpec): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    title: { type: 'plain_text', text: clip(spec.title || 'Gatehouse', BLOCK_KIT_LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: clip('Submit', BLOCK_KIT_LIMITS.modalSubmit) },
    close: { type: 'plain_text', text: clip('Cancel', BLOCK_KIT_LIMITS.modalClose) },
    private_metadata: spec.privateMetadata,
    blocks: spec.inputs.slice(0, BLOCK_KIT_LIMITS.blocks).map((input, i) => ({
      type: 'input',
      block_id: `in${i}`,
      optional: input.required === false,
      label: { type: 'plain_text', text: clip(input.label, BLOCK_KIT_LIMITS.inputLabel) },
      element: {
        type: 'plain_text_input',
        action_id: `${spec.inputPrefix}${input.id}`,
        multiline: input.multiline ?? false,
        min_length: input.required === false ? 0 : 1,
        max_length: BLOCK_KIT_LIMITS.plainTextInput,
        ...(input.placeholder
          ? {
              placeholder: {
                type: 'plain_text',
                text: clip(input.placeholder, BLOCK_KIT_LIMITS.placeholderText),
              },
            }
          : {}),
      },
    })),
  };
}
