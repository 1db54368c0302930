import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { holds } from '../helpers/codes.ts';
import { describeBrowser, launchBrowser } from './browser.ts';
import { type ExampleSite, serveExamples } from './example-app.ts';
import { maskedPhone, OtpPage, postedPaths } from './otp-page.ts';

const cooldownMs = 5_000;
const storageKey = 'descope-otp-flow';

const fakeWebOtp = () => {
  const calls = { requests: 0, aborted: 0, deliver: (_code: string) => {} };
  Object.assign(window, { OTPCredential: class OTPCredential {}, webOtpCalls: calls });
  navigator.credentials.get = (options?: CredentialRequestOptions & { otp?: unknown }) =>
    new Promise((resolve, reject) => {
      if (!options?.otp) return reject(new Error('Only OTP requests are expected'));
      calls.requests++;
      calls.deliver = (code) => resolve({ id: '', type: 'otp', code } as unknown as Credential);
      options.signal?.addEventListener('abort', () => {
        calls.aborted++;
        reject(new DOMException('Aborted', 'AbortError'));
      });
    });
};

interface WebOtpCalls {
  requests: number;
  aborted: number;
  deliver(code: string): void;
}

const webOtpCalls = (otp: OtpPage) =>
  otp.page.evaluate(() => {
    const { requests, aborted } = (window as unknown as { webOtpCalls: WebOtpCalls }).webOtpCalls;
    return { requests, aborted };
  });

describeBrowser('vanilla example in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  let site: ExampleSite;
  let phoneNumber = 0;

  beforeAll(async () => {
    [browser, server, site] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer(),
      serveExamples(['vanilla']),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), site?.close()]);
  });

  const nextPhone = () => `+1628555${String(++phoneNumber).padStart(4, '0')}`;
  const pageUrl = () => site.url('vanilla', { baseUrl: server.url, projectId: server.projectId, cooldownMs });

  async function withVanilla(run: (otp: OtpPage) => Promise<void>, setup?: () => void): Promise<void> {
    const otp = await OtpPage.open(browser, pageUrl(), setup);
    try {
      await run(otp);
    } finally {
      await otp.close();
    }
  }

  const storedFlow = (otp: OtpPage) => otp.page.evaluate((key) => sessionStorage.getItem(key), storageKey);

  it('keeps the flow across a reload and finishes it with the code sent before', () =>
    withVanilla(async (otp) => {
      const phone = nextPhone();
      await otp.sendCode(phone);
      const code = server.lastCode(phone)!;
      const stored = await storedFlow(otp);
      expect(stored).toContain('"awaitingCode.valid"');
      expect(holds(stored ?? '', code)).toBe(false);

      await otp.page.reload();
      await otp.waitForStatus('awaitingCode');
      expect(await otp.text('masked-destination')).toBe(maskedPhone(phone));
      expect(await otp.text('resend-countdown')).toBe('You can get a new code in 5 s.');
      await otp.fastForward(cooldownMs);
      await otp.waitForHidden('resend-countdown');
      expect(await otp.byTestId('resend').isEnabled()).toBe(true);

      await otp.submitCode(code);
      await otp.waitForStatus('authenticated');
      expect(await otp.text('user-id')).toBe(server.findUser(phone)!.userId);
      expect(postedPaths(server, phone)).toEqual(['/v1/auth/otp/signup-in/sms', '/v1/auth/otp/verify/sms']);
      expect(await storedFlow(otp)).toBeNull();
    }));

  it('starts afresh when the stored flow is garbage', () =>
    withVanilla(async (otp) => {
      await otp.page.evaluate(
        (key) => sessionStorage.setItem(key, '{"format":"something else"}'),
        storageKey,
      );
      await otp.page.reload();
      await otp.waitForStatus('idle');
      expect(await otp.byTestId('error').isVisible()).toBe(false);
      expect(JSON.parse((await storedFlow(otp)) ?? 'null')).toMatchObject({ state: 'idle' });
    }));

  it('fills and submits an SMS code with WebOTP where the browser offers it', () =>
    withVanilla(async (otp) => {
      const phone = nextPhone();
      await otp.sendCode(phone);
      await otp.page.waitForFunction(
        () => (window as unknown as { webOtpCalls: WebOtpCalls }).webOtpCalls.requests === 1,
      );

      const code = server.lastCode(phone)!;
      await otp.page.evaluate(
        (received) => (window as unknown as { webOtpCalls: WebOtpCalls }).webOtpCalls.deliver(received),
        code,
      );
      await otp.waitForStatus('authenticated');
      expect(postedPaths(server, phone)).toEqual(['/v1/auth/otp/signup-in/sms', '/v1/auth/otp/verify/sms']);
    }, fakeWebOtp));

  it('aborts the WebOTP request when the flow leaves the SMS code', () =>
    withVanilla(async (otp) => {
      const phone = nextPhone();
      await otp.sendCode(phone);
      await otp.page.waitForFunction(
        () => (window as unknown as { webOtpCalls: WebOtpCalls }).webOtpCalls.requests === 1,
      );

      await otp.fastForward(cooldownMs);
      await otp.byTestId('resend-voice').click();
      await otp.waitForText('channel', 'voice call');
      expect(await webOtpCalls(otp)).toEqual({ requests: 1, aborted: 1 });

      await otp.byTestId('reset').click();
      await otp.waitForStatus('idle');
      expect(await webOtpCalls(otp)).toEqual({ requests: 1, aborted: 1 });
    }, fakeWebOtp));
});
