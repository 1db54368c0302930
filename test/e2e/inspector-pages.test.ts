import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type LocalInspector, startLocalInspector } from '../../src/inspector/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { until } from '../helpers/wait.ts';
import { leaks } from '../inspect/flows.ts';
import { describeBrowser, launchBrowser } from './browser.ts';
import { type ExampleSite, serveExamples } from './example-app.ts';
import { OtpPage, wrongCodeFor } from './otp-page.ts';

const phone = '+14155550188';
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

const eventCount = (viewer: Page) => viewer.locator('#events li').count();

describeBrowser('an example page streaming to the local inspector', () => {
  let browser: Browser;
  let server: TestServer;
  let inspector: LocalInspector;
  let site: ExampleSite;

  beforeAll(async () => {
    [browser, server, inspector, site] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer(),
      startLocalInspector(),
      serveExamples(['vanilla']),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), inspector?.close(), site?.close()]);
  });

  it('shows the page flow live in the viewer, with no code and no token', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await viewer.goto(inspector.url);
    await viewer.locator('#status[data-status="open"]').waitFor();
    await viewer.locator('.state[data-id="otp.awaitingCode.valid"]').waitFor();

    const otp = await OtpPage.create(browser);
    const sockets: string[] = [];
    const tokens: string[] = [];
    const frames: string[] = [];
    otp.page.on('websocket', (socket) => {
      sockets.push(socket.url());
      socket.on('framesent', (frame) => frames.push(String(frame.payload)));
    });
    otp.page.on('response', async (response) => {
      if (!response.url().includes('/v1/auth/otp/verify/')) return;
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      for (const key of ['sessionJwt', 'refreshJwt']) {
        if (typeof body[key] === 'string') tokens.push(body[key]);
      }
    });
    await otp.load(
      site.url('vanilla', {
        inspect: inspector.sourceUrl,
        baseUrl: server.url,
        projectId: server.projectId,
        cooldownMs: 1_000,
      }),
    );
    await viewer.locator('.state.active[data-id="otp.idle"]').waitFor();
    expect(sockets).toEqual([inspector.sourceUrl]);

    await otp.sendCode(phone);
    await viewer.locator('.state.active[data-id="otp.awaitingCode.valid"]').waitFor();
    await viewer.locator('#events li[data-type="SEND"]').waitFor();
    const afterSend = await eventCount(viewer);
    expect(afterSend).toBeGreaterThan(0);

    const code = server.lastCode(phone)!;
    const wrong = wrongCodeFor(code);
    await otp.submitCode(wrong);
    await otp.waitForText('error', /.+/);
    await otp.submitCode(code);
    await otp.waitForStatus('authenticated');

    await viewer.locator('.state.active[data-id="otp.authenticated"]').waitFor();
    await expect.poll(() => viewer.locator('#state').textContent()).toBe('authenticated');
    await expect.poll(() => eventCount(viewer)).toBeGreaterThan(afterSend);
    const types = await viewer
      .locator('#events li')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.type));
    expect(types).toEqual(expect.arrayContaining(['SEND', 'SUBMIT_CODE']));
    expect(await viewer.locator('#context').textContent()).toContain('"maskedDestination"');

    await viewer.locator('#all-events').check();
    await viewer.locator('#events li details').evaluateAll((items) => {
      for (const details of items) details.setAttribute('open', '');
    });
    expect(tokens.length).toBeGreaterThan(0);
    const secrets = { codes: [...server.deliveries.map((delivery) => delivery.code), wrong], tokens };
    expect(frames.length).toBeGreaterThan(afterSend);
    expect(leaks(frames.join('\n'), secrets)).toEqual([]);
    expect(frames.join('\n')).toContain('"code":"[redacted]"');
    expect(leaks(await viewer.content(), secrets)).toEqual([]);
    expect(leaks(await viewer.locator('body').innerText(), secrets)).toEqual([]);

    mkdirSync(new URL('../../test-results/', import.meta.url), { recursive: true });
    await viewer.screenshot({
      path: new URL('../../test-results/inspector-page.png', import.meta.url).pathname,
    });
    await Promise.all([viewer.close(), otp.close()]);
  });
});

describe('the local inspector source socket', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const start = async () => {
    const inspector = await startLocalInspector();
    cleanups.push(() => inspector.close());
    return inspector;
  };

  const open = (url: string, origin?: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url, origin === undefined ? {} : { origin });
      cleanups.push(() => socket.terminate());
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });

  it('refuses a source whose Origin is not a loopback page, and accepts a local process (no Origin)', async () => {
    const inspector = await start();
    for (const origin of ['https://attacker.example', 'http://127.0.0.1.attacker.example:5173', 'null']) {
      await expect(open(inspector.sourceUrl, origin)).rejects.toThrow();
    }
    await expect(open(inspector.sourceUrl)).resolves.toBeInstanceOf(WebSocket);
    await expect(open(inspector.sourceUrl, 'http://localhost:5173')).resolves.toBeInstanceOf(WebSocket);
    await expect(open(inspector.sourceUrl, 'http://[::1]:5173')).resolves.toBeInstanceOf(WebSocket);
  });

  it('redacts what a source sends again before the viewer gets it', async () => {
    const inspector = await start();
    const viewer = await open(`${inspector.url.replace('http', 'ws')}ws`);
    const received: string[] = [];
    viewer.on('message', (data) => received.push(String(data)));
    const source = await open(inspector.sourceUrl, 'http://127.0.0.1:5173');
    source.send('not json');
    source.send(JSON.stringify({ type: 'unknown', code: '123456' }));
    source.send(
      JSON.stringify({
        type: '@xstate.event',
        rootId: 'x:0',
        actorRef: { id: 'x:0', sessionId: 'x:0' },
        event: { type: 'SUBMIT_CODE', code: '123456', note: `Bearer ${jwt}` },
      }),
    );
    await until(() => received.some((message) => message.includes('SUBMIT_CODE')));
    const inspections = received.filter((message) => message.includes('"inspection"'));
    expect(inspections).toHaveLength(1);
    expect(JSON.parse(inspections[0]!).event.event).toEqual({
      type: 'SUBMIT_CODE',
      code: '[redacted]',
      note: 'Bearer [redacted]',
    });
    expect(received.join('\n')).not.toMatch(/123456|eyJ/);
  });
});
