import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { OtpStatus } from '../../src/index.ts';
import type { TestServer } from '../../src/testing/index.ts';

/** Where screenshots go (git-ignored). */
export const artifactsDir = new URL('../../test-results/', import.meta.url);

const waitMs = 10_000;

/** An example page in its own browser context, with Playwright's fake clock installed. */
export class OtpPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** A fresh context and page; `setup` runs in the page before its scripts, on every load. */
  static async create(browser: Browser, setup?: () => void): Promise<OtpPage> {
    const context = await browser.newContext({ viewport: { width: 560, height: 720 } });
    context.setDefaultTimeout(waitMs);
    await context.clock.install();
    if (setup) await context.addInitScript(setup);
    return new OtpPage(context, await context.newPage());
  }

  /** Creates a page and loads `url` in it. */
  static async open(browser: Browser, url: string, setup?: () => void): Promise<OtpPage> {
    const otp = await OtpPage.create(browser, setup);
    await otp.load(url);
    return otp;
  }

  /**
   * Loads `url` afresh (with empty `sessionStorage`), waits for the start screen and pauses the page's
   * clock: from then on, time moves only with `fastForward`.
   */
  async load(url: string): Promise<void> {
    if (this.page.url().startsWith('http')) await this.page.evaluate(() => sessionStorage.clear());
    await this.page.goto(url);
    await this.waitForStatus('idle');
    await this.page.clock.pauseAt((await this.page.evaluate(() => Date.now())) + 1_000);
  }

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async text(id: string): Promise<string> {
    return ((await this.byTestId(id).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async waitForStatus(status: OtpStatus): Promise<void> {
    await this.page.locator(`[data-testid="status"][data-status="${status}"]`).waitFor();
  }

  async waitForText(id: string, text: string | RegExp): Promise<void> {
    await this.byTestId(id).filter({ hasText: text }).waitFor();
  }

  async waitForHidden(id: string): Promise<void> {
    await this.byTestId(id).waitFor({ state: 'hidden' });
  }

  /** Fills the start form and clicks Send, without waiting for the outcome. */
  async requestCode(loginId: string, channel: 'sms' | 'voice' = 'sms'): Promise<void> {
    await this.byTestId('login-id').fill(loginId);
    await this.byTestId(`channel-${channel}`).check();
    await this.byTestId('send').click();
  }

  /** Sends a code and waits until it is awaited. */
  async sendCode(loginId: string, channel: 'sms' | 'voice' = 'sms'): Promise<void> {
    await this.requestCode(loginId, channel);
    await this.waitForStatus('awaitingCode');
  }

  async submitCode(code: string): Promise<void> {
    await this.byTestId('code').fill(code);
    await this.byTestId('submit-code').click();
  }

  /** Moves the page's clock forward, firing due timers (cooldowns, countdown ticks). */
  async fastForward(ms: number): Promise<void> {
    await this.page.clock.fastForward(ms);
  }

  async screenshot(name: string): Promise<void> {
    await mkdir(artifactsDir, { recursive: true });
    await this.page.screenshot({ path: new URL(`${name}.png`, artifactsDir).pathname, fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** The paths of the POST requests the server received for a login ID, oldest first. */
export const postedPaths = (server: TestServer, loginId: string): string[] =>
  server.requests
    .filter(
      (request) => request.method === 'POST' && (request.body as { loginId?: unknown })?.loginId === loginId,
    )
    .map((request) => request.path);

/** A code that differs from `code` in every digit. */
export const wrongCodeFor = (code: string): string =>
  [...code].map((digit) => String((Number(digit) + 1) % 10)).join('');

/** How the test server masks a phone number. */
export const maskedPhone = (phone: string): string => `+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`;
