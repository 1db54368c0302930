import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { otpMachine } from '../../src/index.ts';
import {
  describeMachine,
  type LocalInspector,
  type StateNodeInfo,
  startLocalInspector,
} from '../../src/inspector/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { settle, startFlow } from '../helpers/flow.ts';
import { type FlowSecrets, leaks, secretsOf, wrongCodeAndResendFlow } from '../inspect/flows.ts';
import { describeBrowser, launchBrowser } from './browser.ts';

const phone = '+14155550177';
const later = '+14155550166';
const artifacts = new URL('../../test-results/', import.meta.url);

interface Arrow {
  source: string;
  event: string;
  targets: string[];
}

function definition(node: StateNodeInfo, machineId: string, states: string[] = [], arrows: Arrow[] = []) {
  if (node.id !== machineId) states.push(node.id.slice(machineId.length + 1));
  for (const t of node.transitions) arrows.push({ source: node.id, event: t.event, targets: t.targets });
  for (const child of node.states) definition(child, machineId, states, arrows);
  return { states, arrows };
}

const attribute = (page: Page, selector: string, name: string) =>
  page.locator(selector).evaluateAll((items, key) => items.map((item) => item.getAttribute(key)), name);

const activeStates = (page: Page) => attribute(page, '#diagram [aria-current="true"]', 'data-state');

