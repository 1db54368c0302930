import type { IncomingMessage } from 'node:http';
import type { RawData } from 'ws';
import { loopbackHosts } from './loopback.ts';

/** The path of the inspector's WebSocket for pages that stream their own flow (`inspectToLocal`). */
export const SOURCE_PATH = '/source';

const inspectionTypes = new Set([
  '@xstate.actor',
  '@xstate.event',
  '@xstate.snapshot',
  '@xstate.microstep',
  '@xstate.action',
]);

const hostPattern = loopbackHosts.map((host) => host.replace(/[.[\]]/g, '\\$&')).join('|');
const loopbackOrigin = new RegExp(`^http://(?:${hostPattern})(?::\\d{1,5})?$`);

/**
 * Whether a source connection comes from a page served on a loopback address, or from a local process:
 * browsers always send `Origin`, so a connection without one is not a page.
 */
export const isLocalSource = (request: IncomingMessage): boolean =>
  request.headers.origin === undefined || loopbackOrigin.test(request.headers.origin);

/** The inspection event a source sent, or `undefined` when the message is not one. */
export function parseSourceEvent(data: RawData, isBinary: boolean): Record<string, unknown> | undefined {
  if (isBinary) return undefined;
  try {
    const event: unknown = JSON.parse(String(data));
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    const type = (event as { type?: unknown }).type;
    return typeof type === 'string' && inspectionTypes.has(type)
      ? (event as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
