import { isChannel, isPhoneChannel } from '../../../machines/concepts.ts';
import type { Channel, Operation, OtpFailureKind } from '../../../src/index.ts';

export const COOLDOWN_MS = 30_000;
export const CODE_TTL_MS = 120_000;
export const MAX_ATTEMPTS = 3;

/** The top state of the machine, with `awaitingCode.expired` as its own family. */
export type Family =
  | 'idle'
  | 'sending'
  | 'awaitingCode'
  | 'expired'
  | 'verifying'
  | 'authenticated'
  | 'failed';

/** A fault queued on the test server, taken by the next request. */
export type Fault =
  | { kind: 'status'; status: 500 | 503 }
  | { kind: 'status'; status: 429; retryAfterSeconds: number }
  | { kind: 'delay'; delayMs: number }
  | { kind: 'hang' | 'drop' | 'html' | 'empty' };

/** The most faults queued at once. */
export const MAX_FAULTS = 3;

/** What the flow should look like: much less than the machine knows. */
export interface OtpModel {
  readonly operation: Operation;
  /** The input's channel, where `RESET` returns to. */
  readonly inputChannel: Channel;
  /** Whether a hanging request ends as a `timeout` (a short `requestTimeoutMs`) instead of hanging. */
  readonly timesOut: boolean;
  family: Family;
  /** The channel of the newest code sent. */
  channel: Channel;
  /** Whether the login ID is a user at the server (a sign-up of it fails). */
  userExists: boolean;
  generation: number;
  now: number;
  resendAt: number;
  retryAt: number;
  expiresAt: number;
  wrongAttempts: number;
  /** Faults queued on the server, taken one per request, oldest first. */
  faults: Fault[];
  hanging: boolean;
  error: OtpFailureKind | null;
}

export interface ModelConfig {
  operation: Operation;
  channel: Channel;
  requestTimeoutMs?: number;
}

export const initialModel = (now: number, config: ModelConfig): OtpModel => ({
  operation: config.operation,
  inputChannel: config.channel,
  timesOut: config.requestTimeoutMs !== undefined,
  channel: config.channel,
  userExists: config.operation !== 'signUp' && config.operation !== 'signUpOrIn',
  family: 'idle',
  generation: 0,
  now,
  resendAt: 0,
  retryAt: 0,
  expiresAt: 0,
  wrongAttempts: 0,
  faults: [],
  hanging: false,
  error: null,
});

type Answer =
  | { kind: 'ok' }
  | { kind: 'hang' }
  | { kind: 'fail'; error: OtpFailureKind; retryAfterMs?: number };

const takeAnswer = (model: OtpModel): Answer => {
  const fault = model.faults.shift();
  if (fault === undefined || fault.kind === 'delay') return { kind: 'ok' };
  if (fault.kind === 'hang') return model.timesOut ? { kind: 'fail', error: 'timeout' } : { kind: 'hang' };
  if (fault.kind === 'drop') return { kind: 'fail', error: 'network' };
  if (fault.kind === 'status' && fault.status === 429) {
    return { kind: 'fail', error: 'rateLimited', retryAfterMs: fault.retryAfterSeconds * 1000 };
  }
  return { kind: 'fail', error: 'server' };
};

const fail = (model: OtpModel, answer: Extract<Answer, { kind: 'fail' }>) => {
  model.error = answer.error;
  if (answer.retryAfterMs !== undefined) {
    model.resendAt = Math.max(model.resendAt, model.now + answer.retryAfterMs);
    model.retryAt = Math.max(model.retryAt, model.now + answer.retryAfterMs);
  }
};

const backToCode = (model: OtpModel) => {
  model.family = model.now >= model.expiresAt ? 'expired' : 'awaitingCode';
  if (model.family === 'expired' && model.error !== 'rateLimited') model.error = 'codeExpired';
};

export const canSend = (model: OtpModel): boolean => model.family === 'idle' && model.now >= model.resendAt;

export const canResend = (model: OtpModel): boolean =>
  (model.family === 'awaitingCode' || model.family === 'expired' || model.family === 'verifying') &&
  model.now >= model.resendAt;

/** Whether a flow of `operation` may send over `channel` (an update only over its own kind of address). */
export const isChannelAllowed = (operation: Operation, channel: unknown): channel is Channel => {
  if (operation === 'updateEmail') return channel === 'email';
  if (operation === 'updatePhone') return isPhoneChannel(channel);
  return isChannel(channel);
};

/** Whether a `RESEND` may switch from `from` to `to`: sign-up-or-in keeps its kind of address. */
export const isSwitchAllowed = (operation: Operation, from: Channel, to: unknown): boolean =>
  to === undefined ||
  (isChannelAllowed(operation, to) &&
    (operation !== 'signUpOrIn' || isPhoneChannel(from) === isPhoneChannel(to)));

/** A send the machine accepted over `channel`: one request, then its answer. */
export const sendCode = (model: OtpModel, channel: Channel): void => {
  model.hanging = false;
  model.error = null;
  const answer = takeAnswer(model);
  if (answer.kind === 'ok' && model.operation === 'signUp' && model.userExists) {
    model.error = 'userAlreadyExists';
    model.family = 'failed';
  } else if (answer.kind === 'hang') {
    model.family = 'sending';
    model.hanging = true;
  } else if (answer.kind === 'ok') {
    if (model.operation === 'signUp' || model.operation === 'signUpOrIn') model.userExists = true;
    model.channel = channel;
    model.generation += 1;
    model.resendAt = model.now + COOLDOWN_MS;
    model.expiresAt = model.now + CODE_TTL_MS;
    model.wrongAttempts = 0;
    model.family = 'awaitingCode';
  } else {
    fail(model, answer);
    if (model.generation > 0) backToCode(model);
    else model.family = 'idle';
  }
};

/** A verify the machine accepted: one request, then its answer. */
export const verifyCode = (model: OtpModel, rightCode: boolean): void => {
  model.error = null;
  const answer = takeAnswer(model);
  if (answer.kind === 'hang') {
    model.family = 'verifying';
    model.hanging = true;
  } else if (answer.kind === 'fail') {
    fail(model, answer);
    backToCode(model);
  } else if (rightCode) {
    model.family = 'authenticated';
  } else {
    model.wrongAttempts += 1;
    if (model.wrongAttempts >= MAX_ATTEMPTS) {
      model.family = 'failed';
      model.error = 'tooManyAttempts';
    } else {
      model.error = 'wrongCode';
      backToCode(model);
    }
  }
};

/** A new flow; a rate limit's wait outlives it. */
export const reset = (model: OtpModel): void => {
  model.resendAt = model.retryAt > model.now ? model.retryAt : 0;
  model.family = 'idle';
  model.channel = model.inputChannel;
  model.generation = 0;
  model.hanging = false;
  model.error = null;
};

export const advance = (model: OtpModel, ms: number): void => {
  model.now += ms;
  if (model.family === 'awaitingCode' && model.now >= model.expiresAt) backToCode(model);
};
