import type { InspectionEvent } from 'xstate';
import { loopbackHosts } from './loopback.ts';
import { type RedactOptions, redact } from './redact.ts';

/** Options of `inspectToLocal`: how events are redacted, and how many wait for the socket to open. */
export interface InspectToLocalOptions extends RedactOptions {
  /** Events kept while the socket connects; older ones are dropped beyond this. @default 1000 */
  buffer?: number;
}

const isLoopbackSocket = (url: URL): boolean =>
  url.protocol === 'ws:' && loopbackHosts.includes(url.hostname);

/**
 * An XState `inspect` callback for a browser page that streams the page's flow to the local inspector
 * (`startLocalInspector`, `npm run inspect`) over a WebSocket: each event is `redact`ed in the page, so no
 * code or token leaves it, then sent as JSON to the inspector's `sourceUrl`. Events wait in a buffer
 * until the socket opens; once it is closed (or could not open) they are dropped. It never throws, and
 * does nothing for a URL that is not a `ws://` URL on a loopback address (`127.0.0.1`, `localhost`,
 * `[::1]`), so nothing reaches another machine. No Node APIs: it uses the page's `WebSocket` (in Node, take
 * the `inspectToLocal` of `descope-otp-machine/inspector`, which falls back on the `ws` package).
 * @param url The inspector's source URL, for example `ws://127.0.0.1:4020/source`.
 * @param Socket The WebSocket class. @default globalThis.WebSocket
 * @example createActor(otpMachine, { input, inspect: inspectToLocal('ws://127.0.0.1:4020/source') })
 */
export function inspectToLocal(
  url: string,
  options: InspectToLocalOptions = {},
  Socket: typeof WebSocket | undefined = globalThis.WebSocket,
): (event: InspectionEvent) => void {
  const { buffer = 1000, ...redaction } = options;
  const queue: string[] = [];
  let socket: WebSocket | null = null;
  try {
    if (isLoopbackSocket(new URL(url))) socket = new (Socket as typeof WebSocket)(url);
  } catch {
    socket = null;
  }
  socket?.addEventListener('open', () => {
    for (const message of queue.splice(0)) socket?.send(message);
  });
  socket?.addEventListener('close', () => {
    queue.length = 0;
  });
  return (event) => {
    if (!socket || socket.readyState > socket.OPEN) return;
    try {
      const message = JSON.stringify(redact(event, redaction));
      if (socket.readyState === socket.OPEN) socket.send(message);
      else if (queue.push(message) > buffer) queue.shift();
    } catch {
      return;
    }
  };
}
