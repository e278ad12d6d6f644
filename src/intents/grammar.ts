import type { CommandSyntax } from './intent.ts';
import { levenshtein, type Token, tokenize } from './tokenize.ts';

export interface CommandSpec {
  name: string;
  syntax: CommandSyntax;
}

export type ParseResult =
  | { kind: 'intent'; name: string; input: Record<string, unknown> }
  /** Show help: for `topic` (a command's first words) and, when the input was wrong, why. */
  | { kind: 'help'; topic?: string; problem?: string };

/** `external-key` → `externalKey`. */
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The one text grammar every platform shares. Never throws: anything it cannot read becomes help for the
 * nearest command, with the reason.
 */
export function parseCommand(text: string, commands: CommandSpec[]): ParseResult {
  let line = text.trim();
  line = line.replace(/^\/?pam\b\s*/i, '');
  const all = tokenize(line);
  const dashIndex = all.findIndex((t) => t.value === '--' && !t.quoted);
  const tokens = dashIndex >= 0 ? all.slice(0, dashIndex) : all;
  const afterDash = dashIndex >= 0 ? line.slice(all[dashIndex]!.end).trim() : undefined;

  if (tokens.length === 0) return { kind: 'help' };
  if (tokens[0]!.value.toLowerCase() === 'help') {
    const topic = tokens
      .slice(1)
      .map((t) => t.value.toLowerCase())
      .join(' ');
    return topic ? { kind: 'help', topic } : { kind: 'help' };
  }

  const words = tokens.map((t) => t.value.toLowerCase());
  const match = commands
    .filter((c) => c.syntax.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.syntax.words.length - a.syntax.words.length)[0];
  if (!match) return nearest(words, commands);

  const { syntax } = match;
  const input: Record<string, unknown> = {};
  const positional: Token[] = [];
  const rest = tokens.slice(syntax.words.length);
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (!token.quoted && token.value.startsWith('--') && token.value.length > 2) {
      const [rawName, inline] = splitOnce(token.value.slice(2), '=');
      const kind = syntax.flags?.[rawName];
      const problem = (why: string) => ({
        kind: 'help' as const,
        topic: syntax.words.join(' '),
        problem: why,
      });
      if (!kind) return problem(`\`${syntax.words.join(' ')}\` has no option --${rawName}.`);
      if (kind === 'boolean') {
        if (inline !== undefined) return problem(`--${rawName} is a switch and takes no value.`);
        input[camel(rawName)] = true;
      } else {
        const value = inline ?? rest[++i]?.value;
        if (value === undefined || value === '') return problem(`--${rawName} needs a value.`);
        input[camel(rawName)] = value;
      }
      continue;
    }
    positional.push(token);
  }

  const args = syntax.args ?? [];
  for (const [index, arg] of args.entries()) {
    if (arg.rest) {
      const restTokens = positional.slice(index);
      if (restTokens.length > 0) input[arg.name] = restTokens.map((t) => t.value).join(' ');
      break;
    }
    const token = positional[index];
    if (token) input[arg.name] = token.value;
  }
  const hasRest = args.some((a) => a.rest);
  if (!hasRest && positional.length > args.length) {
    return {
      kind: 'help',
      topic: syntax.words.join(' '),
      problem: `Unexpected "${positional[args.length]!.value}"${syntax.afterDashDash ? ' (put the command after --)' : ''}.`,
    };
  }
  if (afterDash !== undefined) {
    if (!syntax.afterDashDash) {
      return {
        kind: 'help',
        topic: syntax.words.join(' '),
        problem: `\`${syntax.words.join(' ')}\` takes nothing after --.`,
      };
    }
    input[syntax.afterDashDash] = afterDash;
  }
  return { kind: 'intent', name: match.name, input };
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function nearest(words: string[], commands: CommandSpec[]): ParseResult {
  const typed = words.slice(0, 2).join(' ');
  const groups = new Set(commands.map((c) => c.syntax.words[0]!));
  if (groups.has(words[0]!)) {
    const group = words[0]!;
    return { kind: 'help', topic: group, problem: `\`${group}\` has no sub-command "${words[1] ?? ''}".` };
  }
  let best: { topic: string; distance: number } | undefined;
  for (const c of commands) {
    const candidate = c.syntax.words.join(' ');
    for (const [guess, topic] of [
      [words[0]!, c.syntax.words[0]!],
      [typed, candidate],
    ] as const) {
      const distance = levenshtein(guess, topic);
      if (!best || distance < best.distance) best = { topic, distance };
    }
  }
  const shown = words[0]!.length > 40 ? `${words[0]!.slice(0, 40)}…` : words[0]!;
  if (best && best.distance <= Math.max(2, Math.floor(best.topic.length / 3))) {
    return {
      kind: 'help',
      topic: best.topic,
      problem: `Unknown command "${shown}". Did you mean \`${best.topic}\`?`,
    };
  }
  return { kind: 'help', problem: `Unknown command "${shown}".` };
}
