/** The cookies a browser keeps for one site: what answers set, sent back with every request. */
export interface CookieJar {
  /** The `Cookie` header to send, or '' when the jar is empty. */
  header(): string;
  /** Keeps the cookies an answer sets. */
  keep(headers: Headers): void;
  /** The value of one cookie, if kept. */
  get(name: string): string | undefined;
}

export function cookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    keep(headers) {
      for (const cookie of headers.getSetCookie()) {
        const pair = cookie.split(';')[0] ?? '';
        const at = pair.indexOf('=');
        if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
    },
    get: (name) => cookies.get(name),
  };
}

/** `POST url` with a JSON body, as the app's page does: `Content-Type: application/json`, the jar's cookies. */
export async function postJson(url: string, body: unknown, jar?: CookieJar): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const cookie = jar?.header();
  if (cookie) headers.cookie = cookie;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  jar?.keep(response.headers);
  return response;
}
