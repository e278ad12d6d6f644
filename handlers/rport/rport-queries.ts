import { z } from 'zod';
import { BadInputError } from '../../src/errors.ts';
import { defineIntent } from '../../src/intents/intent.ts';
import type { Job } from '../../src/vendors/rport/index.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { clientLine, jobView } from './rport-views.ts';
import { fetchJobs, type Started } from './watch-jobs.ts';

const LIST_LIMIT = 50;

/** `rport clients [filter]` and `rport job <id>`. */
export function rportQueryIntents(deps: HandlerDeps) {
  const rport = () => deps.vendors.rport!;
  return [
    defineIntent({
      name: 'rport.clients',
      summary: 'list rport clients and whether they are online',
      syntax: {
        words: ['rport', 'clients'],
        args: [{ name: 'filter', rest: true }],
        flags: { offline: 'boolean' },
        usage: 'rport clients [--offline] [filter]',
      },
      input: z.object({ filter: z.string().max(200).optional(), offline: z.boolean().optional() }),
      permission: 'rport.clients',
      requires: SYSTEMS.rport,
      async handle({ filter, offline }) {
        const { clients, total } = await rport().listClients({
          ...(filter ? { search: filter } : {}),
          // --offline: only the clients rport sees as disconnected (rport filters them server-side).
          ...(offline ? { filter: { connection_state: 'disconnected' } } : {}),
          sort: 'name',
          limit: LIST_LIMIT,
        });
        const online = clients.filter((c) => c.connectionState === 'connected').length;
        const more =
          total > clients.length ? ` Showing ${clients.length} of ${total}; narrow it with a filter.` : '';
        return {
          visibility: 'private',
          view: {
            title: `${offline ? 'Offline rport clients' : 'rport clients'}${filter ? ` matching "${filter}"` : ''}`,
            state: 'info',
            summary: `${total} clients, ${online} of those shown online`,
            blocks: [
              { type: 'list', items: clients.length ? clients.map(clientLine) : ['No client matches.'] },
              { type: 'context', text: `${online} of ${clients.length} shown are online.${more}` },
            ],
          },
        };
      },
    }),
    defineIntent({
      name: 'rport.job',
      summary: 'show an rport job started from chat',
      syntax: {
        words: ['rport', 'job'],
        args: [{ name: 'jid' }, { name: 'client' }],
        usage: 'rport job <id> [client]',
      },
      input: z.object({
        jid: z.string({ error: 'give the job id' }).min(1).max(100),
        client: z.string().max(200).optional(),
      }),
      permission: 'rport.job',
      requires: SYSTEMS.rport,
      async handle({ jid, client }) {
        // Only jobs Gatehouse started (rport-confirm remembers them): rport has others, run by anyone.
        const started = await deps.store.get<Started>(`rport:job:${jid}`);
        const otherClient = started?.kind === 'single' && client && client !== started.clientId;
        if (!started || otherClient)
          throw new BadInputError(
            `Job ${jid} was not started through Gatehouse${otherClient ? ` on ${client}` : ''}; Gatehouse shows only the jobs it started.`,
          );
        const jobs: Job[] = await fetchJobs(rport(), started);
        return { visibility: 'private', view: jobView(jobs, jid) };
      },
    }),
  ];
}
