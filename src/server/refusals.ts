/** The handler's own refusals, made before any step runs: their HTTP status and message. */
export const handlerRefusals = {
  notFound: [404, 'No such route.'],
  methodNotAllowed: [405, 'Use POST.'],
  badHost: [400, 'The Host header is missing or not valid, or the request target is not a path.'],
  forbiddenOrigin: [403, 'Requests from another site are not allowed.'],
  unsupportedMediaType: [415, 'Send the body as application/json.'],
  bodyTooLarge: [413, 'The request body is too large.'],
  bodyTimeout: [408, 'The request body did not arrive in time.'],
  badRequest: [400, 'Send a JSON object.'],
  internal: [500, 'Something went wrong on the server.'],
} as const satisfies Record<string, readonly [number, string]>;

/** The kind of a refusal of the handler. */
export type HandlerRefusalKind = keyof typeof handlerRefusals;

/** Headers of every answer: never cached, never sniffed as another type. */
export const answerHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** An answer of the handler before it becomes a `Response` or a `node:http` reply: its body already JSON. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

/** An answer as JSON with `answerHeaders` (which win over `headers`). */
export const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  cookies: string[] = [],
): Answer => ({ status, headers: { ...headers, ...answerHeaders }, cookies, body: JSON.stringify(body) });

/** A refusal of the handler: `{ error: { kind, message } }` with its status. */
export function refusal(kind: HandlerRefusalKind, headers?: Record<string, string>): Answer {
  const [status, message] = handlerRefusals[kind];
  return json(status, { error: { kind, message } }, headers);
}

/** The answer as a Fetch `Response`. */
export function responseOf({ status, headers, cookies, body }: Answer): Response {
  const all = new Headers(headers);
  for (const cookie of cookies) all.append('set-cookie', cookie);
  return new Response(body, { status, headers: all });
}
