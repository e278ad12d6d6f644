import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { AlertService } from '../../handlers/alerts/alert-service.ts';
import type { AlertInput } from '../../handlers/alerts/alert-types.ts';
import { GatehouseError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { header, type Route, sendJson } from '../http/routes.ts';
import { alertWebhookSchema, describeIssue } from './alert-webhook-schema.ts';
import { alertmanagerSchema, mapAlertmanager } from './map-alertmanager.ts';
import { type Answer, createDeliveryMemory } from './remember-deliveries.ts';
import { hasBearerToken, verifyAlertSignature } from './verify-alert-request.ts';

export interface AlertRoutesOptions {
  alerts: Pick<AlertService, 'ingest'>;
  /** ALERT_WEBHOOK_SECRET: signs both routes. */
  secret: string;
  /** ALERT_BEARER_TOKEN: also accepted on /alerts/alertmanager (Alertmanager cannot sign). */
  bearerToken?: string;
  log: Logger;
  /** Where deliveries are remembered for the signature window, so a repeat is answered and counted once. */
  store: Pick<Store, 'claim' | 'releaseClaim' | 'get' | 'set'>;
  /** Clock in ms, for tests. */
  now?: () => number;
}

/**
 * `POST /alerts` (our JSON, HMAC-signed) and `POST /alerts/alertmanager` (Alertmanager webhook v4, signed or
 * with the bearer token). Transport only: verify (401), parse and validate (400 naming the field), then hand
 * each alert to the alert service and answer 202 once it is recorded.
 */
export function createAlertRoutes(options: AlertRoutesOptions): Route[] {
  const { alerts, secret, bearerToken, log } = options;
  const once = createDeliveryMemory(options.store);

  function authorized(req: IncomingMessage, rawBody: string, allowBearer: boolean): boolean {
    const authorization = header(req, 'authorization');
    if (allowBearer && bearerToken && authorization) return hasBearerToken(authorization, bearerToken);
    try {
      verifyAlertSignature({
        secret,
        rawBody,
        timestamp: header(req, 'x-gatehouse-timestamp'),
        signature: header(req, 'x-gatehouse-signature'),
        ...(options.now ? { nowMs: options.now() } : {}),
      });
      return true;
    } catch (err) {
      log.warn({ reason: (err as Error).message, path: req.url }, 'rejected an alert request');
      return false;
    }
  }

  /** The validated body, or the 400 answer. */
  function readBody<S extends z.ZodType>(rawBody: string, schema: S): { data: z.infer<S> } | Answer {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { status: 400, body: { error: 'the body is not JSON' } };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return { status: 400, body: { error: describeIssue(parsed.error) } };
    return { data: parsed.data };
  }

  /** Each alert handed to the service; 202 with what `shape` makes of the accepted ones, or 503. */
  async function record(
    inputs: AlertInput[],
    shape: (accepted: Awaited<ReturnType<AlertRoutesOptions['alerts']['ingest']>>[]) => unknown,
  ): Promise<Answer> {
    try {
      const accepted = [];
      for (const input of inputs) accepted.push(await alerts.ingest(input));
      return { status: 202, body: shape(accepted) };
    } catch (err) {
      log.error({ err }, 'could not record an alert');
      const message =
        err instanceof GatehouseError ? err.message : 'the alert could not be recorded; try again';
      return { status: 503, body: { error: message } };
    }
  }

  /** Parse, record and answer, once per delivery (see remember-deliveries.ts). */
  async function deliver(
    req: IncomingMessage,
    res: ServerResponse,
    o: { rawBody: string; allowBearer: boolean },
    work: () => Promise<Answer>,
  ): Promise<void> {
    const byBearer = o.allowBearer && !!bearerToken && !!header(req, 'authorization');
    const timestamp = byBearer ? undefined : header(req, 'x-gatehouse-timestamp');
    const path = (req.url ?? '').split('?')[0]!;
    const answer = await once({ path, rawBody: o.rawBody, ...(timestamp ? { timestamp } : {}) }, work);
    sendJson(res, answer.status, answer.body);
  }

  return [
    {
      method: 'POST',
      path: '/alerts',
      async handle(req, res, body) {
        const rawBody = body.toString('utf8');
        if (!authorized(req, rawBody, false)) return sendJson(res, 401, { error: 'invalid signature' });
        await deliver(req, res, { rawBody, allowBearer: false }, async () => {
          const alert = readBody(rawBody, alertWebhookSchema);
          if ('status' in alert) return alert;
          return record([alert.data], (accepted) => accepted[0]);
        });
      },
    },
    {
      method: 'POST',
      path: '/alerts/alertmanager',
      async handle(req, res, body) {
        const rawBody = body.toString('utf8');
        if (!authorized(req, rawBody, true))
          return sendJson(res, 401, { error: 'invalid signature or bearer token' });
        await deliver(req, res, { rawBody, allowBearer: true }, async () => {
          const payload = readBody(rawBody, alertmanagerSchema);
          if ('status' in payload) return payload;
          return record(mapAlertmanager(payload.data), (accepted) => ({
            ids: accepted.map((a) => a.id),
            alerts: accepted,
          }));
        });
      },
    },
  ];
}
