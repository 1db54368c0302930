import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleNames } from '../../examples/vite.shared.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { describeBrowser, launchBrowser } from './browser.ts';
import { type ExampleSite, serveExamples } from './example-app.ts';
import { maskedPhone, OtpPage, postedPaths, wrongCodeFor } from './otp-page.ts';

const cooldownMs = 5_000;
const jwtPattern = /eyJ[\w-]+\.[\w-]+/;

describeBrowser('examples in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  let site: ExampleSite;
  let phoneNumber = 0;

  beforeAll(async () => {
    [browser, server, site] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer(),
      serveExamples(exampleNames),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), site?.close()]);
  });

  const nextPhone = () => `+1415555${String(++phoneNumber).padStart(4, '0')}`;

  beforeEach(() => server.clearFaults());

  describe.each(exampleNames)('%s', (name) => {
    let page: OtpPage;

    beforeAll(async () => {
      page = await OtpPage.create(browser);
    });

    afterAll(() => page?.close());

    async function withExample(run: (otp: OtpPage) => Promise<void>): Promise<void> {
      await page.load(site.url(name, { baseUrl: server.url, projectId: server.projectId, cooldownMs }));
      await run(page);
    }

    it('signs up by SMS and shows the user, not the token', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        expect(await otp.text('status')).toBe('Enter your phone number to get a code.');
        expect(await otp.byTestId('channel-sms').isChecked()).toBe(true);

        await otp.sendCode(phone);
        expect(await otp.text('masked-destination')).toBe(maskedPhone(phone));
        expect(await otp.text('channel')).toBe('text message');
        expect(await otp.text('resend-countdown')).toBe('You can get a new code in 5 s.');
        expect(await otp.byTestId('resend').isDisabled()).toBe(true);
        const code = otp.byTestId('code');
        expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
        expect(await code.getAttribute('inputmode')).toBe('numeric');
        expect(await code.getAttribute('maxlength')).toBe('8');

        await otp.submitCode(server.lastCode(phone)!);
        await otp.waitForStatus('authenticated');
        expect(await otp.text('user-id')).toBe(server.findUser(phone)!.userId);
        expect(await otp.text('user-login-id')).toBe(phone);
        expect(await otp.text('first-seen')).toBe('Yes');
        expect(await otp.page.content()).not.toMatch(jwtPattern);
        expect(postedPaths(server, phone)).toEqual(['/v1/auth/otp/signup-in/sms', '/v1/auth/otp/verify/sms']);
        await otp.screenshot(`${name}-final`);
      }));

    it('shows the attempts left after a wrong code, then accepts the right one', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        await otp.sendCode(phone);
        const code = server.lastCode(phone)!;
        expect(await otp.byTestId('code').getAttribute('aria-invalid')).not.toBe('true');

        await otp.submitCode(wrongCodeFor(code));
        await otp.waitForText('error', 'That code is not right. 2 attempts left.');
        await otp.waitForStatus('awaitingCode');
        expect(await otp.byTestId('code').getAttribute('aria-invalid')).toBe('true');
        expect(await otp.byTestId('code').inputValue()).toBe('');
        await otp.screenshot(`${name}-wrong-code`);

        await otp.submitCode(code);
        await otp.waitForStatus('authenticated');
        await otp.waitForHidden('error');
      }));

    it('refuses the old code after a resend', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        await otp.sendCode(phone);
        const oldCode = server.lastCode(phone)!;

        await otp.fastForward(cooldownMs);
        await otp.waitForHidden('resend-countdown');
        await otp.byTestId('resend').click();
        await otp.waitForText('resend-countdown', 'You can get a new code in 5 s.');
        await otp.waitForStatus('awaitingCode');
        const newCode = server.lastCode(phone)!;
        expect(postedPaths(server, phone)).toEqual([
          '/v1/auth/otp/signup-in/sms',
          '/v1/auth/otp/signup-in/sms',
        ]);
        expect(await otp.byTestId('code').inputValue()).toBe('');

        if (newCode !== oldCode) {
          await otp.submitCode(oldCode);
          await otp.waitForText('error', 'That code is not right.');
          await otp.waitForStatus('awaitingCode');
        }
        await otp.submitCode(newCode);
        await otp.waitForStatus('authenticated');
      }));

    it('switches from SMS to a voice call and verifies over voice', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        await otp.sendCode(phone);
        await otp.fastForward(cooldownMs);

        await otp.byTestId('resend-voice').click();
        await otp.waitForText('channel', 'voice call');
        await otp.waitForStatus('awaitingCode');
        expect(await otp.text('masked-destination')).toBe(maskedPhone(phone));
        expect(await otp.byTestId('resend-voice').isVisible()).toBe(false);
        expect(server.deliveries.filter((d) => d.loginId === phone).map((d) => d.method)).toEqual([
          'sms',
          'voice',
        ]);

        await otp.submitCode(server.lastCode(phone)!);
        await otp.waitForStatus('authenticated');
        expect(postedPaths(server, phone)).toEqual([
          '/v1/auth/otp/signup-in/sms',
          '/v1/auth/otp/signup-in/voice',
          '/v1/auth/otp/verify/voice',
        ]);
      }));

    it('shows a rate limit with its countdown, then resends', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        await otp.sendCode(phone);
        await otp.fastForward(cooldownMs);
        await otp.waitForHidden('resend-countdown');

        server.fault({
          kind: 'status',
          status: 429,
          errorCode: 'E130429',
          retryAfterSeconds: 5,
          path: /signup-in/,
        });
        await otp.byTestId('resend').click();
        await otp.waitForText('error', 'Too many requests. Try again in 5 seconds.');
        await otp.waitForStatus('awaitingCode');
        expect(await otp.text('resend-countdown')).toBe('You can get a new code in 5 s.');
        expect(await otp.byTestId('resend').isDisabled()).toBe(true);
        await otp.screenshot(`${name}-rate-limited`);

        await otp.fastForward(2_000);
        await otp.waitForText('resend-countdown', 'You can get a new code in 3 s.');
        await otp.fastForward(3_000);
        await otp.waitForHidden('resend-countdown');
        await otp.byTestId('resend').click();
        await otp.waitForHidden('error');
        await otp.waitForText('resend-countdown', 'You can get a new code in 5 s.');
        expect(server.deliveries.filter((d) => d.loginId === phone)).toHaveLength(2);
      }));

    it('waits out a rate limit on the first send', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        server.fault({
          kind: 'status',
          status: 429,
          errorCode: 'E130429',
          retryAfterSeconds: 5,
          path: /signup-in/,
        });
        await otp.requestCode(phone);
        await otp.waitForText('error', 'Too many requests. Try again in 5 seconds.');
        await otp.waitForStatus('idle');
        expect(await otp.text('send-countdown')).toBe('You can send a code in 5 s.');
        expect(await otp.byTestId('send').isDisabled()).toBe(true);
        await otp.screenshot(`${name}-send-rate-limited`);

        await otp.fastForward(5_000);
        await otp.waitForHidden('send-countdown');
        await otp.byTestId('send').click();
        await otp.waitForStatus('awaitingCode');
        await otp.waitForHidden('error');
        expect(server.deliveries.filter((d) => d.loginId === phone)).toHaveLength(1);
      }));

    it('starts over after a reset, keeping the login ID', () =>
      withExample(async (otp) => {
        const phone = nextPhone();
        await otp.sendCode(phone);
        await otp.byTestId('reset').click();
        await otp.waitForStatus('idle');
        expect(await otp.byTestId('login-id').inputValue()).toBe(phone);
        expect(await otp.byTestId('code').isVisible()).toBe(false);
        await otp.screenshot(`${name}-start-over`);

        await otp.sendCode(phone, 'voice');
        expect(await otp.text('channel')).toBe('voice call');
        expect(postedPaths(server, phone)).toEqual([
          '/v1/auth/otp/signup-in/sms',
          '/v1/auth/otp/signup-in/voice',
        ]);
      }));
  });
});
