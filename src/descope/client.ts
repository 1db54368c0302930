import { ofetch } from 'ofetch';
import { OtpError } from '../../machines/failures.ts';
import type { OtpSettings } from '../../machines/otp.types.ts';
import { isAllowedBaseUrl } from '../../machines/validate.ts';
import { defaultBaseUrl, joinUrl } from './base-url.ts';
import { classifyResponse, classifyThrown, parseJsonObject } from './classify.ts';
import { sdkName, sdkVersion } from './version.ts';

/** One POST to the Descope API. */
export interface DescopeRequest {
  settings: OtpSettings;
  path: string;
  body: Record<string, unknown>;
  token?: string;
  /** Aborted when the flow stops or moves on; a request without one ends only by its answer or its timeout. */
  signal?: AbortSignal | undefined;
  /** The ofetch instance it goes out with. @default descopeApi */
  api?: typeof descopeApi | undefined;
}

/** The HTTP layer's ofetch instance: POST, no retry, no redirect, every answer read as text. */
export const descopeApi = ofetch.create({
  method: 'POST',
  // Stryker disable next-line BooleanLiteral: ofetch retries a POST only when retry is a number, so true and false both mean no retry
  retry: false,
  redirect: 'manual',
  ignoreResponseError: true,
  responseType: 'text',
});

function resolveBaseUrl(settings: OtpSettings): string {
  const baseUrl = settings.baseUrl ?? defaultBaseUrl(settings.projectId);
  if (baseUrl && isAllowedBaseUrl(baseUrl)) return baseUrl;
  throw new OtpError({
    kind: 'invalidInput',
    field: settings.baseUrl === undefined ? 'projectId' : 'baseUrl',
  });
}

export function descopeHeaders(projectId: string, token?: string): Record<string, string> {
  return {
    authorization: `Bearer ${token ? `${projectId}:${token}` : projectId}`,
    'x-descope-sdk-name': sdkName,
    'x-descope-sdk-version': sdkVersion,
    'x-descope-project-id': projectId,
  };
}

export async function postDescope({ settings, path, body, token, signal, api = descopeApi }: DescopeRequest) {
  const url = joinUrl(resolveBaseUrl(settings), path);
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  if (signal?.aborted) abort();
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException(
          // Stryker disable next-line StringLiteral: only the name of the abort reason is read, never its message
          'Timed out',
          'TimeoutError',
        ),
      ),
    settings.requestTimeoutMs,
  );
  try {
    const response = await api.raw<string>(url, {
      body,
      headers: descopeHeaders(settings.projectId, token),
      signal: controller.signal,
    });
    // Stryker disable next-line StringLiteral: _data is missing only for a body-less status, and '' and any other non-JSON text classify alike
    const text = response._data ?? '';
    if (!response.ok) {
      throw new OtpError(classifyResponse(response.status, text, response.headers.get('retry-after')));
    }
    const json = parseJsonObject(text);
    if (!json) throw new OtpError({ kind: 'server', status: response.status });
    return json;
  } catch (error) {
    if (error instanceof OtpError) throw error;
    throw new OtpError(classifyThrown(controller.signal.aborted ? controller.signal.reason : error));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
