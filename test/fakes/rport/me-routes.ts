import type { Route } from './route.ts';
import { isAdmin } from './types.ts';

/**
 * `GET /me` (UserGet: username, groups, effective permissions when group permissions are on) and
 * `GET /me/tokens` (prefix, scope of each of the user's tokens; NOTES §1.2).
 */
export const meRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/me$/,
    handle({ user }) {
      return {
        data: {
          username: user.user,
          groups: user.groups,
          two_fa_send_to: '',
          group_permissions_enabled: true,
          effective_user_permissions: { commands: isAdmin(user) || user.permissions.includes('commands') },
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/me\/tokens$/,
    handle({ user }) {
      const prefix = user.token.split('_')[0] ?? '';
      return {
        data: [
          {
            prefix,
            name: 'gatehouse',
            created_at: '2026-01-01T00:00:00Z',
            expires_at: null,
            scope: user.scope,
          },
        ],
      };
    },
  },
];
