/**
 * What a `*` in an allow pattern may stand for: plain argument characters only (ASCII letters, digits, space
 * and `-_.,:/=+%`). Quotes, backslashes, braces, `@`, `#`, `!`, `*`, `$`, backticks, tabs, line breaks and every
 * shell control character are outside it, so `Get-Service*` cannot carry `@{…}`, a script block or `; rm -rf ~`.
 */
const PLAIN = 'A-Za-z0-9 _.,:/=+%\\-';

/** One path segment of a working directory: plain characters without `/`. */
const SEGMENT = 'A-Za-z0-9 _.,:=+%\\-';

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');
}

function glob(pattern: string, star: string, flags: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegex).join(star)}$`, flags);
}

/**
 * An allow pattern. `re:<regex>` is a regex over the whole command (`.` never matches a line break);
 * otherwise a glob where `*` matches a run of plain argument characters and everything else is literal.
 */
export function compileAllow(pattern: string): RegExp {
  if (pattern.startsWith('re:')) return new RegExp(`^(?:${pattern.slice(3)})$`);
  return glob(pattern, `[${PLAIN}]*`, '');
}

/**
 * A deny pattern: `*` matches anything, case does not matter (Windows commands ignore it), and `re:` patterns
 * are regexes over the whole command. See `denyForms` for the spellings a command is checked in.
 */
export function compileDeny(pattern: string): RegExp {
  if (pattern.startsWith('re:')) return new RegExp(`^(?:${pattern.slice(3)})$`, 'i');
  return glob(pattern, '.*', 'si');
}

/**
 * The spellings a deny pattern is matched against: the command as typed, and with the characters shells use
 * to split a word without changing it (quotes, backslashes, PowerShell backticks, cmd carets) removed and
 * runs of spaces made one, so `re''boot` and `rm  -rf /` are caught.
 */
export function denyForms(command: string): string[] {
  const bare = command.replace(/['"\\`^]/g, '').replace(/\s+/g, ' ');
  return bare === command ? [command] : [command, bare];
}

/** A glob over any text (`safe`: an allow pattern); alert routes match label values with it. */
export function compilePattern(pattern: string, options: { safe: boolean }): RegExp {
  if (options.safe) return compileAllow(pattern);
  if (pattern.startsWith('re:')) return new RegExp(`^(?:${pattern.slice(3)})$`, 's');
  return glob(pattern, '.*', 's');
}

/** A working-directory pattern: literal, `*` standing for one path segment. */
export function compileCwd(pattern: string): RegExp {
  return glob(pattern, `[${SEGMENT}]+`, '');
}

/** A `..` segment would climb out of any allowed directory. */
export function climbs(path: string): boolean {
  return path.split(/[\\/]/).includes('..');
}

/** Intent patterns: `rport.*` covers `rport.run`; `*` covers everything. */
export function matchesIntent(pattern: string, intent: string): boolean {
  if (pattern === '*' || pattern === intent) return true;
  return pattern.endsWith('.*') && intent.startsWith(pattern.slice(0, -1));
}
