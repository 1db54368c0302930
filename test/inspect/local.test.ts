import { request } from 'node:http';
import { afterEach, describe, expect } from 'vitest';
import { WebSocket } from 'ws';
import { createActor, waitFor } from 'xstate';
import { statuses } from '../../machines/concepts.ts';
import { otpMachine } from '../../src/index.ts';
import { attachLocalInspector, type LocalInspector, startLocalInspector } from '../../src/inspector/index.ts';
import { testWithOwnServer as it } from '../helpers/fixtures.ts';
import { until } from '../helpers/wait.ts';
import {
  expectedStates,
  finishedFlows,
  leaks,
  secretsOf,
  sentEventTypes,
  summarize,
  updateEmailFlow,
  wrongCodeAndResendFlow,
} from './flows.ts';

interface Message {
  kind: string;
  at?: number;
  event?: Record<string, unknown>;
  machine?: { id: string; states: { id: string }[] };
}

const phone = '+14155550144';
const cleanups: Array<() => Promise<void> | void> = [];

it.override('serverOptions', { scope: 'file' }, { users: [{ loginId: phone, phone }] });
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options = {}): Promise<LocalInspector> {
  const inspector = await startLocalInspector(options);
  cleanups.push(() => inspector.close());
  return inspector;
}

function listen(inspector: LocalInspector, origin?: string) {
  const socket = new WebSocket(`${inspector.url.replace('http', 'ws')}ws`, origin ? { origin } : {});
  const messages: Message[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('error', () => {});
  cleanups.push(() => socket.close());
  return { socket, messages, texts: () => messages.map((message) => JSON.stringify(message)).join('\n') };
}

const get = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    })
      .on('error', reject)
      .end();
  });

describe('the local inspector', () => {
  it('serves one page on loopback that loads nothing but its layout script from the same server', async () => {
    const inspector = await start();
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(inspector.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline';");
    expect(page.body).toContain('<title>OTP flow inspector</title>');
    expect(page.body.match(/<script[^>]+src="[^"]*"/g)).toEqual(['<script src="/elk.js"']);
    expect(page.body).not.toMatch(/<link[^>]+href=|https?:\/\/(?!127)|src="(?!\/elk\.js")/);
    const layout = await get(`${inspector.url}elk.js`);
    expect(layout.status).toBe(200);
    expect(layout.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(layout.body).toContain('g.ELK = f()');
    const zipped = await get(`${inspector.url}elk.js`, { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBeLessThan(layout.body.length / 2);
    expect((await get(`${inspector.url}elk.js`, { host: 'attacker.example' })).status).toBe(403);
    expect((await get(`${inspector.url}nothing`)).status).toBe(404);
    expect((await get(inspector.url, { host: 'attacker.example' })).status).toBe(403);
  });

  it('sends the machine tree, then redacted events of whole flows, leaking nothing', async ({ server }) => {
    const inspector = await start();
    const page = listen(inspector);
    await inspector.connected();
    await until(() => page.messages.some((message) => message.kind === 'machine'));
    expect(inspector.clients()).toBe(1);
    const tree = page.messages.find((message) => message.kind === 'machine')!.machine!;
    expect(tree.id).toBe('otp');
    expect(tree.states.map((state) => state.id)).toEqual(statuses.map((key) => `otp.${key}`));

    const flows = [
      await updateEmailFlow(server, inspector.inspect, 'alan@example.com'),
      await wrongCodeAndResendFlow(server, inspector.inspect, phone),
    ];
    const events = () => page.messages.filter((message) => message.kind === 'inspection');
    await until(() => finishedFlows(events().map((message) => message.event!)) === 3);

    expect(leaks(page.texts(), secretsOf(server, flows))).toEqual([]);
    const summary = summarize(events().map((message) => message.event!));
    expect([...summary.states]).toEqual(expect.arrayContaining(expectedStates));
    expect([...summary.events]).toEqual(expect.arrayContaining(sentEventTypes));
    expect(events().every((message) => typeof message.at === 'number')).toBe(true);
  });

  it('replays what happened to a page that connects later', async ({ server }) => {
    const inspector = await start({ maskLoginIds: true });
    await wrongCodeAndResendFlow(server, inspector.inspect, phone);
    const page = listen(inspector);
    await until(() =>
      summarize(page.messages.map((message) => message.event ?? {})).states.has('authenticated'),
    );
    expect(page.messages[0]).toEqual({ kind: 'reset' });
    expect(page.messages[1]?.kind).toBe('machine');
    expect(page.texts()).not.toContain(phone);
  });

  it('refuses WebSocket connections from other origins', async () => {
    const inspector = await start();
    const stranger = listen(inspector, 'http://attacker.example');
    const closed = await new Promise<boolean>((resolve) => {
      stranger.socket.on('open', () => resolve(false));
      stranger.socket.on('error', () => resolve(true));
    });
    expect(closed).toBe(true);
    expect(inspector.clients()).toBe(0);
  });

  it('attaches to an actor that is already running', async ({ server }) => {
    const actor = createActor(otpMachine, {
      input: { projectId: server.projectId, baseUrl: server.url, operation: 'signIn', channel: 'sms' },
    }).start();
    cleanups.push(() => {
      actor.stop();
    });
    actor.send({ type: 'SEND', loginId: phone });
    await waitFor(actor, (s) => s.matches('awaitingCode'));

    const inspector = await attachLocalInspector(actor);
    cleanups.push(() => inspector.close());
    const page = listen(inspector);
    await until(() => page.messages.some((message) => message.kind === 'inspection'));
    expect(page.texts()).toContain('"value":{"awaitingCode":"valid"}');

    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(phone)! });
    await waitFor(actor, (s) => s.status === 'done');
    await until(() =>
      summarize(page.messages.map((message) => message.event ?? {})).states.has('authenticated'),
    );
    expect(leaks(page.texts(), secretsOf(server, []))).toEqual([]);
    expect(page.texts()).not.toContain(actor.getSnapshot().output!.sessionJwt);

    await inspector.close();
    await until(() => page.socket.readyState === WebSocket.CLOSED);
  });
});
