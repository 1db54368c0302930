import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AnyStateMachine, InspectionEvent } from 'xstate';
import { otpStatechart } from '../../machines/otp.machine.ts';
import { isLoopbackHostname } from '../../machines/validate.ts';
import { LAYOUT_PATH, layoutScript } from './assets.ts';
import { describeMachine } from './definition.ts';
import { loopbackHosts } from './loopback.ts';
import { inspectorPage } from './page.ts';
import { type PageMessage, Recorder } from './recorder.ts';
import { isMachine } from './redact.ts';
import { isLocalSource, parseSourceEvent, SOURCE_PATH } from './source.ts';

/** Options of `startLocalInspector`. */
export interface LocalInspectorOptions {
  /** The port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** The loopback address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The machine drawn until an inspected root actor brings its own. @default the OTP statechart */
  machine?: AnyStateMachine;
  /** Mask login IDs, emails and phone numbers too (see `redact`). @default false */
  maskLoginIds?: boolean;
  /** How many events are kept and replayed to a page that connects later. @default 1000 */
  history?: number;
  /** The largest message a source page may send, in bytes; larger ones close its connection. @default 1048576 */
  maxSourceMessageBytes?: number;
}

/** A running local inspector. */
export interface LocalInspector {
  /** The page to open, for example `http://127.0.0.1:4020/`. */
  readonly url: string;
  /**
   * Where pages stream their own flow, for example `ws://127.0.0.1:4020/source`: pass it to
   * `inspectToLocal`. Only pages served from a loopback origin (`http://127.0.0.1`, `http://localhost`,
   * `http://[::1]`, any port) and local processes (no `Origin` header) may connect; what they send is
   * redacted again here. Events tagged with a `flowId` (server flows) are grouped by it.
   */
  readonly sourceUrl: string;
  /** An XState inspect callback: `createActor(otpMachine, { inspect: inspector.inspect })`. */
  inspect: (event: InspectionEvent) => void;
  /** How many pages are connected. */
  clients(): number;
  /** Resolves once at least one page is connected. */
  connected(): Promise<void>;
  /** Disconnects every page and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the local inspector: a page (no CDN, no account, no internet) that draws the statechart (laid out
 * by ELK, served from the installed `elkjs`), highlights the active state and the transition just taken,
 * lists every flow seen and keeps a timeline of each that can be stepped back through, fed over a
 * WebSocket with `redact`ed inspection events.
 * @example
 * const inspector = await startLocalInspector({ port: 4020 });
 * console.log(inspector.url);
 * createActor(otpMachine, { input, inspect: inspector.inspect }).start();
 */
export async function startLocalInspector(options: LocalInspectorOptions = {}): Promise<LocalInspector> {
  const host = options.host ?? '127.0.0.1';
  const hostname = host.includes(':') ? `[${host}]` : host;
  if (!isLoopbackHostname(hostname))
    throw new TypeError('The local inspector listens on a loopback address only');
  const limit = options.history ?? 1000;
  let machine = options.machine ?? otpStatechart;
  let port = 0;
  const sockets = new Set<WebSocket>();
  const sources = new Set<WebSocket>();
  const waiting: Array<() => void> = [];
  const page = inspectorPage();

  const hostAllowed = (request: IncomingMessage): boolean => {
    const allowed = [...loopbackHosts, hostname].map((name) => `${name}:${port}`);
    return allowed.includes(request.headers.host ?? '');
  };
  const originAllowed = (request: IncomingMessage): boolean =>
    request.headers.origin === undefined || request.headers.origin === `http://${request.headers.host}`;

  const send = (socket: WebSocket, message: PageMessage) => socket.send(JSON.stringify(message));
  const broadcast = (message: PageMessage) => {
    for (const socket of sockets) send(socket, message);
  };
  const machineMessage = (): PageMessage => ({ kind: 'machine', machine: describeMachine(machine) });
  const recorder = new Recorder(limit, options.maskLoginIds ?? false, broadcast);
  const local = {};

  const serveLayout = (request: IncomingMessage, response: ServerResponse) => {
    const script = layoutScript();
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const body = gzip ? script.gzip : script.body;
    response.writeHead(200, {
      'content-length': body.length,
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=3600',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(body);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request)) return void response.writeHead(403).end();
    if (request.method === 'GET' && request.url === LAYOUT_PATH) return serveLayout(request, response);
    if (request.method !== 'GET' || (request.url !== '/' && request.url !== '/index.html')) {
      return void response.writeHead(404).end();
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; connect-src ws://${request.headers.host}`,
    });
    response.end(page);
  });
  const upgrades = new WebSocketServer({ noServer: true });
  const sourceUpgrades = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxSourceMessageBytes ?? 1024 * 1024,
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url === SOURCE_PATH && hostAllowed(request) && isLocalSource(request)) {
      return void sourceUpgrades.handleUpgrade(request, socket, head, (ws) => {
        sources.add(ws);
        ws.on('close', () => sources.delete(ws));
        ws.on('error', () => ws.terminate());
        ws.on('message', (data, isBinary) => {
          const event = parseSourceEvent(data, isBinary);
          if (event) recorder.record(event, ws);
        });
      });
    }
    if (request.url !== '/ws' || !hostAllowed(request) || !originAllowed(request))
      return void socket.destroy();
    upgrades.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      send(ws, { kind: 'reset' });
      send(ws, machineMessage());
      for (const message of recorder.replay()) send(ws, message);
      for (const resolve of waiting.splice(0)) resolve();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const inspect = (event: InspectionEvent) => {
    const own = event.type === '@xstate.actor' && event.actorRef.sessionId === event.rootId;
    const logic = own ? (event.actorRef as { logic?: unknown }).logic : undefined;
    const next = isMachine(logic) ? (logic as AnyStateMachine) : undefined;
    if (next && next !== machine) {
      machine = next;
      broadcast(machineMessage());
    }
    recorder.record(event, local);
  };
  const address = `${hostname}:${port}`;

  return {
    url: `http://${address}/`,
    sourceUrl: `ws://${address}${SOURCE_PATH}`,
    inspect,
    clients: () => sockets.size,
    connected: () =>
      sockets.size > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)),
    close: async () => {
      for (const socket of [...sockets, ...sources]) socket.terminate();
      upgrades.close();
      sourceUpgrades.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
