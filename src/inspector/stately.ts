import type { AnyEventObject, InspectionEvent, MachineContext, Observer } from 'xstate';
import { redact } from './redact.ts';

/** Why `createOtpInspector` refused to create an inspector. */
export type OtpInspectorRefusal =
  | 'skyNotAllowed'
  | 'skyOutsideBrowser'
  | 'noWindow'
  | 'missingPackage'
  | 'unknownKind';

/** Thrown (as a rejected promise) by `createOtpInspector`. */
export class OtpInspectorError extends Error {
  override readonly name = 'OtpInspectorError';
  readonly reason: OtpInspectorRefusal;

  constructor(reason: OtpInspectorRefusal, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Options of `createOtpInspector`; other `@statelyai/inspect` options are passed through. */
export interface OtpInspectorOptions {
  /**
   * - `browser`: opens Stately's inspector window (needs `window`).
   * - `websocket`: streams to a WebSocket server at `url`.
   * - `sky`: Stately Sky, a hosted service; refused unless `allowSky`, and refused outside a browser
   *   because `createSkyInspector` ignores `serialize` in Node.
   */
  kind: 'browser' | 'websocket' | 'sky';
  /** Inspector URL. @default the `@statelyai/inspect` default for the kind */
  url?: string;
  /** Allow `kind: 'sky'`, which sends every (redacted) event to a third-party service. @default false */
  allowSky?: boolean;
  /** Mask login IDs, emails and phone numbers too (see `redact`). @default false */
  maskLoginIds?: boolean;
  /** Runs before `redact`, which always runs last. @default none */
  serialize?: <T>(event: T) => T;
  /** @default true */
  autoStart?: boolean;
  /** Which events to send. @default every event */
  filter?: (event: { type: string }) => boolean;
  /** @default 200 */
  maxDeferredEvents?: number;
  /** Applied by `@statelyai/inspect` before `serialize`. @default none */
  sanitizeEvent?: (event: AnyEventObject) => AnyEventObject;
  /** Applied by `@statelyai/inspect` before `serialize`. @default none */
  sanitizeContext?: (context: MachineContext) => MachineContext;
  [option: string]: unknown;
}

/** An inspector created by `createOtpInspector`. */
export interface OtpInspector {
  /** Pass to `createActor(otpMachine, { inspect })`. */
  inspect: Observer<InspectionEvent>;
  start(): void;
  stop(): void;
  /** The `@statelyai/inspect` adapter. */
  adapter: unknown;
}

type StatelyInspect = typeof import('@statelyai/inspect');
type OptionsOf<K extends keyof StatelyInspect> = Parameters<StatelyInspect[K]>[0];

const hasWindow = (): boolean => typeof window !== 'undefined' && typeof document !== 'undefined';

async function loadStately(): Promise<StatelyInspect> {
  try {
    return await import('@statelyai/inspect');
  } catch {
    throw new OtpInspectorError('missingPackage', 'Install @statelyai/inspect to use createOtpInspector');
  }
}

function refusal(
  kind: string,
  allowSky: boolean,
  options: Record<string, unknown>,
): OtpInspectorError | null {
  if (kind === 'sky' && !allowSky) {
    return new OtpInspectorError(
      'skyNotAllowed',
      'Stately Sky sends events to a hosted service: pass allowSky',
    );
  }
  if (kind === 'sky' && !hasWindow()) {
    return new OtpInspectorError('skyOutsideBrowser', 'Stately Sky cannot redact events outside a browser');
  }
  if (kind === 'browser' && !hasWindow() && options.window === undefined) {
    return new OtpInspectorError('noWindow', 'The browser inspector needs a window');
  }
  if (kind !== 'browser' && kind !== 'websocket' && kind !== 'sky') {
    return new OtpInspectorError('unknownKind', `Unknown inspector kind: ${String(kind)}`);
  }
  return null;
}

/**
 * Creates a `@statelyai/inspect` inspector (loaded on demand: an optional peer dependency) whose
 * `serialize` is always `redact`, so codes and tokens never leave the process.
 * @example
 * const inspector = await createOtpInspector({ kind: 'websocket', url: 'ws://localhost:8080' });
 * createActor(otpMachine, { input, inspect: inspector.inspect }).start();
 */
export async function createOtpInspector(options: OtpInspectorOptions): Promise<OtpInspector> {
  const { kind, url, allowSky = false, maskLoginIds = false, serialize, ...rest } = options;
  const refused = refusal(kind, allowSky, rest);
  if (refused) throw refused;
  const stately = await loadStately();
  const safe = {
    ...rest,
    ...(url === undefined ? {} : { url }),
    serialize: <T>(event: T): T => redact(serialize ? serialize(event) : event, { maskLoginIds }),
  };
  if (kind === 'websocket') {
    return stately.createWebSocketInspector(safe as OptionsOf<'createWebSocketInspector'>) as OtpInspector;
  }
  if (kind === 'browser') {
    return stately.createBrowserInspector(safe as OptionsOf<'createBrowserInspector'>) as OtpInspector;
  }
  return stately.createSkyInspector(safe as OptionsOf<'createSkyInspector'>) as OtpInspector;
}
