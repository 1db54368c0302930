/*
 * The rules this statechart keeps, each held by a test:
 * 1. A resend invalidates every earlier code: a send bumps `generation`; a superseded verify is aborted.
 * 2. A failed resend leaves the current code valid: back to `awaitingCode`, same `generation`.
 * 3. Nothing invalid leaves the machine: a bad setting, login ID, address, code: `invalidInput`, no request.
 * 4. Exactly one request per send and per verify: no automatic retry.
 * 5. Time is in the machine, on the actor's clock: cooldown and expiry are its own timers (see time.ts).
 * 6. Nothing outlives the flow: `RESET` and `stop()` abort the request in flight and clear every timer.
 * 7. Secrets stay secret: the code only in the verify's input, the refresh JWT in a holder, tokens in output.
 */
import { and, assertEvent, assign, not, type SnapshotFrom, setup } from 'xstate';
import { isTerminalFailureKind } from './concepts.ts';
import {
  acceptedSend,
  createContext,
  failedRequest,
  resendProblemOf,
  resetFlow,
  sendProblemOf,
  sentCode,
} from './context.ts';
import { toFailure } from './failures.ts';
import type { OtpContext, OtpEvent, OtpInput, OtpSession } from './otp.types.ts';
import { serviceSlots } from './services.ts';
import { readSession } from './session.ts';
import { armTimers, hasPassed, nowOf, type TimerEvent, withOwnTime } from './time.ts';
import { normalizeCode } from './validate.ts';

