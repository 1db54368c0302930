import { type BodySource, requestBodySource } from './body.ts';
import { rememberAddress, socketAddress } from './client-ip.ts';
import type { Answer } from './refusals.ts';

/** A request as the handler reads it: a Fetch `Request`, or `node:http`'s request read directly. */
export interface Incoming {
  method: string | undefined;
  url(): URL;
  header(name: string): string | null;
  body(): BodySource | undefined;
  /** The socket's remote address, as `socketAddress` gives it. */
  socketAddress(): string | undefined;
  /** The request as a Fetch `Request` (built on first use where it is not one), for a `clientIp` option. */
  request(): Request;
}

/** A Fetch `Request` as the handler reads it. */
export function incomingOf(request: Request): Incoming {
  let url: URL | undefined;
  return {
    method: request.method,
    url: () => {
      url ??= new URL(request.url);
      return url;
    },
    header: (name) => request.headers.get(name),
    body: () => requestBodySource(request),
    socketAddress: () => socketAddress(request),
    request: () => request,
  };
}

/** What a `node:http` request gives: its method, header fields, address and chunks. */
export interface NodeIncomingParts {
  method: string | undefined;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  address: string | undefined;
  chunks: AsyncIterable<Uint8Array>;
}

const headerValue = (value: string | string[] | undefined) =>
  value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;

/** A `node:http` request as the handler reads it, without building a `Request` unless one is asked for. */
export function nodeIncoming({ method, url, headers, address, chunks }: NodeIncomingParts): Incoming {
  let request: Request | undefined;
  return {
    method,
    url: () => url,
    header: (name) => headerValue(headers[name]),
    body() {
      const iterator = chunks[Symbol.asyncIterator]();
      return {
        next: () => iterator.next() as ReturnType<BodySource['next']>,
        cancel: () => void iterator.return?.()?.catch(() => {}),
      };
    },
    socketAddress: () => (typeof address === 'string' && address !== '' ? address : undefined),
    request() {
      // Stryker disable next-line ConditionalExpression: the handler asks for the request once per step
      if (request) return request;
      const all = new Headers();
      for (const [name, value] of Object.entries(headers))
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
          all.append(name, item);
      request = new Request(url, { method, headers: all });
      rememberAddress(request, address);
      return request;
    },
  };
}

/** The handlers `createOtpHandler` made, by their Fetch function: `toNodeListener` calls them directly. */
export const directHandlers = new WeakMap<object, (incoming: Incoming) => Promise<Answer>>();