describeBrowser('the inspector page draws the statechart and travels back in time', () => {
  let browser: Browser;
  let server: TestServer;
  let inspector: LocalInspector;
  let page: Page;
  const frames: string[] = [];
  const flows: FlowSecrets[] = [];

  beforeAll(async () => {
    [browser, server, inspector] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer({
        users: [
          { loginId: phone, phone },
          { loginId: later, phone: later },
        ],
      }),
      startLocalInspector(),
    ]);
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => frames.push(String(frame.payload))),
    );
    await page.goto(inspector.url);
    await page.locator('#diagram [data-state="awaitingCode.valid"]').waitFor();
    flows.push(await wrongCodeAndResendFlow(server, inspector.inspect, phone));
    await page.locator('#diagram [data-state="authenticated"][aria-current="true"]').waitFor();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close(), inspector?.close()]);
  });

  it('draws every state node and an arrow for every transition of the definition', async () => {
    const { states, arrows } = definition(describeMachine(otpMachine), 'otp');
    const drawn = await attribute(page, '#diagram [data-state]', 'data-state');
    expect([...drawn].sort()).toEqual([...states].sort());
    expect(await attribute(page, '#diagram [data-state="authenticated"]', 'data-type')).toEqual(['final']);
    for (const arrow of arrows) {
      const selector = `#diagram [data-event="${arrow.event}"][data-source="${arrow.source}"]`;
      if (arrow.targets.length === 0) {
        expect(await page.locator(`${selector}.internal`).count(), selector).toBeGreaterThanOrEqual(1);
      }
      for (const target of arrow.targets) {
        expect(
          await page.locator(`${selector}[data-target="${target}"]`).count(),
          selector,
        ).toBeGreaterThanOrEqual(1);
      }
    }
    expect(await page.locator('#diagram [data-event="RESET"]').count()).toBe(1);
    expect(await page.locator('#diagram [data-event]').count()).toBeGreaterThanOrEqual(arrows.length);
    expect(await activeStates(page)).toEqual(['authenticated']);
    expect(await attribute(page, '#diagram .transition.taken', 'data-event')).toEqual([
      'xstate.done.actor.verifyCode',
    ]);
    expect(await page.locator('#events li button[data-event-index]').count()).toBeGreaterThan(4);
  });

  it("shows the flow as it was after the wrong code's answer, steps with the arrow keys, and goes back live", async () => {
    await page.locator('#events li[data-type="xstate.error.actor.verifyCode"] button').first().click();
    expect(await activeStates(page)).toEqual(['awaitingCode', 'awaitingCode.valid']);
    expect(await page.locator('#context').textContent()).toContain('"kind": "wrongCode"');
    expect(await page.locator('#event').textContent()).toContain('"type": "xstate.error.actor.verifyCode"');
    expect(await attribute(page, '#diagram .transition.taken', 'data-target')).toEqual(['otp.awaitingCode']);
    expect(await page.locator('#view-status').textContent()).toMatch(/^after event \d+ of \d+$/);

    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#events button[aria-current="true"]').textContent()).toContain('RESEND');
    expect(await activeStates(page)).toEqual(['sending']);
    await page.keyboard.press('ArrowUp');
    expect(await activeStates(page)).toEqual(['awaitingCode', 'awaitingCode.valid']);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-event-index')))
      .toBeTruthy();

    await page.locator('#live').click();
    expect(await page.locator('#view-status').textContent()).toBe('live');
    expect(await activeStates(page)).toEqual(['authenticated']);
  });

  it('keeps taking events while looking back, and lists every flow by session and masked login ID', async () => {
    const actor = startFlow(server, { operation: 'signIn', channel: 'sms' }, { inspect: inspector.inspect });
    await expect.poll(() => page.locator('#flows button[data-flow]').count()).toBe(2);
    actor.send({ type: 'SEND', loginId: later });
    await settle(actor);
    await page.locator('#flows button[data-flow]').nth(1).click();
    await page.locator('#events li[data-root="yes"][data-type="xstate.init"] button').click();
    expect(await activeStates(page)).toEqual(['idle']);
    const before = await page.locator('#events li.entry').count();

    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(later) ?? '' });
    const done = await settle(actor);
    flows.push({ tokens: [done.output?.sessionJwt ?? '', done.output?.refreshJwt ?? ''], wrongCodes: [] });
    await expect.poll(() => page.locator('#events li.entry').count()).toBeGreaterThan(before);
    expect(await activeStates(page)).toEqual(['idle']);
    await page.locator('#live').click();
    expect(await activeStates(page)).toEqual(['authenticated']);

    const names = await page.locator('#flows .flow-name').allTextContents();
    expect(names).toEqual([
      expect.stringMatching(/^x:\d+ · \+\*{7}0177$/),
      expect.stringMatching(/^x:\d+ · \+\*{7}0166$/),
    ]);
    expect(names.join('\n')).not.toContain('4155550');
    expect(await page.locator('#flows .flow-state').allTextContents()).toEqual([
      'authenticated',
      'authenticated',
    ]);
    await page.locator('#flows button[data-flow]').first().click();
    expect(await page.locator('#flows button[aria-current="true"] .flow-name').textContent()).toContain(
      '0177',
    );
    expect(await page.locator('#context').textContent()).toContain('"generation": 2');
  });

  it('exports a flow as JSON and loads it back, refusing anything else', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    const exported = readFileSync(await download.path(), 'utf8');
    const timeline = JSON.parse(exported);
    expect(timeline).toMatchObject({ format: 'descope-otp-machine/inspector-timeline', version: 1 });
    expect(leaks(exported, secretsOf(server, flows))).toEqual([]);

    const load = (name: string, text: string) =>
      page
        .locator('#import')
        .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await load('flow.json', exported);
    await expect
      .poll(() => page.locator('#flows button[aria-current="true"] .flow-name').textContent())
      .toMatch(/^imported x:\d+ · \+\*{7}0177$/);
    expect(await activeStates(page)).toEqual(['authenticated']);
    expect(await page.locator('#events li.entry').count()).toBe(
      timeline.messages.filter((m: { event: { type: string } }) => m.event.type === '@xstate.event').length,
    );
    expect(await page.locator('#import-error').textContent()).toBe('');

    const refusals: Array<[string, string]> = [
      ['not json', 'it is not JSON'],
      ['[]', 'it is not a JSON object'],
      [JSON.stringify({ ...timeline, format: 'other' }), 'its format is not'],
      [JSON.stringify({ ...timeline, version: 2 }), 'its version is not 1'],
      [JSON.stringify({ ...timeline, messages: [{ at: 1 }] }), 'entry 1 is not an inspection event'],
      [exported.replace('"[redacted]"', '"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"'), 'it holds a token'],
    ];
    for (const [text, reason] of refusals) {
      await load('other.json', text);
      await expect
        .poll(() => page.locator('#import-error').textContent())
        .toContain(`Not an inspector timeline: ${reason}`);
    }
    expect(await page.locator('#flows button[data-flow]').count()).toBe(3);

    const odd = [
      {
        at: 1,
        event: { type: '@xstate.microstep', rootId: 'x:0', actorRef: { sessionId: 'x:0' }, _transitions: 5 },
      },
      {
        at: 2,
        event: { type: '@xstate.snapshot', rootId: 'x:0', actorRef: { sessionId: 'x:0' }, snapshot: 'idle' },
      },
      {
        at: 3,
        event: {
          type: '@xstate.event',
          rootId: 'x:0',
          actorRef: { sessionId: 'x:0' },
          event: { type: 'SEND' },
        },
      },
    ];
    await load('odd.json', JSON.stringify({ ...timeline, messages: odd }));
    await expect.poll(() => page.locator('#flows button[data-flow]').count()).toBe(4);
    expect(await page.locator('#import-error').textContent()).toBe('');
    expect(await page.locator('#events li.entry').count()).toBe(1);
  });

  it('shows no code, JWT or refresh token in the DOM or in any WebSocket frame', async () => {
    await page.locator('#all-events').check();
    for (const button of await page.locator('#events button[data-event-index]').all()) {
      await button.click();
      expect(leaks(await page.content(), secretsOf(server, flows))).toEqual([]);
    }
    const secrets = secretsOf(server, flows);
    expect(secrets.codes.length).toBeGreaterThanOrEqual(3);
    expect(frames.length).toBeGreaterThan(20);
    expect(leaks(frames.join('\n'), secrets)).toEqual([]);
    expect(leaks(await page.locator('body').innerText(), secrets)).toEqual([]);
    await page.locator('#all-events').uncheck();
  });

  it('has no accessibility violation (axe-core) in light and dark colors, and saves a screenshot', async () => {
    await page.locator('#flows button[data-flow]').first().click();
    await page.locator('#live').click();
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => {
      const { axe: checker } = window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } };
      return (await checker.run()).violations;
    });
    expect(violations.map((violation) => (violation as { id: string }).id)).toEqual([]);
    expect(violations).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(
      await page.evaluate(async () => {
        const { axe: checker } = window as unknown as {
          axe: { run(): Promise<{ violations: { id: string }[] }> };
        };
        return (await checker.run()).violations.map((violation) => violation.id);
      }),
    ).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(new URL('inspector-chart.png', artifacts), await page.screenshot());
  });
});
