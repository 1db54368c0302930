import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestServer } from '../../src/testing/index.ts';
import { cookieJar, postJson } from '../helpers/http.ts';
import { describeBrowser } from './browser.ts';
import { type CrossSite, html, startCrossSite } from './cross-site.ts';

describeBrowser('login CSRF in Chromium: another site cannot sign the browser in or start flows', () => {
  let site: CrossSite;
  let browser: Browser;
  let descope: TestServer;
  let appUrl: string;
  let attackerUrl: string;
  const answered: { route: string; status: number }[] = [];

  beforeAll(async () => {
    site = await startCrossSite({
      appPage: html('<h1>The app</h1>'),
      onAnswer: (request, response) => {
        answered.push({ route: new URL(request.url).pathname, status: response.status });
      },
    });
    ({ browser, descope, appUrl, attackerUrl } = site);
  }, 120_000);

  afterAll(() => site?.close());

  it('refuses a text/plain form POST to verify and a no-cors start from another site; the app still signs in', async () => {
    const own = cookieJar();
    const attackerLogin = 'attacker@example.com';
    const started = await postJson(`${appUrl}/otp/start`, { loginId: attackerLogin }, own);
    const { flowId } = (await started.json()) as { flowId: string };
    const code = descope.lastCode(attackerLogin) ?? '';
    expect(code).toMatch(/^\d{6}$/);

    const context = await browser.newContext();
    const page = await context.newPage();
    const victim = 'victim@example.com';
    const sentBefore = descope.requests.length;
    answered.length = 0;

    const name = JSON.stringify({ flowId, code, x: '' }).slice(0, -2);
    site.attackerPage = html(
      `<form id="csrf" method="POST" enctype="text/plain" action="${appUrl}/otp/verify">` +
        `<input type="hidden" name='${name}' value='"}'></form>`,
    );
    await page.goto(attackerUrl);
    await Promise.all([
      page.waitForURL(`${appUrl}/otp/verify`),
      page.evaluate(() => (document.getElementById('csrf') as HTMLFormElement).submit()),
    ]);
    expect(await page.textContent('body')).toContain('forbiddenOrigin');

    site.attackerPage = html('<p>nothing to see</p>');
    await page.goto(attackerUrl);
    const outcome = await page.evaluate(
      async ({ target, loginId }) => {
        const response = await fetch(target, {
          mode: 'no-cors',
          method: 'POST',
          body: JSON.stringify({ loginId }),
        });
        return response.type;
      },
      { target: `${appUrl}/otp/start`, loginId: victim },
    );
    expect(outcome).toBe('opaque');

    expect(answered).toEqual([
      { route: '/otp/verify', status: 403 },
      { route: '/otp/start', status: 403 },
    ]);
    expect(descope.requests.slice(sentBefore)).toEqual([]);
    expect(descope.lastCode(victim)).toBeUndefined();
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual([]);

    await page.goto(appUrl);
    const signIn = (route: string, body: object) =>
      page.evaluate(
        async ({ route, body }) => {
          const response = await fetch(`/otp/${route}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: await response.json() };
        },
        { route, body },
      );
    const mine = await signIn('start', { loginId: victim });
    expect(mine).toMatchObject({ status: 200, body: { status: 'awaitingCode' } });
    const verified = await signIn('verify', { flowId: mine.body.flowId, code: descope.lastCode(victim) });
    expect(verified).toMatchObject({
      status: 200,
      body: { status: 'authenticated', session: { user: { email: victim } } },
    });
    const names = (await context.cookies()).map((cookie) => cookie.name).sort();
    expect(names).toEqual(['DSR', 'otp-flow']);
    await context.close();
  });
});
