import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError, VendorError } from '../../src/errors.ts';
import { callVendor } from '../../src/vendors/http.ts';
import { createVendorLimits } from '../../src/vendors/vendor-limits.ts';

/** A vendor that holds every answer until the test lets it go, and counts how many it holds at once. */
async function startSlowVendor() {
  const held: ServerResponse[] = [];
  let most = 0;
  const server = createServer((_req, res) => {
    held.push(res);
    most = Math.max(most, held.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => held.length,
    most: () => most,
    answerAll() {
      for (const res of held.splice(0)) res.end('{"ok":true}');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const waitUntil = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('per-vendor call limits', () => {
  let vendor: Awaited<ReturnType<typeof startSlowVendor>> | undefined;
  afterEach(async () => {
    vendor?.answerAll();
    await vendor?.close();
  });

  it('runs at most VENDOR_CONCURRENCY calls, queues VENDOR_QUEUE more, and tells the next one it is busy', async () => {
    vendor = await startSlowVendor();
    const limits = createVendorLimits({ concurrency: 2, queue: 3 });
    const transport = { baseUrl: vendor.url, limits };
    const call = () => callVendor('rport', transport, { method: 'GET', path: '/x', operation: 'x' });

    const accepted = Array.from({ length: 5 }, call);
    await waitUntil(() => vendor!.held() === 2);
    expect(limits.load('rport')).toEqual({ inFlight: 2, waiting: 3 });

    const refused = await call().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(VendorError);
    expect(describeError(refused)).toBe(
      'rport is busy: 2 calls to it are already running and 3 waiting. Try again in a moment.',
    );
    // Another vendor has its own allowance.
    const other = callVendor('PM Cloud', transport, { method: 'GET', path: '/y', operation: 'y' });
    await waitUntil(() => vendor!.held() === 3);

    let finished = false;
    const all = Promise.all(accepted).then(() => {
      finished = true;
    });
    while (!finished) {
      vendor.answerAll();
      await new Promise((r) => setTimeout(r, 10));
    }
    await all;
    vendor.answerAll();
    await other;
    expect(vendor.most()).toBeLessThanOrEqual(3);
    expect(limits.load('rport')).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('gives the slot back when a call fails', async () => {
    const limits = createVendorLimits({ concurrency: 1, queue: 0 });
    const transport = { baseUrl: 'http://127.0.0.1:1', limits };
    const call = () => callVendor('rport', transport, { method: 'GET', path: '/x', operation: 'x' });
    await expect(call()).rejects.toThrow(/Could not reach rport/);
    await expect(call()).rejects.toThrow(/Could not reach rport/);
    expect(limits.load('rport')).toEqual({ inFlight: 0, waiting: 0 });
  });
});
