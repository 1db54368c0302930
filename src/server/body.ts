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

/** Where a request body's bytes come from: its chunks, and how to stop reading it. */
export interface BodySource {
  next(): Promise<{ done: false; value: Uint8Array } | { done: true; value?: unknown }>;
  cancel(): void;
}

/** Whether a `Content-Type` says JSON (`application/json`, parameters such as `charset` allowed). */
export const isJsonMediaType = (header: string | null): boolean =>
  // Stryker disable next-line OptionalChaining: a split always has a first part (the twin on header is killed and goes with it)
  header?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** The body of a Fetch `Request` as a `BodySource`, or undefined when it has none. */
export function requestBodySource(request: Request): BodySource | undefined {
  const reader = request.body?.getReader();
  // Stryker disable next-line ConditionalExpression: a source without a reader fails its first read, answered badRequest as no source is
  if (!reader) return undefined;
  return {
    next: () => reader.read(),
    cancel: () => void reader.cancel().catch(() => {}),
  };
}

async function readText(source: BodySource, maxBytes: number): Promise<string | BodyRefusal> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let read = await source.next(); !read.done; read = await source.next()) {
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

/**
 * Reads at most `maxBytes` of the body as a JSON object, giving up after `timeoutMs`; a declared
 * `contentLength` over the limit is refused before reading.
 */
export async function readBody(
  contentLength: string | null,
  source: BodySource | undefined,
  maxBytes: number,
  timeoutMs: number,
): Promise<BodyResult> {
  if (Number(contentLength) > maxBytes) return refused('bodyTooLarge');
  // Stryker disable next-line ConditionalExpression: reading no source throws, which is answered badRequest too
  if (!source) return refused('badRequest');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<BodyRefusal>((resolve) => {
    timer = setTimeout(() => resolve(refused('bodyTimeout')), timeoutMs);
  });
  try {
    const text = await Promise.race([readText(source, maxBytes), timeout]);
    if (typeof text !== 'string') {
      source.cancel();
      return text;
    }
    return parseObject(text);
  } catch {
    return refused('badRequest');
  } finally {
    clearTimeout(timer);
  }
}
