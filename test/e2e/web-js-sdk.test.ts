import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { describeBrowser, launchBrowser } from './browser.ts';

const MANAGEMENT_KEY = 'K2-browser-management-key';
const sdkBundle = join(
  dirname(createRequire(import.meta.url).resolve('@descope/web-js-sdk')),
  '..',
  'index.umd.js',
);
const page =
  '<!doctype html><html><head><script src="/web-js-sdk.js"></script></head><body>web-js-sdk</body></html>';

const servePage = async (): Promise<{ url: string; close: () => Promise<void> }> => {
  const bundle = readFileSync(sdkBundle, 'utf8');
  const site: Server = createServer((req, res) => {
    const script = req.url === '/web-js-sdk.js';
    res.writeHead(200, {
      'content-type': script ? 'text/javascript' : 'text/html',
      'cache-control': 'no-store',
    });
    res.end(script ? bundle : page);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const { port } = site.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => site.close(() => resolve())),
  };
};

interface SdkAnswer {
  ok: boolean;
  code?: number;
  data?: Record<string, unknown>;
}

interface WebSdk {
  otp: {
    signUpOrIn: { email(loginId: string): Promise<SdkAnswer> };
    verify: { email(loginId: string, code: string): Promise<SdkAnswer> };
  };
  refresh(): Promise<SdkAnswer>;
  me(): Promise<SdkAnswer>;
  logout(): Promise<SdkAnswer>;
  getSessionToken(): string;
  getRefreshToken(): string;
}

type PageWindow = Window & { Descope: (config: object) => WebSdk; sdk: WebSdk };

describeBrowser('@descope/web-js-sdk in Chromium against the test server', () => {
  let browser: Browser;
  let server: TestServer;
  let site: Awaited<ReturnType<typeof servePage>>;

  beforeAll(async () => {
    [browser, server, site] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer({ managementKey: MANAGEMENT_KEY }),
      servePage(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), site?.close()]);
  });

  const openSdk = async (): Promise<Page> => {
    const tab = await browser.newPage();
    await tab.goto(site.url);
    await tab.evaluate(
      ({ projectId, baseUrl }) => {
        const win = window as unknown as PageWindow;
        win.sdk = win.Descope({ projectId, baseUrl, persistTokens: true, autoRefresh: false });
      },
      { projectId: server.projectId, baseUrl: server.url },
    );
    return tab;
  };

  it('signs in over OTP, keeps the tokens, refreshes and answers me', async () => {
    const tab = await openSdk();
    try {
      const loginId = 'browser@example.com';
      const sent = await tab.evaluate(
        (id) => (window as unknown as PageWindow).sdk.otp.signUpOrIn.email(id),
        loginId,
      );
      expect(sent).toMatchObject({ ok: true, data: { maskedEmail: 'br*****@example.com' } });
      const code = server.lastCode(loginId)!;
      const verified = await tab.evaluate(
        ([id, otp]) => (window as unknown as PageWindow).sdk.otp.verify.email(id, otp),
        [loginId, code] as const,
      );
      expect(verified.ok).toBe(true);
      const stored = await tab.evaluate(() => {
        const { sdk } = window as unknown as PageWindow;
        return {
          session: sdk.getSessionToken(),
          refresh: sdk.getRefreshToken(),
          DSR: localStorage.getItem('DSR'),
        };
      });
      expect(stored).toEqual({
        session: verified.data!.sessionJwt,
        refresh: verified.data!.refreshJwt,
        DSR: verified.data!.refreshJwt,
      });

      const refreshed = await tab.evaluate(() => (window as unknown as PageWindow).sdk.refresh());
      expect(refreshed).toMatchObject({ ok: true, data: { sessionJwt: expect.any(String) } });
      expect(await tab.evaluate(() => (window as unknown as PageWindow).sdk.getSessionToken())).toBe(
        refreshed.data!.sessionJwt,
      );
      const me = await tab.evaluate(() => (window as unknown as PageWindow).sdk.me());
      expect(me).toMatchObject({
        ok: true,
        data: { loginIds: [loginId], email: loginId, verifiedEmail: true },
      });

      const refreshCall = server.requests.filter((request) => request.path === '/v1/auth/refresh').at(-1)!;
      expect(refreshCall.headers).toMatchObject({
        authorization: `Bearer ${server.projectId}:${stored.refresh}`,
        'x-descope-sdk-name': 'web-js',
        origin: new URL(site.url).origin,
      });
      expect(
        server.requests.some((request) => request.method === 'OPTIONS' && request.path === '/v1/auth/me'),
      ).toBe(true);

      expect((await tab.evaluate(() => (window as unknown as PageWindow).sdk.logout())).ok).toBe(true);
      const after = await tab.evaluate(() => {
        const { sdk } = window as unknown as PageWindow;
        return { session: sdk.getSessionToken(), refresh: sdk.getRefreshToken() };
      });
      expect(after).toEqual({ session: '', refresh: '' });
    } finally {
      await tab.close();
    }
  });

  it('clears its tokens when the server refuses a revoked refresh JWT', async () => {
    const tab = await openSdk();
    try {
      const { refreshJwt } = await server.issueSession('revoked@example.com');
      await tab.evaluate((token) => localStorage.setItem('DSR', token), refreshJwt);
      const me = await tab.evaluate(() => (window as unknown as PageWindow).sdk.me());
      expect(me).toMatchObject({ ok: true, data: { loginIds: ['revoked@example.com'] } });
      const logoutAll = await fetch(`${server.url}/v1/auth/logoutall`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.projectId}:${refreshJwt}` },
      });
      expect(logoutAll.status).toBe(200);
      const refused = await tab.evaluate(() => (window as unknown as PageWindow).sdk.refresh());
      expect(refused).toMatchObject({ ok: false, code: 401 });
      expect(await tab.evaluate(() => (window as unknown as PageWindow).sdk.getRefreshToken())).toBe('');
    } finally {
      await tab.close();
    }
  });

  it('answers cross-origin GET and DELETE calls with credentials from the page', async () => {
    const tab = await openSdk();
    try {
      const auth = `Bearer ${server.projectId}:${MANAGEMENT_KEY}`;
      await fetch(`${server.url}/v1/mgmt/user/create/test`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ loginId: 'page-tester@example.com' }),
      });
      const statuses = await tab.evaluate(
        async ({ baseUrl, projectId, authorization }) => {
          const call = (method: string, path: string) =>
            fetch(`${baseUrl}${path}`, {
              method,
              credentials: 'include',
              headers: { authorization, 'x-descope-sdk-name': 'web-js', 'x-descope-project-id': projectId },
            }).then((response) => response.status);
          return [
            await call('GET', `/v2/keys/${projectId}`),
            await call('DELETE', '/v1/mgmt/user/test/delete/all'),
          ];
        },
        { baseUrl: server.url, projectId: server.projectId, authorization: auth },
      );
      expect(statuses).toEqual([200, 200]);
      expect(server.findUser('page-tester@example.com')).toBeUndefined();
    } finally {
      await tab.close();
    }
  });
});
