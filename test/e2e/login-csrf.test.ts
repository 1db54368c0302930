import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOtpFlows, createOtpHandler, toNodeListener } from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { cookieJar, postJson } from '../helpers/http.ts';
import { describeBrowser, launchBrowser } from './browser.ts';

const html = (body: string) =>
  `<!doctype html><html><head><title>page</title></head><body>${body}</body></html>`;

async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<[Server, number]> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, (server.address() as AddressInfo).port];
}

const close = (server?: Server) =>
  new Promise((resolve) => {
    server?.closeAllConnections();
    server ? server.close(resolve) : resolve(undefined);
  });

describeBrowser('login CSRF in Chromium: another site cannot sign the browser in or start flows', () => {
  let browser: Browser;
  let descope: TestServer;
  let app: Server;
  let attacker: Server;
  let appUrl: string;
  let attackerUrl: string;
  let attackerPage = '';
  const answered: { route: string; status: number }[] = [];

  beforeAll(async () => {
    [browser, descope] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer(),
    ]);
    const flows = createOtpFlows({ input: { projectId: descope.projectId, baseUrl: descope.url } });
    const handler = createOtpHandler(flows, { refreshCookie: { secure: false } });
    const listener = toNodeListener(async (request) => {
      const response = await handler(request);
      answered.push({ route: new URL(request.url).pathname, status: response.status });
      return response;
    });
    let appPort: number;
    [app, appPort] = await listen((req, res) => {
      if (req.url?.startsWith('/otp/')) return listener(req, res);
      res.writeHead(200, { 'content-type': 'text/html' }).end(html('<h1>The app</h1>'));
    });
    appUrl = `http://localhost:${appPort}`;
    let attackerPort: number;
    [attacker, attackerPort] = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage);
    });
    attackerUrl = `http://127.0.0.1:${attackerPort}`;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), descope?.close(), close(app), close(attacker)]);
  });

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
    attackerPage = html(
      `<form id="csrf" method="POST" enctype="text/plain" action="${appUrl}/otp/verify">` +
        `<input type="hidden" name='${name}' value='"}'></form>`,
    );
    await page.goto(attackerUrl);
    await Promise.all([
      page.waitForURL(`${appUrl}/otp/verify`),
      page.evaluate(() => (document.getElementById('csrf') as HTMLFormElement).submit()),
    ]);
    expect(await page.textContent('body')).toContain('forbiddenOrigin');

    attackerPage = html('<p>nothing to see</p>');
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
