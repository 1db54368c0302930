import { assertEvent, assign, type ErrorActorEvent, setup } from 'xstate';
import { createContext, failedRequest, resetFlow, sentCode } from './context.ts';
import { isTerminalFailure, toFailure } from './failures.ts';
import type {
  OtpContext,
  OtpEvent,
  OtpFailure,
  OtpInput,
  OtpSession,
  ResendEvent,
  SendCodeOutput,
  SendEvent,
} from './otp.types.ts';
import { serviceSlots } from './services.ts';
import { readSession } from './session.ts';
import { armTimers, hasPassed, nowOf, type TimerEvent, withOwnTime } from './time.ts';
import { normalizeCode, validateChannelSwitch, validateSendEvent, validateSettings } from './validate.ts';

const sendProblem = (context: OtpContext, event: SendEvent) =>
  validateSendEvent(context.settings, context.refreshJwt !== null, event);
const resendProblem = (context: OtpContext, event: ResendEvent) =>
  validateSettings(context.settings, context.refreshJwt !== null) ??
  validateChannelSwitch(context.settings.operation, context.channel, event.channel);
const failureOf = ({ event }: { event: ErrorActorEvent }) => toFailure(event.error);
const newAddressOf = (context: OtpContext, event: SendEvent) => {
  const { operation } = context.settings;
  return (
    (operation === 'updateEmail' ? event.email : operation === 'updatePhone' ? event.phone : null) ?? null
  );
};

const resend = [
  { guard: 'hasInvalidResend', actions: 'assignInvalidResend' },
  { guard: 'isResendReady', target: '#otp.sending', actions: 'assignResend' },
] as const;

const onFailure = (target: string) =>
  ({ target, actions: [{ type: 'assignFailure', params: failureOf }, 'armClock'] }) as const;

const statechart = setup({
  types: {} as {
    context: OtpContext;
    events: OtpEvent | TimerEvent;
    input: OtpInput;
    output: OtpSession;
  },
  actors: serviceSlots,
  guards: {
    hasInvalidSend: ({ context, event }) => {
      assertEvent(event, 'SEND');
      return sendProblem(context, event) !== null;
    },
    hasInvalidResend: ({ context, event }) => {
      assertEvent(event, 'RESEND');
      return context.resendReady && resendProblem(context, event) !== null;
    },
    hasInvalidCode: ({ context, event }) => {
      assertEvent(event, 'SUBMIT_CODE');
      return normalizeCode(event.code, context.settings.codeLength) === null;
    },
    hasSentCode: ({ context }) => context.generation > 0,
    hasExpiredCode: ({ context }) => context.codeExpired,
    isResendReady: ({ context }) => context.resendReady,
    isTerminalError: (_, failure: OtpFailure) => isTerminalFailure(failure),
    isExpiredError: (_, failure: OtpFailure) => failure.kind === 'codeExpired',
  },
  actions: {
    assignInvalidSend: assign(({ context, event }) => {
      assertEvent(event, 'SEND');
      return { error: sendProblem(context, event) };
    }),
    assignSend: assign(({ context, event }) => {
      assertEvent(event, 'SEND');
      return {
        loginId: event.loginId,
        pendingChannel: event.channel ?? context.settings.channel,
        newAddress: newAddressOf(context, event),
        error: null,
      };
    }),
    assignInvalidResend: assign(({ context, event }) => {
      assertEvent(event, 'RESEND');
      return { error: resendProblem(context, event) };
    }),
    assignResend: assign(({ context, event }) => {
      assertEvent(event, 'RESEND');
      return { pendingChannel: event.channel ?? context.channel, error: null };
    }),
    markPassedDeadlines: assign(({ context, self }) => ({
      resendReady: context.resendReady || hasPassed(context.resendAvailableAt, self),
      codeExpired: context.codeExpired || hasPassed(context.codeExpiresAt, self),
    })),
    assignSentCode: assign(({ context, self }, output: SendCodeOutput) =>
      sentCode(context, output, nowOf(self)),
    ),
    assignFailure: assign(({ context, self }, failure: OtpFailure) =>
      failedRequest(context, failure, nowOf(self)),
    ),
    assignInvalidCode: assign({ error: { kind: 'invalidInput', field: 'code' } }),
    clearError: assign({ error: null }),
    refuseExpiredCode: assign(({ context }) => ({
      error: context.error?.kind === 'codeExpired' ? context.error : { kind: 'codeExpired' as const },
    })),
    assignCodeExpired: assign(({ context }) => ({
      error:
        context.error?.kind === 'codeExpired' || context.error?.kind === 'rateLimited'
          ? context.error
          : { kind: 'codeExpired' as const },
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
          { guard: 'hasInvalidSend', actions: 'assignInvalidSend' },
          { guard: 'isResendReady', target: 'sending', actions: 'assignSend' },
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
        onDone: {
          target: 'awaitingCode',
          actions: [{ type: 'assignSentCode', params: ({ event }) => event.output }, 'armClock'],
        },
        onError: [
          { guard: { type: 'isTerminalError', params: failureOf }, ...onFailure('failed') },
          { guard: 'hasSentCode', ...onFailure('awaitingCode') },
          onFailure('idle'),
        ],
      },
    },
    awaitingCode: {
      initial: 'valid',
      on: { RESEND: resend },
      states: {
        valid: {
          always: { guard: 'hasExpiredCode', target: 'expired' },
          on: {
            SUBMIT_CODE: [
              { guard: 'hasInvalidCode', actions: 'assignInvalidCode' },
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
            code: normalizeCode(event.code, context.settings.codeLength) ?? '',
          };
        },
        onDone: { target: 'authenticated' },
        onError: [
          { guard: { type: 'isTerminalError', params: failureOf }, ...onFailure('failed') },
          { guard: { type: 'isExpiredError', params: failureOf }, ...onFailure('awaitingCode.expired') },
          onFailure('awaitingCode'),
        ],
      },
      on: { RESEND: resend },
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
