/** A request body read as a JSON object, or why it was not. */
export type BodyResult = Record<string, unknown> | 'tooLarge' | 'timeout' | 'notJson';

/** Where a request body's bytes come from: its chunks, and how to stop reading it. */
export interface BodySource {
  next(): Promise<{ done: false; value: Uint8Array } | { done: true; value?: unknown }>;
  cancel(): void;
}

/** Whether a `Content-Type` says JSON (`application/json`, parameters such as `charset` allowed). */
export const isJsonMediaType = (header: string | null): boolean =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';

/** The body of a Fetch `Request` as a `BodySource`, or undefined when it has none. */
export function requestBodySource(request: Request): BodySource | undefined {
  const reader = request.body?.getReader();
  if (!reader) return undefined;
  return {
    next: () => reader.read(),
    cancel: () => void reader.cancel().catch(() => {}),
  };
}

async function readText(source: BodySource, maxBytes: number) {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let read = await source.next(); !read.done; read = await source.next()) {
    size += read.value.byteLength;
    if (size > maxBytes) return 'tooLarge';
    text += decoder.decode(read.value, { stream: true });
  }
  return text + decoder.decode();
}

function parseObject(text: string): BodyResult {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : 'notJson';
  } catch {
    return 'notJson';
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
  if (Number(contentLength) > maxBytes) return 'tooLarge';
  if (!source) return 'notJson';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const text = await Promise.race([readText(source, maxBytes), timeout]);
    if (text === 'tooLarge' || text === 'timeout') {
      source.cancel();
      return text;
    }
    return parseObject(text);
  } catch {
    return 'notJson';
  } finally {
    clearTimeout(timer);
  }
}
