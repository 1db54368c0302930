import { WebSocket as NodeWebSocket } from 'ws';
import type { InspectionEvent } from 'xstate';
import { type InspectToLocalOptions, inspectToLocal as inspectToLocalWith } from './remote.ts';

class QuietWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => {});
  }
}

/**
 * `inspectToLocal` for Node as well as browsers: it uses the platform's `WebSocket` and, where there is
 * none (Node 20), the `ws` package. Pass it as `createOtpFlows({ inspect })` to stream a server's flows
 * to a local inspector in another process.
 * @param url The inspector's source URL, for example `ws://127.0.0.1:4020/source`.
 * @example createOtpFlows({ input, store, inspect: inspectToLocal('ws://127.0.0.1:4020/source') })
 */
export function inspectToLocal(
  url: string,
  options: InspectToLocalOptions = {},
): (event: InspectionEvent) => void {
  const Socket = globalThis.WebSocket ?? (QuietWebSocket as unknown as typeof WebSocket);
  return inspectToLocalWith(url, options, Socket);
}
