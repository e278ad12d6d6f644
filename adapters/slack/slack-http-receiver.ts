import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { GatehouseError } from '../../src/errors.ts';
import { type Logger, withEventId } from '../../src/log.ts';
import { header, type Route, sendJson, sendText } from '../http/routes.ts';
import { parseSlackBody } from './parse-slack-body.ts';
import { verifySlackSignature } from './verify-slack-request.ts';

/** The id Slack gives this delivery: an Events API event id, else an interaction's or command's trigger id. */
function slackEventId(body: Record<string, unknown>): string | undefined {
  for (const id of [body.event_id, body.trigger_id]) if (typeof id === 'string' && id) return id;
  return undefined;
}

/** A slash command's form fields and the ack that answers its HTTP request. */
export type CommandHandler = (
  body: Record<string, unknown>,
  ack: (response?: unknown) => Promise<void>,
) => Promise<void>;

/** Slack wants an answer within 3 s; if a listener has not acked by then, we ack empty ourselves. */
const ACK_DEADLINE_MS = 2500;

/**
 * Bolt's transport seam for HTTP mode, mounted on Gatehouse's own server at POST /slack/events. It
 * verifies the signature (401), parses the body (400), answers url_verification, then hands the event to
 * Bolt with an `ack` that writes the HTTP response.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private command: { name: string; handler: CommandHandler } | undefined;

  constructor(
    private readonly options: { signingSecret: string; log: Logger; now?: () => number; path?: string },
  ) {}

  /**
   * Slash commands go straight to this handler instead of through Bolt's listener chain: the receiver has
   * already verified and parsed them, the handler needs only the body and the ack, and walking every
   * listener's matchers cost more than the rest of a `help` turn (issue 13). Socket Mode still delivers
   * commands through Bolt to the same handler.
   */
  onCommand(name: string, handler: CommandHandler): void {
    this.command = { name, handler };
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  route(): Route {
    return {
      method: 'POST',
      path: this.options.path ?? '/slack/events',
      handle: async (req, res, body) => {
        const rawBody = body.toString('utf8');
        let parsed: Record<string, unknown>;
        try {
          verifySlackSignature({
            signingSecret: this.options.signingSecret,
            rawBody,
            signature: header(req, 'x-slack-signature'),
            timestamp: header(req, 'x-slack-request-timestamp'),
            nowMs: this.options.now?.(),
          });
          parsed = parseSlackBody(rawBody, header(req, 'content-type'));
        } catch (err) {
          const code = err instanceof GatehouseError ? err.code : 'internal';
          const status = code === 'verification' ? 401 : 400;
          this.options.log.warn({ reason: (err as Error).message, status }, 'rejected a Slack request');
          sendJson(res, status, { error: status === 401 ? 'invalid signature' : 'malformed request' });
          return;
        }
        if (parsed.type === 'url_verification' && typeof parsed.challenge === 'string') {
          sendJson(res, 200, { challenge: parsed.challenge });
          return;
        }
        if (!this.app) {
          sendJson(res, 503, { error: 'not ready' });
          return;
        }
        // The same event id the turn's lines carry (the turn runner derives it from the same fields).
        const eventId = slackEventId(parsed);
        const log = this.options.log;
        let acked = false;
        const respond = (response?: unknown) => {
          if (acked) return;
          acked = true;
          clearTimeout(timer);
          if (response === undefined || response === '') sendText(res, 200, '');
          else if (typeof response === 'string') sendText(res, 200, response);
          else sendJson(res, 200, response);
        };
        const timer = setTimeout(() => {
          log.warn({ type: parsed.type, eventId }, 'no ack within the Slack deadline; acked empty');
          respond();
        }, ACK_DEADLINE_MS);
        const retry = header(req, 'x-slack-retry-num');
        const event: ReceiverEvent = {
          body: parsed,
          ack: async (response?: unknown) => respond(response),
          ...(retry
            ? { retryNum: Number(retry), retryReason: header(req, 'x-slack-retry-reason') ?? '' }
            : {}),
        };
        // Work after the ack goes on without holding the HTTP response; listeners catch their own errors.
        const command =
          this.command && parsed.command === this.command.name ? this.command.handler : undefined;
        const process = () =>
          (command ? command(parsed, event.ack) : this.app!.processEvent(event)).catch((err: unknown) => {
            log.error({ err }, 'Slack event processing failed');
            respond();
          });
        if (eventId) withEventId(eventId, process);
        else process();
      },
    };
  }
}
