import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { createActor, waitFor } from 'xstate';
import { otpMachine } from '../src/index.ts';
import { startLocalInspector } from '../src/inspector/index.ts';
import { createTestServer } from '../src/testing/index.ts';

const output = new URL(process.argv[2] ?? '../docs/inspector.png', import.meta.url);
const loginId = '+14155550100';

const server = await createTestServer({ users: [{ loginId, phone: loginId }] });
const inspector = await startLocalInspector({ maskLoginIds: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await page.goto(inspector.url);
  await page.locator('#diagram [data-state="idle"]').waitFor();

  const actor = createActor(otpMachine, {
    input: {
      projectId: server.projectId,
      baseUrl: server.url,
      operation: 'signIn',
      channel: 'sms',
      resendCooldownMs: 0,
    },
    inspect: inspector.inspect,
  }).start();
  const settled = () => waitFor(actor, (s) => !s.matches('sending') && !s.matches('verifying'));
  actor.send({ type: 'SEND', loginId });
  await settled();
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) === '000000' ? '111111' : '000000' });
  await settled();
  actor.send({ type: 'RESEND' });
  await settled();
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  await settled();
  actor.stop();

  await page.locator('#diagram [data-state="authenticated"][aria-current="true"]').waitFor();
  await page.locator('#events li[data-type="xstate.error.actor.verifyCode"] button').click();
  await page.locator('#context').evaluate((pane) => pane.scrollTo(0, 0));
  await writeFile(output, await page.screenshot());
  console.log(`Saved ${output.pathname}`);
} finally {
  await browser.close();
  await inspector.close();
  await server.close();
}
