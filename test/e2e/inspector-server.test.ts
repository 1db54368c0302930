import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalInspector, startLocalInspector } from '../../src/inspector/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { leaks } from '../inspect/flows.ts';
import { type RedisProcess, redisRequired, startRedis } from '../server/redis.ts';
import { browserRequired, launchBrowser } from './browser.ts';
import { type InspectedInstance, startInspectedInstance } from './inspected-instances.ts';

const phone = '+14155550199';

describe.skipIf(!browserRequired() || !redisRequired())('server flows in the local inspector', () => {
  let browser: Browser;
  let descope: TestServer;
  let inspector: LocalInspector;
  let redis: RedisProcess;
  let instances: InspectedInstance[] = [];

  beforeAll(async () => {
    [browser, descope, inspector, redis] = await Promise.all([
      launchBrowser().then((launched) => launched!),
      createTestServer({ users: [{ loginId: phone, phone }] }),
      startLocalInspector(),
      startRedis(),
    ]);
    const options = {
      redisUrl: redis.url,
      descope: { url: descope.url, projectId: descope.projectId },
      inspectUrl: inspector.sourceUrl,
    };
    instances = await Promise.all([
      startInspectedInstance({ ...options, instance: 'east' }),
      startInspectedInstance({ ...options, instance: 'west' }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await Promise.all([browser?.close(), descope?.close(), inspector?.close(), redis?.close()]);
  });

  it('shows a flow run by two instances in two processes once, with each step and the instance that ran it', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const frames: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => frames.push(String(frame.payload))),
    );
    await page.goto(inspector.url);
    await page.locator('#diagram [data-state="idle"]').waitFor();

    const [east, west] = instances as [InspectedInstance, InspectedInstance];
    const started = await east.call('start', { loginId: phone });
    expect(started).toMatchObject({ status: 'awaitingCode', error: null });
    const flowId = started.flowId ?? '';
    const wrong = wrongCode(descope.lastCode(phone));
    expect((await west.call('submitCode', flowId, wrong)).error).toMatchObject({ kind: 'wrongCode' });
    expect((await east.call('resend', flowId)).error).toBeNull();
    const done = await west.call('submitCode', flowId, descope.lastCode(phone));
    expect(done.status).toBe('authenticated');

    const flows = page.locator('#flows button[data-flow]');
    await expect.poll(() => page.locator('#events li.step').count(), { timeout: 20_000 }).toBe(4);
    expect(await flows.count()).toBe(1);
    expect(await flows.locator('.flow-name').textContent()).toBe(`flow ${flowId.slice(0, 8)} · +*******0199`);
    await page.locator('#diagram [data-state="authenticated"][aria-current="true"]').waitFor();
    expect(await page.locator('#events li.step').allTextContents()).toEqual([
      'step 1 · instance east',
      'step 2 · instance west',
      'step 3 · instance east',
      'step 4 · instance west',
    ]);
    const types = await page
      .locator('#events li.entry[data-root="yes"]')
      .evaluateAll((items) =>
        items.map(
          (item) => `${(item as HTMLElement).dataset.instance} ${(item as HTMLElement).dataset.type}`,
        ),
      );
    expect(types).toEqual(
      expect.arrayContaining([
        'east SEND',
        'west SUBMIT_CODE',
        'east RESEND',
        'west xstate.done.actor.verifyCode',
      ]),
    );

    await page
      .locator('#events li.entry[data-instance="west"][data-type="xstate.error.actor.verifyCode"] button')
      .click();
    await expect
      .poll(() =>
        page
          .locator('#diagram [aria-current="true"]')
          .evaluateAll((n) => n.map((g) => g.getAttribute('data-state'))),
      )
      .toEqual(['awaitingCode', 'awaitingCode.valid']);
    expect(await page.locator('#context').textContent()).toContain('"kind": "wrongCode"');

    const secrets = {
      codes: [...descope.deliveries.map((delivery) => delivery.code), wrong],
      tokens: [done.session?.sessionJwt ?? '', done.session?.refreshJwt ?? ''],
    };
    expect(secrets.tokens.every((token) => token.length > 20)).toBe(true);
    expect(leaks(frames.join('\n'), secrets)).toEqual([]);
    expect(leaks(await page.content(), secrets)).toEqual([]);
    await page.close();
  });
});
