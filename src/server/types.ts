import type {
  Channel,
  OtpFailure,
  OtpInput,
  OtpSession,
  OtpStatus,
  OtpViewData,
  PersistedFlow,
  SendEvent,
} from '../index.ts';
import type { OtpAbuseOptions } from './abuse-options.ts';
import type { FlowInspector } from './inspect.ts';
import type { RateLimitedFailure, ServerFailure } from './kinds.ts';
import type { LimitCounter, LimitCounterOptions } from './limits.ts';

/** A step's failure: one of Descope's (`OtpFailure`), one of the server's own (`ServerFailure`), or a server limit's `rateLimited`. */
export type FlowFailure = OtpFailure | ServerFailure | RateLimitedFailure;

/** The serializable part of `connect`'s view (`OtpViewData`), never a session. */
export type FlowView = Omit<OtpViewData, 'session'>;

/** What every step of a server flow resolves to. Steps never reject. */
export interface FlowStep {
  /**
   * The flow's ID: unguessable, 128 random bits or more. Send it back with the next step. Null when a
   * step on an existing flow ID could not read that flow (`busy`, `unknownFlow`, `storeUnavailable`) or
   * refused its arguments: an answer never repeats an ID it did not make.
   */
  flowId: string | null;
  /** The flow's top-level state after the step, or null when the flow could not be read (`busy`, `unknownFlow`, `storeUnavailable`). */
  status: OtpStatus | null;
  /** This step's failure, or null. */
  error: FlowFailure | null;
  /** What a UI renders for the flow (`connect`'s view without its functions), or null when the flow could not be read. */
  view: FlowView | null;
  /** The session, only when the step authenticated the user. It holds tokens: it is never stored. */
  session?: OtpSession;
}

/** What `submitCode` and `cancel` take beside the flow ID (and the code). */
export interface FlowStepOptions {
  /** The binding the flow was started with, if any (see `StartFlowOptions.binding`). */
  binding?: string;
  /** The client's IP address, for `onEvent`. @default none */
  clientIp?: string;
}

/** What `resend` takes. */
export interface ResendFlowOptions extends FlowStepOptions {
  /** Send the code over this channel instead of the flow's current one: one of `OtpFlowsOptions.channels`. */
  channel?: Channel;
  /** The signed-in user's refresh JWT, for updates and step-up sign-in. Used for this step only, never stored. */
  refreshJwt?: string;
  /** The client's IP address, for the `perClientIp` limit, `verifyHuman` and `onEvent`. @default none (no per-IP limit) */
  clientIp?: string;
  /** The bot check's token (the widget's answer), passed to `verifyHuman`. @default none */
  captchaToken?: string;
}

/** What `start` takes: the `SEND` event of a new flow (its login ID, channel, new email or phone), and the refresh JWT of an update. */
export interface StartFlowOptions extends Omit<SendEvent, 'type' | 'channel'>, ResendFlowOptions {
  /**
   * The flow's binding: a secret (16 to 512 characters; give it 128 random bits or more) that only the
   * client that started the flow holds. `start` keeps its SHA-256 with the flow; every later step of a
   * flow started with one must give the same binding, or it answers `unknownFlow`, does nothing, sends
   * nothing. @default none (the flow ID alone lets any client take the next step)
   */
  binding?: string;
}

/** A flow as the store holds it, read under the lease `token`. */
export interface FlowLease {
  /** The lease's token: only the step that took the lease knows it. */
  readonly token: string;
  /** The entry's version when the lease was taken: `commit` succeeds only while it is unchanged. */
  readonly version: number;
  /** The stored flow, untrusted (`restoreFlow` checks it); undefined when the entry holds none or is unreadable. */
  readonly flow: unknown;
}

/**
 * What `FlowStore.acquire` resolves to: `leased` with the lease it took; `busy` when another unexpired
 * lease holds the entry (nothing changed); `missing` when there is no entry (or none that can be read).
 */
export type FlowAcquisition =
  | { readonly kind: 'leased'; readonly lease: FlowLease }
  | { readonly kind: 'busy' }
  | { readonly kind: 'missing' };

