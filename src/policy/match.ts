/** Shell control characters a plain `*` never matches, so `uptime*` cannot allow `uptime; rm -rf /`. */
const CONTROL = ';&|`$()<>\\n\\r';

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compile a policy pattern. `re:<regex>` is a regex over the whole text; otherwise a glob where `*` matches
 * any run of characters (without shell control characters when `safe`) and everything else is literal.
 */
export function compilePattern(pattern: string, options: { safe: boolean }): RegExp {
  if (pattern.startsWith('re:')) return new RegExp(`^(?:${pattern.slice(3)})$`, 's');
  const star = options.safe ? `[^${CONTROL}]*` : '.*';
  const body = pattern.split('*').map(escapeRegex).join(star);
  return new RegExp(`^${body}$`, options.safe ? '' : 's');
}

/** Intent patterns: `rport.*` covers `rport.run`; `*` covers everything. */
export function matchesIntent(pattern: string, intent: string): boolean {
  if (pattern === '*' || pattern === intent) return true;
  return pattern.endsWith('.*') && intent.startsWith(pattern.slice(0, -1));
}
