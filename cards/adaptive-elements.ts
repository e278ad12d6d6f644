import type { ViewAttachment, ViewBlock, ViewField, ViewInput, ViewState } from '../src/views/view.ts';
import { escapeTeamsMarkdown } from './escape-text.ts';
import { clip } from './state-marks.ts';

/** One Adaptive Card element or action, as plain JSON. */
export type AdaptiveElement = Record<string, unknown>;

/** Per-element limits Teams renders well; the whole card's size limit lives in adaptive-card.ts. */
export const ADAPTIVE_ELEMENT_LIMITS = {
  titleChars: 200,
  labelChars: 100,
  choices: 100,
  choiceChars: 100,
  buttonChars: 50,
} as const;

/** The title's colour by state (Adaptive Card colours: Default, Good, Warning, Attention, Accent). */
const TITLE_COLOR: Partial<Record<ViewState, string>> = {
  success: 'Good',
  pending: 'Warning',
  warning: 'Warning',
  failure: 'Attention',
  error: 'Attention',
  denied: 'Attention',
  running: 'Accent',
};

export function titleBlock(text: string, state: ViewState): AdaptiveElement {
  return {
    type: 'TextBlock',
    text: escapeTeamsMarkdown(clip(text, ADAPTIVE_ELEMENT_LIMITS.titleChars)),
    style: 'heading',
    size: 'Medium',
    weight: 'Bolder',
    wrap: true,
    ...(TITLE_COLOR[state] ? { color: TITLE_COLOR[state] } : {}),
  };
}

export function factSet(fields: ViewField[]): AdaptiveElement {
  return {
    type: 'FactSet',
    facts: fields.map((f) => ({ title: f.label, value: escapeTeamsMarkdown(f.value) || '—' })),
  };
}

/**
 * Preformatted text (a command, output) as a monospace run. A TextRun is never read as markdown, so a
 * command like `rm *.log` shows exactly as it will run, which a markdown TextBlock would not guarantee.
 */
export function codeBlock(text: string): AdaptiveElement {
  return {
    type: 'Container',
    style: 'emphasis',
    bleed: false,
    items: [
      {
        type: 'RichTextBlock',
        inlines: [{ type: 'TextRun', text: text || ' ', fontType: 'Monospace' }],
      },
    ],
  };
}

/** Prose as a TextRun: shown as typed, never read as markdown (untrusted text cannot become a link). */
function plainText(text: string, run: Record<string, unknown> = {}): AdaptiveElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: text || ' ', ...run }] };
}

export function renderBlock(block: ViewBlock): AdaptiveElement {
  switch (block.type) {
    case 'text':
      return plainText(block.text);
    case 'code':
      return codeBlock(block.text);
    case 'context':
      return plainText(block.text, { size: 'Small', isSubtle: true });
    case 'list':
      return {
        type: 'Container',
        items: block.items.map((item) => ({ ...plainText(`• ${item}`), spacing: 'None' })),
      };
  }
}

/** A long attachment (full command output) behind a "show" toggle, since a bot cannot attach files everywhere. */
export function attachmentElements(attachment: ViewAttachment, index: number): AdaptiveElement[] {
  const id = `attachment-${index + 1}`;
  return [
    {
      type: 'TextBlock',
      text: escapeTeamsMarkdown(`📎 ${attachment.title} (${attachment.content.length} characters)`),
      wrap: true,
      size: 'Small',
      spacing: 'Medium',
    },
    {
      type: 'ActionSet',
      actions: [{ type: 'Action.ToggleVisibility', title: 'Show / hide', targetElements: [id] }],
    },
    { ...codeBlock(attachment.content), id, isVisible: false },
  ];
}

export function selectInput(input: Extract<ViewInput, { type: 'select' }>): AdaptiveElement {
  const choices = input.choices.slice(0, ADAPTIVE_ELEMENT_LIMITS.choices).map((c) => ({
    title: clip(c.label, ADAPTIVE_ELEMENT_LIMITS.choiceChars),
    value: c.value,
  }));
  return {
    type: 'Input.ChoiceSet',
    id: input.id,
    label: clip(input.label, ADAPTIVE_ELEMENT_LIMITS.labelChars),
    style: 'compact',
    choices,
    ...(input.initial && choices.some((c) => c.value === input.initial) ? { value: input.initial } : {}),
  };
}

export function textInput(input: Extract<ViewInput, { type: 'text' }>, elementId: string): AdaptiveElement {
  const label = clip(input.label, ADAPTIVE_ELEMENT_LIMITS.labelChars);
  return {
    type: 'Input.Text',
    id: elementId,
    label,
    ...(input.placeholder ? { placeholder: input.placeholder } : {}),
    ...(input.multiline ? { isMultiline: true } : {}),
    ...(input.required ? { isRequired: true, errorMessage: `${label} is required.` } : {}),
  };
}

/** Separator between an input's id and the copy number when several buttons ask for the same text. */
export const INPUT_COPY_SEPARATOR = '~';

/**
 * The values of a card's inputs as the view named them: a text input shown for a second button has its
 * element id suffixed with `~2` (ids are unique per card), and is read back under the view's id.
 */
export function readAdaptiveInputs(data: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const at = key.lastIndexOf(INPUT_COPY_SEPARATOR);
    const base = at > 0 && /^\d+$/.test(key.slice(at + 1)) ? key.slice(0, at) : key;
    if (base !== key && values[base] !== undefined) continue;
    values[base] = value;
  }
  return values;
}
