/** A request body read as a JSON object, or why it was not. */
export type BodyResult = Record<string, unknown> | 'tooLarge' | 'timeout' | 'notJson';

const isJsonMediaType = (header: string | null) =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Whether the request says its body is JSON (`application/json`, parameters such as `charset` allowed). */
export const hasJsonBody = (request: Request): boolean =>
  isJsonMediaType(request.headers.get('content-type'));

async function readText(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number) {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
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

/** Reads at most `maxBytes` of the body as a JSON object, giving up after `timeoutMs`. */
export async function readBody(request: Request, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  if (Number(request.headers.get('content-length')) > maxBytes) return 'tooLarge';
  const reader = request.body?.getReader();
  if (!reader) return 'notJson';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const text = await Promise.race([readText(reader, maxBytes), timeout]);
    if (text === 'tooLarge' || text === 'timeout') {
      reader.cancel().catch(() => {});
      return text;
    }
    return parseObject(text);
  } catch {
    return 'notJson';
  } finally {
    clearTimeout(timer);
  }
}