/**
 * Where server flows wait between two steps, shared by every instance. Each operation is atomic.
 * Every operation either resolves or rejects (a rejection means the store could not be reached). A store
 * whose operation can still take effect after it rejected (a command that reaches the server late) must
 * undo that effect itself: release a lease taken late, delete an empty entry created late.
 */
export interface FlowStore {
  /** Creates an empty entry leased to `token` for `leaseMs`; resolves to false when `flowId` exists. */
  create(flowId: string, token: string, leaseMs: number): Promise<boolean>;
  /**
   * Takes the lease of an entry for `leaseMs` unless another unexpired lease holds it: resolves to
   * `{ kind: 'leased', lease }`, `{ kind: 'busy' }` or `{ kind: 'missing' }`.
   */
  acquire(flowId: string, token: string, leaseMs: number): Promise<FlowAcquisition>;
  /**
   * Stores `flow` (or, for null, deletes the entry) and frees the lease, only if `lease` still holds
   * it, unexpired, and the entry's version is unchanged; resolves to whether it did.
   */
  commit(flowId: string, lease: FlowLease, flow: PersistedFlow | null): Promise<boolean>;
  /** Frees the lease `token` holds, leaving the entry as it is. */
  release(flowId: string, token: string): Promise<void>;
  /**
   * Makes the counter of one of `createOtpFlows`'s `limits`, kept beside the flows so that every instance
   * sharing the store shares the counts (any rate-limiter-flexible limiter fits).
   * @default counters in this process's memory
   */
  limiter?(options: LimitCounterOptions): LimitCounter;
}

/** Options of `createOtpFlows`. */
export interface OtpFlowsOptions extends OtpAbuseOptions {
  /**
   * The input of every flow (settings, project ID), read once here: later changes to the object do not reach
   * the flows. Pass the refresh JWT to the steps instead.
   */
  input: OtpInput;
  /** Where flows wait between steps. @default memoryFlowStore() (one process only) */
  store?: FlowStore;
  /**
   * Added to the input's `requestTimeoutMs` to make a step's lease: a step that outlives it stores nothing.
   * The checks before a request add their own bound: 5 s with limits on, 10 s with `verifyHuman`.
   * @default 5000
   */
  leaseMarginMs?: number;
  /**
   * Streams every step's inspection events, redacted in this process and tagged with `flowId` and
   * `instance`: the local inspector's `inspect`, or `inspectToLocal(url)` from
   * `descope-otp-machine/inspector` for an inspector in another process. The page shows a flow as one
   * timeline across its steps, whichever instance ran them.
   * @default none
   */
  inspect?: FlowInspector;
  /** This instance's name in the inspector. @default `pid <process ID>`, or `server` where there is no process */
  instance?: string;
  /**
   * The delivery methods a step may name (`start`'s and `resend`'s `channel`); any other answers
   * `invalidInput` (`field: 'channel'`) and sends nothing. List both `sms` and `voice` to let a resend
   * fall back from one to the other. It must include the input's channel; an unknown name throws a
   * `TypeError` here. @default [input.channel ?? 'email']
   */
  channels?: readonly Channel[];
}

/** The steps of server flows. Every step resolves to a `FlowStep` and never rejects. */
export interface OtpFlows {
  /** Starts a flow and sends its first code. The flow is kept only while it awaits a code. */
  start(options: StartFlowOptions): Promise<FlowStep>;
  /** Sends a new code, which invalidates the one before. Refused as `rateLimited` while the cooldown runs. */
  resend(flowId: string | null, options?: ResendFlowOptions): Promise<FlowStep>;
  /** Verifies a code. An authenticated or failed flow is deleted at once. */
  submitCode(flowId: string | null, code: string, options?: FlowStepOptions): Promise<FlowStep>;
  /** Ends a flow: deletes it and answers its view after `RESET`. */
  cancel(flowId: string | null, options?: FlowStepOptions): Promise<FlowStep>;
}
