import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOtpFlows, createOtpHandler, toNodeListener } from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { describeBrowser, launchBrowser } from '../e2e/browser.ts';

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

describeBrowser('attack from another site in Chromium: forms, sandboxed frames and CORS fetches', () => {
  let browser: Browser;
  let descope: TestServer;
  let app: Server;
  let attacker: Server;
  let appUrl: string;
  let attackerUrl: string;
  let attackerPage = '';
  const reached: { method: string; status: number; origin: string | null; site: string | null }[] = [];

  beforeAll(async () => {
    [browser, descope] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer(),
    ]);
    const flows = createOtpFlows({ input: { projectId: descope.projectId, baseUrl: descope.url } });
    const handler = createOtpHandler(flows, { refreshCookie: { secure: false } });
    const listener = toNodeListener(async (request) => {
      const response = await handler(request);
      if (!new URL(request.url).pathname.startsWith('/otp/')) return response;
      reached.push({
        method: request.method,
        status: response.status,
        origin: request.headers.get('origin'),
        site: request.headers.get('sec-fetch-site'),
      });
      return response;
    });
    let appPort: number;
    [app, appPort] = await listen(listener);
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

  async function submitForm(page: Page, form: string) {
    attackerPage = html(form);
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

    attackerPage = html(
      `<iframe sandbox="allow-forms allow-scripts" srcdoc='<form id="csrf" method="POST" enctype="text/plain" action="${appUrl}/otp/start"><input name="{&quot;loginId&quot;:&quot;${victim}&quot;,&quot;x&quot;:&quot;" value="&quot;}"></form><script>document.getElementById("csrf").submit()</script>'></iframe>`,
    );
    await page.goto(attackerUrl);
    await expect.poll(() => reached.length, { timeout: 20_000 }).toBe(3);

    attackerPage = html('<p>nothing to see</p>');
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
