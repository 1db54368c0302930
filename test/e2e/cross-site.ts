import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createOtpFlows, createOtpHandler, toNodeListener } from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { launchBrowser } from './browser.ts';

/** A whole HTML document around `body`. */
export const html = (body: string) =>
  `<!doctype html><html><head><title>page</title></head><body>${body}</body></html>`;

/** Chromium, the app (an OTP handler over a test server) on `localhost`, and an attacker's site on `127.0.0.1`. */
export interface CrossSite {
  readonly browser: Browser;
  readonly descope: TestServer;
  readonly appUrl: string;
  readonly attackerUrl: string;
  /** What the attacker's site answers on every path. */
  attackerPage: string;
  close(): Promise<void>;
}

export interface CrossSiteOptions {
  /** Called with every request the OTP handler answered and its answer. */
  onAnswer(request: Request, response: Response): void;
  /** When set, the app answers every path outside `/otp/` with this page instead of the handler. */
  appPage?: string;
}

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

/** Starts the browser, the test server, the app and the attacker's site; `close()` stops them all. */
export async function startCrossSite(options: CrossSiteOptions): Promise<CrossSite> {
  const [browser, descope] = await Promise.all([
    launchBrowser().then((launched) => launched!),
    createTestServer(),
  ]);
  let app: Server | undefined;
  let attacker: Server | undefined;
  const stop = () =>
    Promise.all([browser?.close(), descope?.close(), close(app), close(attacker)]).then(() => {});
  try {
    const flows = createOtpFlows({ input: { projectId: descope.projectId, baseUrl: descope.url } });
    const handler = createOtpHandler(flows, { refreshCookie: { secure: false } });
    const listener = toNodeListener(async (request) => {
      const response = await handler(request);
      options.onAnswer(request, response);
      return response;
    });
    const { appPage } = options;
    let appPort: number;
    [app, appPort] = await listen((req, res) => {
      if (appPage === undefined || req.url?.startsWith('/otp/')) return listener(req, res);
      res.writeHead(200, { 'content-type': 'text/html' }).end(appPage);
    });
    let attackerPage = '';
    let attackerPort: number;
    [attacker, attackerPort] = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage);
    });
    return {
      browser,
      descope,
      appUrl: `http://localhost:${appPort}`,
      attackerUrl: `http://127.0.0.1:${attackerPort}`,
      get attackerPage() {
        return attackerPage;
      },
      set attackerPage(page: string) {
        attackerPage = page;
      },
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
