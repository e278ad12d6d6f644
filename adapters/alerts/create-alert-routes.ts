import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { AlertService } from '../../handlers/alerts/alert-service.ts';
import type { AlertInput } from '../../handlers/alerts/alert-types.ts';
import { GatehouseError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import { header, type Route, sendJson } from '../http/routes.ts';
import { alertWebhookSchema, describeIssue } from './alert-webhook-schema.ts';
import { alertmanagerSchema, mapAlertmanager } from './map-alertmanager.ts';
import { hasBearerToken, verifyAlertSignature } from './verify-alert-request.ts';

export interface AlertRoutesOptions {
  alerts: Pick<AlertService, 'ingest'>;
  /** ALERT_WEBHOOK_SECRET: signs both routes. */
  secret: string;
  /** ALERT_BEARER_TOKEN: also accepted on /alerts/alertmanager (Alertmanager cannot sign). */
  bearerToken?: string;
  log: Logger;
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

  /** The validated body, or undefined once a 400 has been sent. */
  function readBody<S extends z.ZodType>(
    res: ServerResponse,
    rawBody: string,
    schema: S,
  ): z.infer<S> | undefined {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      sendJson(res, 400, { error: 'the body is not JSON' });
      return undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      sendJson(res, 400, { error: describeIssue(parsed.error) });
      return undefined;
    }
    return parsed.data;
  }

  async function record(res: ServerResponse, inputs: AlertInput[]) {
    try {
      const accepted = [];
      for (const input of inputs) accepted.push(await alerts.ingest(input));
      return accepted;
    } catch (err) {
      log.error({ err }, 'could not record an alert');
      const message =
        err instanceof GatehouseError ? err.message : 'the alert could not be recorded; try again';
      sendJson(res, 503, { error: message });
      return undefined;
    }
  }

  return [
    {
      method: 'POST',
      path: '/alerts',
      async handle(req, res, body) {
        const rawBody = body.toString('utf8');
        if (!authorized(req, rawBody, false)) return sendJson(res, 401, { error: 'invalid signature' });
        const alert = readBody(res, rawBody, alertWebhookSchema);
        if (!alert) return;
        const accepted = await record(res, [alert]);
        if (accepted) sendJson(res, 202, accepted[0]);
      },
    },
    {
      method: 'POST',
      path: '/alerts/alertmanager',
      async handle(req, res, body) {
        const rawBody = body.toString('utf8');
        if (!authorized(req, rawBody, true))
          return sendJson(res, 401, { error: 'invalid signature or bearer token' });
        const payload = readBody(res, rawBody, alertmanagerSchema);
        if (!payload) return;
        const accepted = await record(res, mapAlertmanager(payload));
        if (accepted) sendJson(res, 202, { ids: accepted.map((a) => a.id), alerts: accepted });
      },
    },
  ];
}
