import { verifySlackRequest as boltVerify } from '@slack/bolt';
import { VerificationError } from '../../src/errors.ts';

export interface SlackSignedRequest {
  signingSecret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** Injected clock (ms), for tests. */
  nowMs?: number;
}

/**
 * Slack's v0 request signature (HMAC-SHA256 of `v0:<timestamp>:<body>`), with Bolt's own check and its
 * five-minute window. Any failure is a VerificationError (HTTP 401), and the reason goes to the log only.
 */
export function verifySlackSignature(req: SlackSignedRequest): void {
  if (!req.signature || !req.timestamp) throw new VerificationError('Missing Slack signature headers.');
  const timestamp = Number(req.timestamp);
  if (!Number.isInteger(timestamp))
    throw new VerificationError('The Slack request timestamp is not a number.');
  try {
    boltVerify({
      signingSecret: req.signingSecret,
      body: req.rawBody,
      headers: { 'x-slack-signature': req.signature, 'x-slack-request-timestamp': timestamp },
      ...(req.nowMs !== undefined ? { nowMilliseconds: req.nowMs } : {}),
      logger: silentLogger,
    });
  } catch (err) {
    throw new VerificationError(`Slack request verification failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

const noop = () => undefined;
const silentLogger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  setLevel: noop,
  getLevel: () => 'error' as never,
  setName: noop,
};
