import { inspectToLocal, type OtpInput } from 'descope-otp-machine';
import type { InspectionEvent } from 'xstate';

/** Where an example page sends its requests, read from the query string, then Vite env. */
export interface ExampleSettings {
  /** @default 'http://127.0.0.1:4010' (the test server of `npm run examples`) */
  baseUrl: string;
  /** @default 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' (the test server's project) */
  projectId: string;
  /** From `?cooldownMs=`. @default 30000 */
  resendCooldownMs: number;
  /**
   * The local inspector's source URL, from `?inspect=` (bare `?inspect` means the one `npm run examples`
   * starts); `null` without `?inspect`. @default null
   */
  inspectUrl: string | null;
}

/** Where `npm run examples` (and `npm run inspect`) take pages' flows. */
export const defaultInspectUrl = 'ws://127.0.0.1:4020/source';

export const defaultSettings: ExampleSettings = {
  baseUrl: 'http://127.0.0.1:4010',
  projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z',
  resendCooldownMs: 30_000,
  inspectUrl: null,
};

const nonEmpty = (...values: (string | null | undefined)[]) => values.find((value) => value) ?? undefined;

export function readSettings(
  search: string = window.location.search,
  env: Partial<ImportMetaEnv> = import.meta.env,
): ExampleSettings {
  const query = new URLSearchParams(search);
  const cooldown = Number(query.get('cooldownMs') || Number.NaN);
  return {
    baseUrl: nonEmpty(query.get('baseUrl'), env.VITE_DESCOPE_BASE_URL) ?? defaultSettings.baseUrl,
    projectId: nonEmpty(query.get('projectId'), env.VITE_DESCOPE_PROJECT_ID) ?? defaultSettings.projectId,
    resendCooldownMs:
      Number.isFinite(cooldown) && cooldown >= 0 ? cooldown : defaultSettings.resendCooldownMs,
    inspectUrl: query.has('inspect') ? query.get('inspect') || defaultInspectUrl : null,
  };
}

/** The machine input every example uses: sign-up-or-in, SMS first. */
export function exampleInput(settings: ExampleSettings = readSettings()): OtpInput {
  return {
    projectId: settings.projectId,
    baseUrl: settings.baseUrl,
    operation: 'signUpOrIn',
    channel: 'sms',
    resendCooldownMs: settings.resendCooldownMs,
  };
}

/** What every example passes to `createActor` / `useMachine`: the input, and `inspect` with `?inspect`. */
export function exampleOptions(settings: ExampleSettings = readSettings()): {
  input: OtpInput;
  inspect?: (event: InspectionEvent) => void;
} {
  const input = exampleInput(settings);
  return settings.inspectUrl ? { input, inspect: inspectToLocal(settings.inspectUrl) } : { input };
}
