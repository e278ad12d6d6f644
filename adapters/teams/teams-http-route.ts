import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../../src/log.ts';
import { header, type Route, sendJson, sendText } from '../http/routes.ts';
import { type ActivityGateSettings, checkActivity } from './check-activity.ts';

/**
 * CloudAdapter with its turn entry point reachable from our own HTTP server. `process()` expects an
 * express-like request and response; our server has already read the body, so the route hands botbuilder
 * the parsed activity and the Authorization header, and writes the answer itself.
 */
export class GatehouseCloudAdapter extends CloudAdapter {
  runTurn(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

function parseActivity(body: Buffer): Activity | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return typeof (parsed as { type?: unknown }).type === 'string' ? (parsed as Activity) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POST /api/messages: the activity gate first (403 for another tenant, channel or service URL: nothing of
 * it is stored or called), then botbuilder verifies the Bot Framework JWT (401 when it does not check out,
 * before any of our code runs), runs the turn, and the invoke's answer (if any) becomes the HTTP response.
 */
export function teamsRoute(
  adapter: GatehouseCloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
  log: Logger,
  gate: ActivityGateSettings,
): Route {
  return {
    method: 'POST',
    path: '/api/messages',
    handle: async (req, res, body) => {
      const activity = parseActivity(body);
      if (!activity) {
        sendJson(res, 400, { error: 'the body is not a Bot Framework activity' });
        return;
      }
      const verdict = checkActivity(activity, gate);
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason }, 'refused a Teams activity');
        sendJson(res, 403, { error: 'forbidden' });
        return;
      }
      let turnStarted = false;
      try {
        const answer = await adapter.runTurn(
          header(req, 'authorization') ?? '',
          activity,
          async (context) => {
            turnStarted = true;
            await logic(context);
          },
        );
        if (answer?.body !== undefined) sendJson(res, answer.status, answer.body);
        else sendText(res, answer?.status ?? 200, '');
      } catch (err) {
        if (!turnStarted) {
          // Authentication happens before the turn: a missing or bad token, or keys that cannot be fetched.
          log.warn({ reason: (err as Error).message }, 'rejected a Bot Framework request');
          sendJson(res, 401, { error: 'unauthorized' });
          return;
        }
        log.error({ err }, 'Teams turn failed');
        sendJson(res, 500, { error: 'internal error' });
      }
    },
  };
}
