import { BadInputError } from '../../src/errors.ts';
import { levenshtein } from '../../src/intents/tokenize.ts';
import type { RportApi, RportClient } from '../../src/vendors/rport/index.ts';

/**
 * `web-01,db-01` (client ids or names), `group:<id>`, `tag:<tag>` → the clients they stand for, each once.
 * What is shown on the card and authorized by the policy is this exact list of clients.
 */
export async function resolveTargets(rport: RportApi, spec: string): Promise<RportClient[]> {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new BadInputError('Name at least one target: a client id or name, group:<id> or tag:<tag>.');
  const all = await rport.listAllClients();
  const found = new Map<string, RportClient>();
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower.startsWith('group:')) {
      const group = await rport.getClientGroup(part.slice(6));
      const members = all.filter((c) => group.clientIds?.includes(c.id) || c.groups.includes(group.id));
      if (members.length === 0) throw new BadInputError(`Client group "${group.id}" has no clients.`);
      for (const c of members) found.set(c.id, c);
    } else if (lower.startsWith('tag:')) {
      const tag = part.slice(4);
      const tagged = all.filter((c) => c.tags.some((t) => t.toLowerCase() === tag.toLowerCase()));
      if (tagged.length === 0) throw new BadInputError(`No rport client carries the tag "${tag}".`);
      for (const c of tagged) found.set(c.id, c);
    } else {
      const client =
        all.find((c) => c.id === part) ??
        all.find((c) => c.name.toLowerCase() === lower) ??
        all.find((c) => c.hostname.toLowerCase() === lower);
      if (!client) throw new BadInputError(`There is no rport client "${part}".${suggest(part, all)}`);
      found.set(client.id, client);
    }
  }
  return [...found.values()];
}

function suggest(target: string, all: RportClient[]): string {
  const close = all
    .flatMap((c) => [c.name, c.id])
    .map((name) => ({ name, d: levenshtein(target.toLowerCase(), name.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(target.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.name);
  return close.length ? ` Did you mean ${[...new Set(close)].join(', ')}?` : ' `rport clients` lists them.';
}
