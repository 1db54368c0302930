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

/** An answer as JSON with `answerHeaders`. */
export const json = (status: number, body: unknown, headers?: HeadersInit): Response => {
  const all = new Headers(headers);
  for (const [name, value] of Object.entries(answerHeaders)) all.set(name, value);
  return new Response(JSON.stringify(body), { status, headers: all });
};

/** A refusal of the handler: `{ error: { kind, message } }` with its status. */
export function refusal(kind: HandlerRefusalKind, headers?: HeadersInit): Response {
  const [status, message] = handlerRefusals[kind];
  return json(status, { error: { kind, message } }, headers);
}
