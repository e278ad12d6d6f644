import { z } from 'zod';
import type { RportCall } from './rport-call.ts';

/** Who the API token is, and what it may do (for `doctor`; changes nothing). */
export interface RportAccess {
  username: string;
  groups: string[];
  /** Members of Administrators may do everything, including the Plus alerting routes. */
  admin: boolean;
  /** The group permission `commands`, when rportd has group permissions enabled. */
  commandsPermission?: boolean;
  /** The scope of the token in use (`read`, `read+write`, `clients-auth`), when rportd lists it. */
  tokenScope?: string;
}

const meWire = z.looseObject({
  data: z.looseObject({
    username: z.string(),
    groups: z.array(z.string()).nullish(),
    group_permissions_enabled: z.boolean().nullish(),
    effective_user_permissions: z.looseObject({ commands: z.boolean().nullish() }).nullish(),
  }),
});

const tokensWire = z.looseObject({
  data: z.array(z.looseObject({ prefix: z.string(), scope: z.string().nullish() })).nullish(),
});

/**
 * `GET /me` (user, groups, effective permissions; rport-openapi.yaml `UserGet`) and `GET /me/tokens` (each
 * token's prefix and scope, NOTES §1.2): the token in use is the one whose prefix starts RPORT_TOKEN.
 */
export async function readRportAccess(call: RportCall, token: string): Promise<RportAccess> {
  const me = await call(
    { method: 'GET', path: '/me', operation: 'me.get', action: 'read its own user' },
    meWire,
  );
  const tokens = await call(
    { method: 'GET', path: '/me/tokens', operation: 'me.tokens', action: 'list its API tokens' },
    tokensWire,
  );
  const prefix = token.split('_')[0];
  const mine = (tokens.data ?? []).find((t) => t.prefix === prefix);
  const groups = me.data.groups ?? [];
  const commands = me.data.group_permissions_enabled
    ? me.data.effective_user_permissions?.commands
    : undefined;
  return {
    username: me.data.username,
    groups,
    admin: groups.includes('Administrators'),
    ...(typeof commands === 'boolean' ? { commandsPermission: commands } : {}),
    ...(mine?.scope ? { tokenScope: mine.scope } : {}),
  };
}
