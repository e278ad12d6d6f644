import { z } from 'zod';
import { defineIntent } from '../../src/intents/intent.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { accessDetailsView, accessListLine } from './access-details.ts';
import { loadAccessState } from './access-state.ts';

/** More than this many are summarized, newest first: a chat message is not a report. */
const LIST_LIMIT = 50;

/** `access list [--all]` and `access show <id>`, shown privately. */
export function accessQueryIntents(deps: HandlerDeps) {
  const pmc = () => deps.vendors.pmCloud!;
  const access = () => deps.policy.policy.access;
  return [
    defineIntent({
      name: 'access.list',
      summary: 'list PM Cloud admin access requests waiting for a decision (--all: decided ones too)',
      syntax: { words: ['access', 'list'], flags: { all: 'boolean' }, usage: 'access list [--all]' },
      input: z.object({ all: z.boolean().default(false) }),
      permission: 'access.list',
      requires: SYSTEMS.pmCloud,
      async handle({ all }, ctx) {
        const requests = all
          ? await pmc().listAdminAccessRequests()
          : await pmc().listPendingAdminAccessRequests();
        const newest = [...requests]
          .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
          .slice(0, LIST_LIMIT);
        const now = ctx.now();
        const items = await Promise.all(
          newest.map(async (r) =>
            accessListLine(r, await loadAccessState(deps.store, r.id), { access: access(), now }),
          ),
        );
        const what = all ? 'admin access requests' : 'admin access requests waiting for a decision';
        const more = requests.length > newest.length ? ` Showing the newest ${newest.length}.` : '';
        return {
          visibility: 'private',
          view: {
            title: all ? 'Admin access requests' : 'Pending admin access requests',
            state: 'info',
            summary: `${requests.length} ${what}`,
            blocks: [
              { type: 'list', items: items.length ? items : [`No ${what}.`] },
              {
                type: 'context',
                text: `${requests.length} ${what}.${more} Details: access show <id>.`,
              },
            ],
          },
        };
      },
    }),
    defineIntent({
      name: 'access.show',
      summary: 'show one PM Cloud admin access request',
      syntax: { words: ['access', 'show'], args: [{ name: 'id' }], usage: 'access show <id>' },
      input: z.object({
        id: z.string({ error: 'give the request id: access show <id>' }).min(1).max(100),
      }),
      permission: 'access.show',
      requires: SYSTEMS.pmCloud,
      async handle({ id }, ctx) {
        const request = await pmc().getAdminAccessRequest(id);
        const state = await loadAccessState(deps.store, request.id);
        return {
          visibility: 'private',
          view: accessDetailsView(request, state, { access: access(), now: ctx.now() }),
        };
      },
    }),
  ];
}
