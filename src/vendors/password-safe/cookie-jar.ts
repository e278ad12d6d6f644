/**
 * The cookies of one Password Safe sign-in. Password Safe keeps its session in a cookie (ASP.NET, likely
 * `ASP.NET_SessionId`, NOTES §4.1) that every later call must send back; any other cookie it sets (a load
 * balancer's affinity cookie, say) goes back too. Only `name=value` is kept: every call goes to the one
 * configured base URL, so domain and path attributes do not choose between cookies here.
 */
export interface CookieJar {
  /** Take in the `Set-Cookie` header(s) of a response; a cookie set to expire is dropped. */
  absorb(setCookie: string | string[] | undefined): void;
  /** The `Cookie` request header value, or `''` when the jar is empty. */
  header(): string;
  readonly size: number;
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    absorb(setCookie) {
      for (const line of toLines(setCookie)) {
        const parsed = parseSetCookie(line);
        if (!parsed) continue;
        if (parsed.expired) cookies.delete(parsed.name);
        else cookies.set(parsed.name, parsed.value);
      }
    },
    header() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    get size() {
      return cookies.size;
    },
  };
}

function toLines(setCookie: string | string[] | undefined): string[] {
  if (setCookie === undefined) return [];
  return Array.isArray(setCookie) ? setCookie : [setCookie];
}

/** `name=value; Path=/; Max-Age=0; …` → its name, value and whether it asks to be removed. */
export function parseSetCookie(
  line: string,
  now = Date.now(),
): { name: string; value: string; expired: boolean } | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let expired = value === '';
  for (const attribute of attributes) {
    const [key = '', raw = ''] = attribute.split('=', 2).map((s) => s.trim());
    const lower = key.toLowerCase();
    if (lower === 'max-age' && Number(raw) <= 0) expired = true;
    if (lower === 'expires') {
      const at = Date.parse(raw);
      if (!Number.isNaN(at) && at <= now) expired = true;
    }
  }
  return { name, value, expired };
}