const statechart = setup({
  types: {} as {
    context: OtpContext;
    events: OtpEvent | TimerEvent;
    input: OtpInput;
    output: OtpSession;
  },
  actors: serviceSlots,
  guards: {
    isValidSend: ({ context, event }) => {
      assertEvent(event, 'SEND');
      return sendProblemOf(context, event) === null;
    },
    isValidResend: ({ context, event }) => {
      assertEvent(event, 'RESEND');
      return resendProblemOf(context, event) === null;
    },
    isValidCode: ({ context, event }) => {
      assertEvent(event, 'SUBMIT_CODE');
      return normalizeCode(event.code, context.settings.codeLength) !== null;
    },
    isResendReady: ({ context }) => context.resendReady,
    hasSentCode: ({ context }) => context.generation > 0,
    hasExpiredCode: ({ context }) => context.codeExpired,
    isTerminalError: ({ event }) => 'error' in event && isTerminalFailureKind(toFailure(event.error).kind),
    isExpiredError: ({ event }) => 'error' in event && toFailure(event.error).kind === 'codeExpired',
  },
  actions: {
    assignSendProblem: assign(({ context, event }) => {
      assertEvent(event, 'SEND');
      return { error: sendProblemOf(context, event) };
    }),
    assignSend: assign(({ context, event }) => {
      assertEvent(event, 'SEND');
      return acceptedSend(context, event);
    }),
    assignResendProblem: assign(({ context, event }) => {
      assertEvent(event, 'RESEND');
      return { error: resendProblemOf(context, event) };
    }),
    assignResend: assign(({ context, event }) => {
      assertEvent(event, 'RESEND');
      return { pendingChannel: event.channel ?? context.channel, error: null };
    }),
    assignInvalidCode: assign({ error: { kind: 'invalidInput', field: 'code' } }),
    clearError: assign({ error: null }),
    assignSentCode: assign(({ context, event, self }) =>
      sentCode(context, 'output' in event ? event.output : undefined, nowOf(self)),
    ),
    assignFailure: assign(({ context, event, self }) =>
      failedRequest(context, toFailure('error' in event ? event.error : undefined), nowOf(self)),
    ),
    assignCodeExpired: assign(({ context }) => ({
      error:
        context.error?.kind === 'codeExpired' || context.error?.kind === 'rateLimited'
          ? context.error
          : { kind: 'codeExpired' as const },
    })),
    refuseExpiredCode: assign(({ context }) => ({
      error: context.error?.kind === 'codeExpired' ? context.error : { kind: 'codeExpired' as const },
    })),
    markPassedDeadlines: assign(({ context, self }) => ({
      resendReady: context.resendReady || hasPassed(context.resendAvailableAt, self),
      codeExpired: context.codeExpired || hasPassed(context.codeExpiresAt, self),
    })),
    resetFlow: assign(({ context, self }) => resetFlow(context, nowOf(self))),
    armClock: ({ context, self }) => armTimers(self, context),
  },
}).createMachine({
  id: 'otp',
  context: ({ input }) => createContext(input),
  initial: 'idle',
  output: ({ event }) => readSession(event.output),
  on: {
    RESET: { target: '.idle', actions: ['resetFlow', 'armClock'] },
    CODE_EXPIRED: { actions: ['markPassedDeadlines', 'armClock'] },
    COOLDOWN_ELAPSED: { actions: ['markPassedDeadlines', 'armClock'] },
  },
  states: {
    idle: {
      on: {
        SEND: [
          { guard: not('isValidSend'), actions: 'assignSendProblem' },
          { target: 'sending', guard: 'isResendReady', actions: 'assignSend' },
        ],
      },
    },
    sending: {
      invoke: {
        id: 'sendCode',
        src: 'sendCode',
        input: ({ context }) => ({
          settings: context.settings,
          operation: context.settings.operation,
          channel: context.pendingChannel ?? context.channel,
          loginId: context.loginId,
          newAddress: context.newAddress,
          refreshJwt: context.refreshJwt,
        }),
        onDone: { target: 'awaitingCode', actions: ['assignSentCode', 'armClock'] },
        onError: [
          { target: 'failed', guard: 'isTerminalError', actions: ['assignFailure', 'armClock'] },
          { target: 'awaitingCode', guard: 'hasSentCode', actions: ['assignFailure', 'armClock'] },
          { target: 'idle', actions: ['assignFailure', 'armClock'] },
        ],
      },
    },
    awaitingCode: {
      initial: 'valid',
      on: {
        RESEND: [
          { guard: and(['isResendReady', not('isValidResend')]), actions: 'assignResendProblem' },
          { target: '#otp.sending', guard: 'isResendReady', actions: 'assignResend' },
        ],
      },
      states: {
        valid: {
          always: { target: 'expired', guard: 'hasExpiredCode' },
          on: {
            SUBMIT_CODE: [
              { guard: not('isValidCode'), actions: 'assignInvalidCode' },
              { target: '#otp.verifying', actions: 'clearError' },
            ],
          },
        },
        expired: {
          entry: 'assignCodeExpired',
          on: { SUBMIT_CODE: { actions: 'refuseExpiredCode' } },
        },
      },
    },
    verifying: {
      invoke: {
        id: 'verifyCode',
        src: 'verifyCode',
        input: ({ context, event }) => {
          assertEvent(event, 'SUBMIT_CODE');
          return {
            settings: context.settings,
            channel: context.channel,
            loginId: context.loginId,
            // Stryker disable next-line StringLiteral: isValidCode lets only a code that normalizes reach verifying
            code: normalizeCode(event.code, context.settings.codeLength) ?? '',
          };
        },
        onDone: { target: 'authenticated' },
        onError: [
          { target: 'failed', guard: 'isTerminalError', actions: ['assignFailure', 'armClock'] },
          { target: 'awaitingCode.expired', guard: 'isExpiredError', actions: ['assignFailure', 'armClock'] },
          { target: 'awaitingCode', actions: ['assignFailure', 'armClock'] },
        ],
      },
      on: {
        RESEND: [
          { guard: and(['isResendReady', not('isValidResend')]), actions: 'assignResendProblem' },
          { target: '#otp.sending', guard: 'isResendReady', actions: 'assignResend' },
        ],
      },
    },
    authenticated: {
      type: 'final',
      output: ({ event }) => ('output' in event ? event.output : undefined),
    },
    failed: {},
  },
});

/**
 * The Descope OTP statechart with its `sendCode` and `verifyCode` actors left as slots: the ground floor that
 * `otpMachine` fills with Descope's channel services. Give it other services with
 * `otpStatechart.provide({ actors: { sendCode, verifyCode } })`. On restore,
 * `createActor(machine, { input, snapshot })` takes the settings and refresh JWT from `input`.
 */
export const otpStatechart = withOwnTime(statechart);

/** A snapshot of the statechart (and of `otpMachine`, which only fills its actor slots). */
export type OtpSnapshot = SnapshotFrom<typeof otpStatechart>;
