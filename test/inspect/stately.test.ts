import type { AddressInfo } from 'node:net';
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect } from 'vitest';
import { WebSocketServer } from 'ws';
import { createOtpInspector, OtpInspectorError, redact } from '../../src/index.ts';
import type { TestServer } from '../../src/testing/index.ts';
import { testWithOwnServer as it } from '../helpers/fixtures.ts';
import { until } from '../helpers/wait.ts';
import {
  expectedStates,
  type FlowSecrets,
  finishedFlows,
  type Inspect,
  leaks,
  secretsOf,
  sentEventTypes,
  summarize,
  updateEmailFlow,
  wrongCodeAndResendFlow,
} from './flows.ts';

const phone = '+14155550143';
it.override('serverOptions', { scope: 'file' }, { users: [{ loginId: phone, phone }] });

const runBoth = async (server: TestServer, inspect: Inspect): Promise<FlowSecrets[]> => [
  await updateEmailFlow(server, inspect, 'grace@example.com'),
  await wrongCodeAndResendFlow(server, inspect, phone),
];

const cycleSafe = (value: unknown) => {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item)) return '[circular]';
    seen.add(item);
    return item;
  });
};

describe('@statelyai/inspect with serialize: redact', () => {
  it('createInspector with a custom adapter sends no secret and every state and event', async ({
    server,
  }) => {
    const lines: string[] = [];
    const inspector = createInspector(
      { send: (event: StatelyInspectionEvent) => lines.push(JSON.stringify(event)) },
      { serialize: redact },
    );

    const flows = await runBoth(server, inspector.inspect.next!.bind(inspector.inspect) as Inspect);
    await until(() => finishedFlows(lines.map((line) => JSON.parse(line))) >= 3);

    expect(leaks(lines.join('\n'), secretsOf(server, flows))).toEqual([]);
    const summary = summarize(lines.map((line) => JSON.parse(line)));
    expect([...summary.states]).toEqual(expect.arrayContaining(expectedStates));
    expect([...summary.events]).toEqual(expect.arrayContaining(sentEventTypes));
  });

  it('sanitizeEvent and sanitizeContext alone leak the promise actors’ input and output', async ({
    server,
  }) => {
    const events: unknown[] = [];
    const dropCode = <T extends object>(value: T): T => ({ ...value, code: undefined });
    const inspector = createInspector(
      { send: (event: StatelyInspectionEvent) => events.push(event) },
      { sanitizeEvent: dropCode, sanitizeContext: dropCode },
    );

    const flows = await runBoth(server, inspector.inspect.next!.bind(inspector.inspect) as Inspect);
    await until(() => finishedFlows(events as never[]) >= 3);

    const found = leaks(events.map(cycleSafe).join('\n'), secretsOf(server, flows));
    expect(found).toEqual(expect.arrayContaining([server.deliveries[0]!.code, flows[0]!.tokens[0]!]));
  });

  it('createOtpInspector streams only redacted events to a WebSocket server', async ({ server }) => {
    const socketServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => socketServer.once('listening', resolve));
    const received: string[] = [];
    socketServer.on('connection', (socket) => socket.on('message', (data) => received.push(String(data))));
    const { port } = socketServer.address() as AddressInfo;
    const inspector = await createOtpInspector({ kind: 'websocket', url: `ws://127.0.0.1:${port}` });
    try {
      const flows = await runBoth(server, inspector.inspect.next!.bind(inspector.inspect) as Inspect);
      await until(() => finishedFlows(received.map((line) => JSON.parse(line))) >= 3);

      expect(leaks(received.join('\n'), secretsOf(server, flows))).toEqual([]);
      const summary = summarize(received.map((line) => JSON.parse(line)));
      expect([...summary.states]).toEqual(expect.arrayContaining(expectedStates));
      expect([...summary.events]).toEqual(expect.arrayContaining(sentEventTypes));
      expect(received.join('\n')).toContain('"code":"[redacted]"');
    } finally {
      inspector.stop();
      await new Promise((resolve) => socketServer.close(resolve));
    }
  });

  it('applies a given serialize first and masks login IDs when asked', async () => {
    const sent: unknown[] = [];
    const inspector = await createOtpInspector({
      kind: 'websocket',
      url: 'ws://127.0.0.1:9',
      autoStart: false,
      maskLoginIds: true,
      serialize: <T>(event: T): T => ({ ...event, note: { refreshJwt: 'plain', by: 'custom' } }),
    });
    (inspector.adapter as { send: (event: unknown) => void }).send = (event) => sent.push(event);

    const stately = inspector as unknown as { event: (actor: string, event: object) => void };
    stately.event('x:0', { type: 'SEND', loginId: 'ada@example.com', refreshJwt: 'plain' });

    expect(sent).toEqual([
      expect.objectContaining({
        event: { type: 'SEND', loginId: 'ad***@example.com', refreshJwt: '[redacted]' },
        note: { refreshJwt: '[redacted]', by: 'custom' },
      }),
    ]);
  });

  it('the browser kind posts only redacted events to the inspector window', async ({ server }) => {
    const posted: unknown[] = [];
    const listeners: Array<(event: { data: unknown }) => void> = [];
    const fakeWindow = {
      open: () => ({ postMessage: (message: unknown) => posted.push(message) }),
      addEventListener: (_type: string, listener: (event: { data: unknown }) => void) =>
        listeners.push(listener),
    };
    const inspector = await createOtpInspector({ kind: 'browser', window: fakeWindow });
    for (const listener of listeners) listener({ data: { type: '@statelyai.connected' } });

    const flows = await runBoth(server, inspector.inspect.next!.bind(inspector.inspect) as Inspect);
    await until(() => finishedFlows(posted as never[]) >= 3);

    const text = posted.map((message) => JSON.stringify(message)).join('\n');
    expect(leaks(text, secretsOf(server, flows))).toEqual([]);
    expect([...summarize(posted as never[]).states]).toEqual(expect.arrayContaining(expectedStates));
  });
});

describe('createOtpInspector refusals', () => {
  const reasonOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'created',
      (error: unknown) => (error instanceof OtpInspectorError ? error.reason : String(error)),
    );

  it('refuses Stately Sky unless allowed, and always outside a browser', async () => {
    expect(await reasonOf(createOtpInspector({ kind: 'sky' }))).toBe('skyNotAllowed');
    expect(await reasonOf(createOtpInspector({ kind: 'sky', allowSky: true }))).toBe('skyOutsideBrowser');
  });

  it('refuses the browser inspector without a window, and an unknown kind', async () => {
    expect(await reasonOf(createOtpInspector({ kind: 'browser' }))).toBe('noWindow');
    expect(await reasonOf(createOtpInspector({ kind: 'nope' as 'sky' }))).toBe('unknownKind');
  });

  it('throws an OtpInspectorError with a message that names the fix', async () => {
    const error = await createOtpInspector({ kind: 'sky' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OtpInspectorError);
    expect(error).toMatchObject({ name: 'OtpInspectorError', message: expect.stringContaining('allowSky') });
  });
});
