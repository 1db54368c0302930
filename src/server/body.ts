import { isRecord } from '../../machines/record.ts';
import type { HandlerRefusalKind } from './refusals.ts';

/** Why the handler refuses a request body. */
type BodyRefusal = {
  readonly kind: 'refused';
  readonly refusal: Extract<HandlerRefusalKind, 'bodyTooLarge' | 'bodyTimeout' | 'badRequest'>;
};

/** A request body read as a JSON object, or the handler's refusal of it. */
export type BodyResult = { readonly kind: 'read'; readonly body: Record<string, unknown> } | BodyRefusal;

const refused = (refusal: BodyRefusal['refusal']): BodyRefusal => ({ kind: 'refused', refusal });

const isJsonMediaType = (header: string | null) =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Whether the request says its body is JSON (`application/json`, parameters such as `charset` allowed). */
export const hasJsonBody = (request: Request): boolean =>
  isJsonMediaType(request.headers.get('content-type'));

async function readText(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<string | BodyRefusal> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) return refused('bodyTooLarge');
    text += decoder.decode(read.value, { stream: true });
  }
  return text + decoder.decode();
}

function parseObject(text: string): BodyResult {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? { kind: 'read', body: value } : refused('badRequest');
  } catch {
    return refused('badRequest');
  }
}

/** Reads at most `maxBytes` of the body as a JSON object, giving up after `timeoutMs`. */
export async function readBody(request: Request, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  if (Number(request.headers.get('content-length')) > maxBytes) return refused('bodyTooLarge');
  const reader = request.body?.getReader();
  if (!reader) return refused('badRequest');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<BodyRefusal>((resolve) => {
    timer = setTimeout(() => resolve(refused('bodyTimeout')), timeoutMs);
  });
  try {
    const text = await Promise.race([readText(reader, maxBytes), timeout]);
    if (typeof text !== 'string') {
      reader.cancel().catch(() => {});
      return text;
    }
    return parseObject(text);
  } catch {
    return refused('badRequest');
  } finally {
    clearTimeout(timer);
  }
}
