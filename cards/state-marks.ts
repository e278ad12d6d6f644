import type { ViewState } from '../src/views/view.ts';

/** The mark each card state carries in its title, on every platform. */
export const STATE_MARKS: Record<ViewState, string> = {
  info: 'ℹ️',
  pending: '⏳',
  running: '🔄',
  success: '✅',
  failure: '❌',
  warning: '⚠️',
  denied: '🚫',
  expired: '⌛',
  cancelled: '✖️',
  error: '❗',
};

/** Shorten `text` to `max` characters, keeping the start (or the end, for output tails). */
export function clip(text: string, max: number, keep: 'start' | 'end' = 'start'): string {
  if (text.length <= max) return text;
  return keep === 'start' ? `${text.slice(0, max - 1)}…` : `…${text.slice(text.length - max + 1)}`;
}
