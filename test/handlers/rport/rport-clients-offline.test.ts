import { afterEach, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack-harness.ts';

describe('rport clients --offline', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('lists only the clients rport sees as disconnected, asking rport to filter them', async () => {
    h = await startSlackHarness();
    h.rport.setClientOnline('fra-web-02', false);
    const ack = await h.slash('rport clients --offline');
    expect(ack.body).toContain('Offline rport clients');
    expect(ack.body).toContain('web-02');
    expect(ack.body).not.toContain('web-01');
    const list = h.rport.calls.find((c) => c.method === 'GET' && c.path === '/clients');
    expect(list?.query['filter[connection_state]']).toBe('disconnected');
  });

  it('still lists every client without it', async () => {
    h = await startSlackHarness();
    h.rport.setClientOnline('fra-web-02', false);
    const ack = await h.slash('rport clients');
    expect(ack.body).toContain('web-01');
    expect(ack.body).toContain('web-02');
  });
});
