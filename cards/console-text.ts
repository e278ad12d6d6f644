import type { View } from '../src/views/view.ts';
import { STATE_MARKS } from './state-marks.ts';

/** view → plain text for the console adapter; buttons are numbered so a person presses them by number. */
export function renderConsoleText(view: View): string {
  const lines = [`${STATE_MARKS[view.state]} ${view.title}`];
  for (const f of view.fields ?? []) lines.push(`  ${f.label}: ${f.value}`);
  for (const b of view.blocks ?? []) {
    if (b.type === 'text') lines.push(`  ${b.text}`);
    else if (b.type === 'context') lines.push(`  (${b.text})`);
    else if (b.type === 'list') lines.push(...b.items.map((i) => `  • ${i}`));
    else lines.push(...b.text.split('\n').map((l) => `  | ${l}`));
  }
  for (const input of view.inputs ?? []) {
    if (input.type !== 'select') continue;
    // The default in the words the choices use ("1 h"), never the value behind it ("3600").
    const initial = input.choices.find((c) => c.value === input.initial);
    lines.push(
      `  ${input.label}: ${input.choices.map((c) => c.label).join(' / ')}${initial ? ` (default ${initial.label})` : ''}`,
    );
  }
  const actions = view.actions ?? [];
  if (actions.length > 0) lines.push(`  ${actions.map((a, i) => `[${i + 1}] ${a.label}`).join('  ')}`);
  for (const a of view.attachments ?? []) lines.push(`  📎 ${a.filename} (${a.content.length} characters)`);
  if (view.image) lines.push(`  🖼 ${view.image.alt} (shown as an image in Slack and Teams)`);
  return lines.join('\n');
}
