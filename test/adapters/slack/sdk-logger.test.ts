import { describe, expect, it } from 'vitest';
import { createSdkLogger, scrubSdkMessage } from '../../../adapters/slack/sdk-logger.ts';
import { captureLogs } from '../../helpers/log-capture.ts';

describe('the Slack SDK logger', () => {
  it('cuts the payload off SDK lines, which pino cannot redact inside a string', () => {
    expect(scrubSdkMessage('http request body: {"channel":"C1","text":"key 1234567"}')).toBe(
      'http request body: [payload omitted]',
    );
    expect(scrubSdkMessage('Received a message on the WebSocket: [1,2]')).toBe(
      'Received a message on the WebSocket: [payload omitted]',
    );
    expect(scrubSdkMessage("apiCall('chat.postEphemeral') start")).toBe(
      "apiCall('chat.postEphemeral') start",
    );
  });

  it('never writes a payload to the log, whatever the SDK passes', () => {
    const { log, text } = captureLogs('trace');
    const sdk = createSdkLogger(log);
    sdk.debug('http request body:', { blocks: [{ text: 'short_key 7654321' }] });
    sdk.debug(`http request result: ${JSON.stringify({ ok: true, message: { text: '7654321' } })}`);
    sdk.warn(new Error('ratelimited'));
    expect(text()).not.toContain('7654321');
    expect(text()).toContain('ratelimited');
  });
});
