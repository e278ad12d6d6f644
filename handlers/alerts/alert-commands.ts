import { z } from 'zod';
import { defineIntent, type IntentContext, privateNotice } from '../../src/intents/intent.ts';
import type { AlertRoute } from '../../src/policy/policy-schema.ts';
import { noticeView } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { routeTargets } from './alert-routing.ts';
import { alertLine } from './alert-views.ts';

/** Open alerts listed at most; the rest are counted. */
const LIST_LIMIT = 30;

/** `alerts`, `subscribe <route>`, `unsubscribe [route]`. */
export function alertCommandIntents(deps: HandlerDeps) {
  const service = () => deps.alerts;
  const routes = () => deps.policy.policy.alerts.routes;
  const routeNames = () =>
    routes()
      .map((r) => r.name)
      .join(', ') || 'none';

  /** The channel this conversation is, when Gatehouse can post alerts there. */
  function channelOf(ctx: IntentContext) {
    const { platform, id } = ctx.conversation;
    return ctx.messengers[platform] && !ctx.conversation.direct ? { platform, channel: id } : undefined;
  }

  return [
    defineIntent({
      name: 'alerts.list',
      summary: 'list the open alerts',
      syntax: { words: ['alerts'], usage: 'alerts' },
      input: z.object({}),
      permission: 'alerts.list',
      async handle(_input, ctx) {
        const open = await service().listOpen();
        const now = ctx.now();
        const shown = open.slice(0, LIST_LIMIT).map((r) => alertLine(r, now));
        const more = open.length > shown.length ? [`… and ${open.length - shown.length} more`] : [];
        return {
          visibility: 'private',
          view: {
            title: 'Open alerts',
            state: open.length ? 'warning' : 'success',
            summary: open.length ? `${open.length} open alerts` : 'No alert is open.',
            blocks: [{ type: 'list', items: shown.length ? [...shown, ...more] : ['No alert is open.'] }],
          },
        };
      },
    }),

    defineIntent({
      name: 'subscribe',
      summary: 'send the alerts of a route to this channel',
      syntax: { words: ['subscribe'], args: [{ name: 'route' }], usage: 'subscribe <route>' },
      input: z.object({
        route: z.string({ error: 'name the alert route: subscribe <route>' }).min(1).max(100),
      }),
      permission: 'subscribe',
      async handle({ route }, ctx) {
        const target = channelOf(ctx);
        if (!target)
          return privateNotice(
            'Not here',
            'Subscribe from a channel Gatehouse posts in, not from a direct message.',
          );
        if (!routes().some((r) => r.name === route))
          return privateNotice(
            'Unknown route',
            `There is no alert route "${route}". Routes: ${routeNames()}.`,
          );
        await service().subscriptions.subscribe(route, target);
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'subscribe',
          targets: [`${target.platform}:${target.channel}`],
          decision: 'subscribed',
          result: 'ok',
          detail: `route ${route}`,
        });
        const text = `This channel now gets the alerts of route ${route} (subscribed by ${ctx.actor.name}); alerts that open from now on are posted here.`;
        return { visibility: 'channel', view: noticeView('Subscribed', text, 'success') };
      },
    }),

    defineIntent({
      name: 'unsubscribe',
      summary: 'stop sending alerts (of one route, or of all) to this channel',
      syntax: { words: ['unsubscribe'], args: [{ name: 'route' }], usage: 'unsubscribe [route]' },
      input: z.object({ route: z.string().min(1).max(100).optional() }),
      permission: 'unsubscribe',
      async handle({ route }, ctx) {
        const target = channelOf(ctx);
        if (!target)
          return privateNotice(
            'Not here',
            'Unsubscribe from a channel Gatehouse posts in, not from a direct message.',
          );
        if (route && !routes().some((r) => r.name === route))
          return privateNotice(
            'Unknown route',
            `There is no alert route "${route}". Routes: ${routeNames()}.`,
          );
        const subs = await service().subscriptions.read();
        const here = (r: AlertRoute) =>
          routeTargets(r, subs).some((t) => t.platform === target.platform && t.channel === target.channel);
        const names = route
          ? [route]
          : routes()
              .filter(here)
              .map((r) => r.name);
        if (names.length === 0) return privateNotice('Nothing to do', 'This channel gets no alerts.', 'info');
        for (const name of names) await service().subscriptions.unsubscribe(name, target);
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'unsubscribe',
          targets: [`${target.platform}:${target.channel}`],
          decision: 'unsubscribed',
          result: 'ok',
          detail: `routes ${names.join(', ')}`,
        });
        const text = `This channel no longer gets the alerts of ${names.length === 1 ? 'route' : 'routes'} ${names.join(', ')} (unsubscribed by ${ctx.actor.name}).`;
        return { visibility: 'channel', view: noticeView('Unsubscribed', text, 'info') };
      },
    }),
  ];
}
