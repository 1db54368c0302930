import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-descope-sdk-name',
  'x-descope-sdk-version',
  'x-descope-project-id',
  'x-descope-sdk-session-id',
  'x-descope-refresh-cookie-name',
];

export interface ParsedBody {
  body: unknown;
  malformed: boolean;
}

export const readBody = (req: IncomingMessage, done: (text: string) => void): void => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    text += chunk;
  });
  req.on('end', () => done(text));
  req.on('error', () => {});
};

export const parseBody = (text: string): ParsedBody => {
  if (text === '') return { body: undefined, malformed: false };
  try {
    return { body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { body: text, malformed: true };
  }
};

export const flattenHeaders = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
};

const corsHeaders = (req: IncomingMessage): Record<string, string> => {
  const origin = req.headers.origin;
  return origin
    ? {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'retry-after',
        vary: 'Origin',
      }
    : { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'retry-after' };
};

const write = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  payload: string,
  headers: Record<string, string> = {},
): void => {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, {
    ...corsHeaders(req),
    ...(contentType ? { 'content-type': contentType } : {}),
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
};

export const sendJson = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void => write(req, res, status, 'application/json', JSON.stringify(body), headers);

export const sendEmpty = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers?: Record<string, string>,
): void => write(req, res, status, undefined, '', headers);

export const sendHtml = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers?: Record<string, string>,
): void => {
  const title = `${status} ${STATUS_CODES[status] ?? 'Bad Gateway'}`;
  const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  write(req, res, status, 'text/html', page, headers);
};

export const sendPreflight = (req: IncomingMessage, res: ServerResponse): void => {
  const requested = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && !ALLOWED_HEADERS.includes(name));
  sendEmpty(req, res, 204, {
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': [...ALLOWED_HEADERS, ...requested].join(', '),
    'access-control-max-age': '600',
  });
};
