import type { View } from '../views/view.ts';
import type { Intent } from './intent.ts';

/** Help for the commands an actor may use, narrowed to `topic` when given; `problem` says what was wrong. */
export function renderHelp(
  intents: Intent[],
  options: { topic?: string; problem?: string; prefix: string },
): View {
  const { topic, problem, prefix } = options;
  const withSyntax = intents.filter((i) => i.syntax);
  const matching = topic ? withSyntax.filter((i) => i.syntax!.words.join(' ').startsWith(topic)) : withSyntax;
  const shown = matching.length > 0 ? matching : withSyntax;
  const lines = shown.map((i) => `${prefix}${i.syntax!.usage} — ${i.summary}`);
  const blocks: View['blocks'] = [];
  if (problem) blocks.push({ type: 'text', text: problem });
  if (topic && matching.length === 0) blocks.push({ type: 'text', text: `There is no command "${topic}".` });
  blocks.push({
    type: 'list',
    items: lines.length > 0 ? lines : ['There are no commands you may use here yet.'],
  });
  blocks.push({
    type: 'context',
    text: `Type \`${prefix}help <command>\` for one command. Durations look like 30s, 5m, 2h, 1d.`,
  });
  return {
    title: topic && matching.length > 0 ? `Help: ${topic}` : 'Gatehouse commands',
    state: problem ? 'warning' : 'info',
    summary: problem ?? 'Gatehouse commands',
    blocks,
  };
}
