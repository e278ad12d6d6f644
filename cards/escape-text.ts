/**
 * Text from vendors, alert senders and people is shown as typed, on every platform: never a mention, a
 * link or formatting its author chose. Cards call these where such text enters a markup field; plain-text
 * fields (Slack `plain_text`, Adaptive Card `TextRun`, inputs, choices) need nothing.
 */

/**
 * Slack mrkdwn and message `text`: `&`, `<` and `>` are the only control characters Slack documents
 * (`<!channel>`, `<@U…>`, `<url|label>`); escaped, they show literally and ping nobody.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Characters that start markdown anywhere in a line: emphasis, code, links, autolinks, strikethrough. */
const INLINE = /[\\`*_[\]<>~]/g;
/** What starts a block at the beginning of a line: headings, lists, quotes, rules, tables. */
const LINE_START = /^(\s*)(#|[-+=|]|\d+(?=[.)]))/gm;

/**
 * Adaptive Card TextBlock and Fact text is markdown in Teams: `[Verify](https://evil.example)` would be a
 * link showing only "Verify". Every markdown character is backslash-escaped (CommonMark escapes), so the
 * text shows as typed. For longer untrusted text prefer a `TextRun`, which is never read as markdown.
 */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_m, space: string, mark: string) =>
      /^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
    );
}
