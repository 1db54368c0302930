/** Where the handler keeps the refresh JWT: an `HttpOnly` cookie. */
export interface RefreshCookieOptions {
  /** @default 'DSR' */
  name?: string;
  /** @default '/' */
  path?: string;
  /** @default none (the request's host only) */
  domain?: string;
  /** @default 'Strict' */
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** @default true */
  secure?: boolean;
}

/**
 * The flow-binding cookie: it holds a random secret whose SHA-256 each flow started in this browser
 * keeps, and it is always `HttpOnly; SameSite=Strict` and lives until the browser closes.
 */
export interface FlowCookieOptions {
  /**
   * `__Host-` cookies can be set only by this host over HTTPS, so a sibling subdomain or a network attacker
   * cannot plant a binding they know in the browser.
   * @default '__Host-otp-flow' when `secure`, with no domain and path `/`; else 'otp-flow'
   */
  name?: string;
  /** @default the refresh cookie's path, else '/' */
  path?: string;
  /** @default the refresh cookie's domain, else none (the request's host only) */
  domain?: string;
  /** Turn it off only for local development over `http:`. @default the refresh cookie's `secure`, else true */
  secure?: boolean;
}

/** A session cookie (no expiry) that scripts cannot read and no other site's request carries. */
export function serializeFlowCookie(
  value: string,
  options: Required<Omit<FlowCookieOptions, 'domain'>> & FlowCookieOptions,
): string {
  const parts = [`${options.name}=${value}`];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push('SameSite=Strict', `Path=${options.path}`);
  return parts.join('; ');
}

const expiryOf = (jwt: string): number | undefined => {
  try {
    const payload = JSON.parse(atob((jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp === 'number') return payload.exp;
  } catch {}
  return undefined;
};

export function serializeCookie(jwt: string, options: RefreshCookieOptions, nowMs: number): string {
  const { name = 'DSR', path = '/', domain, sameSite = 'Strict', secure = true } = options;
  const parts = [`${name}=${jwt}`];
  const exp = expiryOf(jwt);
  if (exp !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(exp - nowMs / 1000))}`);
  if (domain) parts.push(`Domain=${domain}`);
  parts.push('HttpOnly');
  if (secure) parts.push('Secure');
  parts.push(`SameSite=${sameSite}`, `Path=${path}`);
  return parts.join('; ');
}

export function readCookie(header: string | null, name: string): string | undefined {
  // Stryker disable next-line StringLiteral: a text without "=" holds no cookie, so it reads as no header
  const text = header ?? '';
  for (const part of text.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length > 0) return value.join('=');
  }
  return undefined;
}
