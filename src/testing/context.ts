import { missingArgument, unauthorized, unknownProject } from './errors.ts';
import type { Store } from './store.ts';
import type { Tokens } from './tokens.ts';
import type { DeliveredCode } from './types.ts';

export interface RouteContext {
  projectId: string;
  store: Store;
  tokens: Tokens;
  now: () => number;
  codeTtlMs: number;
  maxAttempts: number;
  refreshTtlSeconds: number;
  managementKey: string | undefined;
  deliver(delivery: DeliveredCode): void;
}

export interface ApiRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  malformed: boolean;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export type Body = Record<string, unknown>;

/** What follows the project ID in `Authorization: Bearer <projectId>:<secret>`: a JWT or a management key. */
export interface Auth {
  jwt: string | undefined;
}

export interface Call {
  auth: Auth;
  body: Body;
}

export type Handler = (ctx: RouteContext, call: Call) => ApiResponse | Promise<ApiResponse>;

export const text = (body: Body, key: string): string | undefined => {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const required = (body: Body, key: string): string => {
  const value = text(body, key);
  if (value === undefined) throw missingArgument(key);
  return value;
};

export const authorize = (ctx: RouteContext, header: string | undefined): Auth => {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match) throw unauthorized('Missing or malformed Authorization header');
  const token = match[1]!;
  const colon = token.indexOf(':');
  const projectId = colon < 0 ? token : token.slice(0, colon);
  if (projectId !== ctx.projectId) throw unknownProject();
  return { jwt: colon < 0 ? undefined : token.slice(colon + 1) || undefined };
};
