export interface Token {
  value: string;
  start: number;
  end: number;
  /** True when any part was quoted: a quoted `--` or `--flag` is a plain word. */
  quoted: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '„': '“' };

/**
 * Split a line into words the way a shell would for simple cases: whitespace separates, "double", 'single'
 * and typographic quotes (which chat clients substitute) group, backslash escapes inside double quotes.
 * Unbalanced quotes run to the end of the line rather than failing.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    let quoted = false;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      const close = QUOTES[ch];
      if (close) {
        quoted = true;
        i++;
        while (i < text.length && text[i] !== close && !(close === '”' && text[i] === '"')) {
          if (ch === '"' && text[i] === '\\' && i + 1 < text.length) i++;
          value += text[i];
          i++;
        }
        i++;
      } else {
        value += ch;
        i++;
      }
    }
    tokens.push({ value, start, end: Math.min(i, text.length), quoted });
  }
  return tokens;
}

export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
