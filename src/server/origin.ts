/** The origins allowed to call the handler, normalized; null for the request URL's own origin alone. */
export function allowedOriginsOf(origins: readonly string[] | undefined): ReadonlySet<string> | null {
  if (origins === undefined) return null;
  if (!Array.isArray(origins))
    throw new TypeError('createOtpHandler: allowedOrigins must be a list of origins');
  return new Set(
    origins.map((origin) => {
      const url = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin) : undefined;
      const isOrigin =
        url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if (!isOrigin || url.origin === 'null')
        throw new TypeError(
          `createOtpHandler: allowedOrigins holds ${JSON.stringify(origin)}, not an origin`,
        );
      return url.origin;
    }),
  );
}

/**
 * Why a request must be refused as cross-origin, or null when it may go on. A browser always sends
 * `Origin` on a cross-origin POST and `Sec-Fetch-Site` when it supports it; neither can be set by a page.
 */
export function originRefusal(
  headers: { origin: string | null; site: string | null },
  ownOrigin: () => string,
  allowed: ReadonlySet<string> | null,
): string | null {
  const { origin, site } = headers;
  const isAllowed = (value: string) => (allowed ? allowed.has(value) : value === ownOrigin());
  if (origin !== null && !isAllowed(origin)) return 'Requests from this origin are not allowed.';
  if (site === null || site === 'same-origin' || site === 'none') return null;
  if ((site === 'same-site' || site === 'cross-site') && origin !== null) return null;
  return 'Cross-site requests are not allowed.';
}

const hostPattern =
  /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?)(:\d{1,5})?$/i;

/** Whether a `Host` header names a host (a name, an IPv4 or a bracketed IPv6 address, and a port). */
export const isHost = (value: string | null): value is string =>
  value !== null && value.length <= 260 && hostPattern.test(value);
