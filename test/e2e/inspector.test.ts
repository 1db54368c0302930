import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalInspector, startLocalInspector } from '../../src/inspector/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { leaks, secretsOf, updateEmailFlow, wrongCodeAndResendFlow } from '../inspect/flows.ts';
import { describeBrowser, launchBrowser } from './browser.ts';

const phone = '+14155550177';

const recordTexts = () => {
  const seen: Record<string, string[]> = { state: [], session: [] };
  for (const id of Object.keys(seen)) {
    const node = document.getElementById(id)!;
    new MutationObserver(() => seen[id]!.push(node.textContent ?? '')).observe(node, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  }
  Object.assign(window, { seenTexts: seen });
};

const seenTexts = (page: Page) =>
  page.evaluate(() => (window as unknown as { seenTexts: { state: string[]; session: string[] } }).seenTexts);

describeBrowser('the local inspector page in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  let inspector: LocalInspector;

  beforeAll(async () => {
    [browser, server, inspector] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer({ users: [{ loginId: phone, phone }] }),
      startLocalInspector(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), inspector?.close()]);
  });

  it('follows a flow live: draws the chart, moves the active state, lists events, shows no secret', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(inspector.url.slice(0, -1))) external.push(request.url());
    });
    await page.goto(inspector.url);
    await page.locator('#status[data-status="open"]').waitFor();
    await page.locator('.state[data-id="otp.awaitingCode.valid"]').waitFor();
    await page.evaluate(recordTexts);
    expect(await page.locator('#events li').count()).toBe(0);

    server.fault({ kind: 'delay', delayMs: 150, times: Number.POSITIVE_INFINITY });
    const flow = await wrongCodeAndResendFlow(server, inspector.inspect, phone);

    await page.locator('.state.active[data-id="otp.authenticated"]').waitFor();
    await expect.poll(() => page.locator('#state').textContent()).toBe('authenticated');
    const { state: seen, session } = await seenTexts(page);
    expect(seen).toEqual(
      expect.arrayContaining(['idle', 'sending', '{"awaitingCode":"valid"}', 'verifying', 'authenticated']),
    );
    expect(seen.indexOf('sending')).toBeLessThan(seen.lastIndexOf('authenticated'));
    expect(session).toContain('actor x:0 · active · error: wrongCode');
    const types = await page
      .locator('#events li:not([hidden])')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.type));
    expect(types).toEqual(
      expect.arrayContaining(['SEND', 'SUBMIT_CODE', 'RESEND', 'xstate.done.actor.verifyCode']),
    );
    expect(await page.locator('.state.active').count()).toBe(1);
    expect(await page.locator('#context').textContent()).toContain('"generation": 2');

    await expect.poll(() => page.locator('#event-count').textContent()).toMatch(/^\d+ of \d+ events shown$/);
    await page.locator('#all-events').check();
    const detailed = await page.locator('#events li:not([hidden])').count();
    expect(detailed).toBeGreaterThan(types.length);
    expect(await page.locator('#event-count').textContent()).toBe(`${detailed} of ${detailed} events shown`);
    await page.locator('#events li[data-type="SUBMIT_CODE"] button').first().click();
    await expect.poll(() => page.locator('#event').textContent()).toContain('"code": "[redacted]"');

    const secrets = secretsOf(server, [flow]);
    expect(leaks(await page.content(), secrets)).toEqual([]);
    expect(leaks(await page.locator('body').innerText(), secrets)).toEqual([]);
    expect(external).toEqual([]);

    mkdirSync(new URL('../../test-results/', import.meta.url), { recursive: true });
    await page.screenshot({ path: new URL('../../test-results/inspector.png', import.meta.url).pathname });
    await page.close();
  });

  it('catches up a page opened after a flow, including a second machine run', async () => {
    await updateEmailFlow(server, inspector.inspect, 'late@example.com');
    const page = await browser.newPage();
    await page.goto(inspector.url);
    await page.locator('.state.active[data-id="otp.authenticated"]').waitFor();
    const flows = page.locator('#flows button[data-flow]');
    await expect.poll(() => flows.count()).toBeGreaterThanOrEqual(3);
    for (const flow of await flows.all()) {
      await flow.click();
      expect(await page.locator('#events li[data-type="SEND"]').count()).toBe(1);
    }
    const secrets = secretsOf(server, []);
    expect(leaks(await page.content(), secrets)).toEqual([]);
    await page.close();
  });
});
