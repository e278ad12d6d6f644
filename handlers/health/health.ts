import { z } from 'zod';
import { defineIntent } from '../../src/intents/intent.ts';
import type { HandlerDeps } from '../deps.ts';
import { healthView } from './health-view.ts';
import { probeVendors } from './probe-vendors.ts';

/**
 * `health`: whether each configured vendor answers, and Remote Support's own report per appliance. It has no
 * `requires`: it works with any subset of vendors configured and lists the others as not configured.
 */
export function healthIntents(deps: HandlerDeps) {
  return [
    defineIntent({
      name: 'health',
      summary: 'check every configured vendor and the Remote Support appliances',
      syntax: { words: ['health'], usage: 'health' },
      input: z.object({}),
      permission: 'health',
      async handle(_input, ctx) {
        const health = await probeVendors(deps.vendors, { log: ctx.log });
        return { visibility: 'private', view: healthView(health, ctx.now()) };
      },
    }),
  ];
}
