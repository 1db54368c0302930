import { isRecord } from '../../machines/record.ts';
import { type ApiRequest, type ApiResponse, authorize, type Handler, type RouteContext } from './context.ts';
import { malformed, methodNotAllowed, notFound, unknownProject } from './errors.ts';
import { checkManagementKey, managementRoutes } from './management-routes.ts';
import { otpRoutes } from './otp-routes.ts';
import { sessionRoutes } from './session-routes.ts';

export type { ApiRequest, ApiResponse, RouteContext } from './context.ts';

type Method = 'GET' | 'POST' | 'DELETE';

interface Route {
  method: Method;
  handle: Handler;
}

const KEYS_PREFIX = '/v2/keys/';
const MANAGEMENT_PREFIX = '/v1/mgmt/';

const table = new Map<string, Route>([
  ...otpRoutes().map(([path, handle]): [string, Route] => [path, { method: 'POST', handle }]),
  ...[...sessionRoutes(), ...managementRoutes()].map(([path, method, handle]): [string, Route] => [
    path,
    { method, handle },
  ]),
]);

const keySet = (ctx: RouteContext, request: ApiRequest): ApiResponse => {
  if (request.method !== 'GET') throw methodNotAllowed(request.method, 'GET');
  if (request.path.slice(KEYS_PREFIX.length) !== ctx.projectId) throw unknownProject();
  return { status: 200, body: ctx.tokens.keys.jwks() };
};

export const route = async (ctx: RouteContext, request: ApiRequest): Promise<ApiResponse> => {
  if (request.path.startsWith(KEYS_PREFIX)) return keySet(ctx, request);
  const found = table.get(request.path);
  if (!found) {
    if (request.path.startsWith(MANAGEMENT_PREFIX))
      checkManagementKey(ctx, authorize(ctx, request.authorization));
    throw notFound(request.path);
  }
  if (request.method !== found.method) throw methodNotAllowed(request.method, found.method);
  const auth = authorize(ctx, request.authorization);
  if (request.malformed) throw malformed('Request body is not valid JSON');
  const body = request.body === undefined ? {} : request.body;
  if (!isRecord(body)) throw malformed();
  return found.handle(ctx, { auth, body });
};
