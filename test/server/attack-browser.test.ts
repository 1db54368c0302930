import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestServer } from '../../src/testing/index.ts';
import { describeBrowser } from '../e2e/browser.ts';
import { type CrossSite, html, startCrossSite } from '../e2e/cross-site.ts';

describeBrowser('attack from another site in Chromium: forms, sandboxed frames and CORS fetches', () => {
  let site: CrossSite;
  let browser: Browser;
  let descope: TestServer;
  let appUrl: string;
  let attackerUrl: string;
  const reached: { method: string; status: number; origin: string | null; site: string | null }[] = [];

  beforeAll(async () => {
    site = await startCrossSite({
      onAnswer: (request, response) => {
        if (!new URL(request.url).pathname.startsWith('/otp/')) return;
        reached.push({
          method: request.method,
          status: response.status,
          origin: request.headers.get('origin'),
          site: request.headers.get('sec-fetch-site'),
        });
      },
    });
    ({ browser, descope, appUrl, attackerUrl } = site);
  }, 120_000);

  afterAll(() => site?.close());

  async function submitForm(page: Page, form: string) {
    site.attackerPage = html(form);
    await page.goto(attackerUrl);
    await Promise.all([
      page.waitForURL(`${appUrl}/otp/start`),
      page.evaluate(() => (document.getElementById('csrf') as HTMLFormElement).submit()),
    ]);
    return page.textContent('body');
  }

  it('refuses multipart and urlencoded form posts, a sandboxed frame, a CORS JSON fetch and a no-cors fetch; sends nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const victim = 'victim@example.com';
    const before = descope.requests.length;
    reached.length = 0;
    const field = `<input type="hidden" name="loginId" value="${victim}">`;
    for (const enctype of ['multipart/form-data', 'application/x-www-form-urlencoded']) {
      const form = `<form id="csrf" method="POST" enctype="${enctype}" action="${appUrl}/otp/start">${field}</form>`;
      expect(await submitForm(page, form), enctype).toContain('forbiddenOrigin');
    }

    site.attackerPage = html(
      `<iframe sandbox="allow-forms allow-scripts" srcdoc='<form id="csrf" method="POST" enctype="text/plain" action="${appUrl}/otp/start"><input name="{&quot;loginId&quot;:&quot;${victim}&quot;,&quot;x&quot;:&quot;" value="&quot;}"></form><script>document.getElementById("csrf").submit()</script>'></iframe>`,
    );
    await page.goto(attackerUrl);
    await expect.poll(() => reached.length, { timeout: 20_000 }).toBe(3);

    site.attackerPage = html('<p>nothing to see</p>');
    await page.goto(attackerUrl);
    const outcome = await page.evaluate(
      async ({ target, loginId }) => {
        try {
          await fetch(target, {
            method: 'POST',
            mode: 'cors',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ loginId }),
          });
          return 'answered';
        } catch {
          return 'blocked';
        }
      },
      { target: `${appUrl}/otp/start`, loginId: victim },
    );
    expect(outcome).toBe('blocked');
    const opaque = await page.evaluate(
      async ({ target, loginId }) => {
        const response = await fetch(target, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ loginId }),
        });
        return response.type;
      },
      { target: `${appUrl}/otp/start`, loginId: victim },
    );
    expect(opaque).toBe('opaque');

    expect(reached.slice(0, 3)).toEqual([
      { method: 'POST', status: 403, origin: attackerUrl, site: 'cross-site' },
      { method: 'POST', status: 403, origin: attackerUrl, site: 'cross-site' },
      { method: 'POST', status: 403, origin: 'null', site: 'cross-site' },
    ]);
    expect(reached.slice(3)).toEqual([
      { method: 'OPTIONS', status: 405, origin: attackerUrl, site: 'cross-site' },
      { method: 'POST', status: 403, origin: attackerUrl, site: 'cross-site' },
    ]);
    expect(descope.requests.slice(before)).toEqual([]);
    expect(descope.lastCode(victim)).toBeUndefined();
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
