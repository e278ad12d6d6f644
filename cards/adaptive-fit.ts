import type { View, ViewBlock } from '../src/views/view.ts';
import { clip } from './state-marks.ts';

export const SHORTENED_NOTE = 'Shortened to fit the Teams card size limit.';

/** How many rounds of halving the largest text before giving up on the content and keeping the frame. */
const MAX_ROUNDS = 40;
/** Texts at or under this length are not worth shortening further. */
const MIN_CUT = 40;

type Slot =
  | { kind: 'block'; index: number; size: number }
  | { kind: 'attachment'; index: number; size: number }
  | { kind: 'field'; index: number; size: number };

function blockSize(block: ViewBlock): number {
  return block.type === 'list' ? block.items.reduce((n, i) => n + i.length + 3, 0) : block.text.length;
}

function slots(view: View): Slot[] {
  return [
    ...(view.blocks ?? []).map((b, index) => ({ kind: 'block' as const, index, size: blockSize(b) })),
    ...(view.attachments ?? []).map((a, index) => ({
      kind: 'attachment' as const,
      index,
      size: a.content.length,
    })),
    ...(view.fields ?? []).map((f, index) => ({ kind: 'field' as const, index, size: f.value.length })),
  ];
}

function halveBlock(block: ViewBlock): ViewBlock {
  switch (block.type) {
    case 'list': {
      const keep = Math.max(1, Math.floor(block.items.length / 2));
      if (keep === block.items.length)
        return { type: 'list', items: block.items.map((i) => clip(i, Math.ceil(i.length / 2))) };
      return {
        type: 'list',
        items: [...block.items.slice(0, keep), `… ${block.items.length - keep} more`],
      };
    }
    case 'code':
      // Output tails matter most: keep the end.
      return { type: 'code', text: clip(block.text, Math.ceil(block.text.length / 2), 'end') };
    default:
      return { ...block, text: clip(block.text, Math.ceil(block.text.length / 2)) };
  }
}

function shrink(view: View, slot: Slot): View {
  if (slot.kind === 'block') {
    const blocks = [...(view.blocks ?? [])];
    blocks[slot.index] = halveBlock(blocks[slot.index]!);
    return { ...view, blocks };
  }
  if (slot.kind === 'attachment') {
    const attachments = [...(view.attachments ?? [])];
    const a = attachments[slot.index]!;
    attachments[slot.index] = { ...a, content: clip(a.content, Math.ceil(a.content.length / 2), 'end') };
    return { ...view, attachments };
  }
  const fields = [...(view.fields ?? [])];
  const f = fields[slot.index]!;
  fields[slot.index] = { ...f, value: clip(f.value, Math.ceil(f.value.length / 2)) };
  return { ...view, fields };
}

/**
 * The view, shortened until `measure` (the rendered card's size in bytes) is within `maxBytes`: the largest
 * text is halved (output keeps its end) round by round, with a note saying so. When that is not enough,
 * only the title, the summary, the inputs and the buttons are kept, so a decision can still be made.
 */
export function fitView(view: View, measure: (v: View) => number, maxBytes: number): View {
  if (measure(view) <= maxBytes) return view;
  let current: View = {
    ...view,
    blocks: [...(view.blocks ?? []), { type: 'context', text: SHORTENED_NOTE }],
  };
  const noteIndex = current.blocks!.length - 1;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (measure(current) <= maxBytes) return current;
    const largest = slots(current)
      .filter((s) => !(s.kind === 'block' && s.index === noteIndex) && s.size > MIN_CUT)
      .sort((a, b) => b.size - a.size)[0];
    if (!largest) break;
    current = shrink(current, largest);
  }
  if (measure(current) <= maxBytes) return current;
  const { fields: _f, attachments: _a, ...frame } = view;
  return {
    ...frame,
    blocks: [
      { type: 'text', text: clip(view.summary, 1000) },
      { type: 'context', text: SHORTENED_NOTE },
    ],
  };
}
