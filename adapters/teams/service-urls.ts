/**
 * Microsoft's documented Teams service URLs (the connector a bot replies to), public and sovereign clouds:
 * public `https://smba.trafficmanager.net/<region>/`, GCC, GCC High and DoD (Microsoft 365 Agents SDK
 * `TeamsServiceEndpoints`). The whole host is allowed: Teams names a regional path (`/amer/`, `/emea/`, …).
 * TEAMS_SERVICE_URLS replaces the list (a local fake connector, another sovereign cloud).
 */
export const DEFAULT_TEAMS_SERVICE_URLS: readonly string[] = [
  'https://smba.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
  'https://smba.infra.gov.teams.microsoft.us/',
  'https://smba.infra.dod.teams.microsoft.us/',
];

interface Allowed {
  origin: string;
  path: string;
}

function parse(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    if (parsed.username || parsed.password) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

const withSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);

/**
 * A predicate over service URLs: true only for a URL with the same scheme, host and port as an allowed
 * entry and a path at or under the entry's path. Anything unparsable, with credentials, or elsewhere is
 * refused, so neither a forged activity nor a stored reference can point the bot's signed calls elsewhere.
 */
export function createServiceUrlCheck(urls: readonly string[] = DEFAULT_TEAMS_SERVICE_URLS) {
  const allowed: Allowed[] = urls.flatMap((u) => {
    const parsed = parse(u);
    return parsed ? [{ origin: parsed.origin, path: withSlash(parsed.pathname) }] : [];
  });
  return function isAllowedServiceUrl(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== 'string') return false;
    const parsed = parse(serviceUrl);
    if (!parsed) return false;
    const path = withSlash(parsed.pathname);
    return allowed.some((a) => a.origin === parsed.origin && path.startsWith(a.path));
  };
}

export type ServiceUrlCheck = ReturnType<typeof createServiceUrlCheck>;
