import type { DescopeErrorFields, OtpFailure } from '../../machines/otp.types.ts';
import { isRecord } from '../../machines/record.ts';

const defaultRetryAfterMs = 60_000;

const kindsByCode: Record<string, OtpFailure['kind']> = {
  E061102: 'wrongCode',
  E061103: 'tooManyAttempts',
  E061104: 'codeExpired',
  E062107: 'userAlreadyExists',
  E062108: 'userNotFound',
  E062125: 'conflict',
  E130429: 'rateLimited',
};

export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return defaultRetryAfterMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? defaultRetryAfterMs : Math.max(0, date - now);
}

type Fields = Record<string, unknown>;

/** Copies into `into` the fields of `json` that have the type `types` names for them (never `null`). */
export function withTyped<T>(
  json: Fields,
  types: Record<string, 'string' | 'number' | 'object'>,
  into: T,
): T {
  for (const [field, type] of Object.entries(types)) {
    if (typeof json[field] === type && json[field] !== null) (into as Fields)[field] = json[field];
  }
  return into;
}

const errorTypes = { errorCode: 'string', errorDescription: 'string' } as const;

export function classifyResponse(status: number, text: string, retryAfter: string | null): OtpFailure {
  const body = parseJsonObject(text);
  const fields = withTyped<DescopeErrorFields>(body ?? {}, errorTypes, {});
  const kind = fields.errorCode ? kindsByCode[fields.errorCode] : undefined;
  if (kind === 'rateLimited' || status === 429) {
    return { kind: 'rateLimited', retryAfterMs: retryAfterMs(retryAfter), ...fields };
  }
  if (kind) return { kind, ...fields } as OtpFailure;
  if (status === 401 || status === 403) return { kind: 'unauthorized', status, ...fields };
  if (retryAfter) return { kind: 'server', status, retryAfterMs: retryAfterMs(retryAfter), ...fields };
  return { kind: 'server', status, ...fields };
}

export function classifyThrown(error: unknown): OtpFailure {
  const name = isRecord(error) ? error.name : undefined;
  return name === 'TimeoutError' ? { kind: 'timeout' } : { kind: 'network' };
}
