import { type AnyEventObject, and, assign, setup } from 'xstate';
import { sendCode, verifyCode } from '../src/channels/index.ts';
import { codeExpiryInput, cooldownInput, nowOf, type TimerEvent, timer } from './clock.ts';
import { createContext, failedRequest, resetFlow, sentCode } from './context.ts';
import { isTerminalFailure, toFailure } from './failures.ts';
import type { OtpContext, OtpEvent, OtpInput, OtpSession, SendCodeOutput } from './otp.types.ts';
import { withInputOnRestore } from './restore.ts';
import { normalizeCode, validateChannelSwitch, validateSendEvent, validateSettings } from './validate.ts';

type Fields = Record<string, unknown>;
const fields = (event: AnyEventObject): Fields => event as Fields;
const errorOf = (event: AnyEventObject) => toFailure(fields(event).error);
const sendProblem = (context: OtpContext, event: AnyEventObject) =>
  validateSendEvent(context.settings, context.refreshJwt !== null, fields(event));
const resendProblem = (context: OtpContext, event: AnyEventObject) =>
  validateSettings(context.settings, context.refreshJwt !== null) ??
  validateChannelSwitch(context.operation, context.channel, fields(event).channel);
const codeOf = (context: OtpContext, event: AnyEventObject) =>
  normalizeCode(fields(event).code, context.settings.codeLength);

const cooldown = {
  id: 'cooldown',
  src: 'timer',
  input: ({ context }: { context: OtpContext }) => cooldownInput(context),
} as const;

const resend = [
  { guard: and(['isResendReady', 'hasInvalidResend']), actions: 'assignInvalidResend' },
  { guard: 'isResendReady', target: '#otp.sending', actions: 'assignResend' },
] as const;

/**
 * The Descope OTP statechart. Create it with `createActor(otpMachine, { input })`.
 * On restore, `createActor(otpMachine, { input, snapshot })` takes its settings and refresh JWT from `input`.
 */
export const otpMachine = setup({
  types: {
    context: {} as OtpContext,
    events: {} as OtpEvent | TimerEvent,
    input: {} as OtpInput,
    output: {} as OtpSession,
  },
  actors: { sendCode, verifyCode, timer },
  guards: {
    hasInvalidSend: ({ context, event }) => sendProblem(context, event) !== null,
    hasInvalidResend: ({ context, event }) => resendProblem(context, event) !== null,
    hasInvalidCode: ({ context, event }) => codeOf(context, event) === null,
    hasSentCode: ({ context }) => context.generation > 0,
    isResendReady: ({ context }) => context.resendReady,
    isTerminalError: ({ event }) => isTerminalFailure(errorOf(event)),
    isExpiredError: ({ event }) => errorOf(event).kind === 'codeExpired',
  },
  actions: {
    assignInvalidSend: assign(({ context, event }) => ({ error: sendProblem(context, event) })),
    assignSend: assign(({ context, event }) => {
      const { loginId, channel, email, phone } = fields(event);
      const newAddress =
        context.operation === 'updateEmail' ? email : context.operation === 'updatePhone' ? phone : null;
      return {
        loginId: loginId as string,
        pendingChannel: (channel as OtpContext['channel'] | undefined) ?? context.settings.channel,
        newAddress: (newAddress as string | null) ?? null,
        error: null,
      };
    }),
    assignInvalidResend: assign(({ context, event }) => ({ error: resendProblem(context, event) })),
    assignResend: assign(({ context, event }) => ({
      pendingChannel: (fields(event).channel as OtpContext['channel'] | undefined) ?? context.channel,
      error: null,
    })),
    markResendReady: assign({ resendReady: true }),
    assignSentCode: assign(({ context, event, system }) =>
      sentCode(context, fields(event).output as SendCodeOutput | undefined, nowOf(system)),
    ),
    assignFailure: assign(({ context, event, system }) =>
      failedRequest(context, errorOf(event), nowOf(system)),
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
    resetFlow: assign(({ context, system }) => resetFlow(context, nowOf(system))),
  },
}).createMachine({
  id: 'otp',
  context: ({ input }) => createContext(input),
  initial: 'idle',
  output: ({ event }) => (event as unknown as { output: OtpSession }).output,
  on: {
    RESET: { target: '.idle', actions: 'resetFlow' },
    COOLDOWN_ELAPSED: { actions: 'markResendReady' },
  },
  states: {
    idle: {
      invoke: cooldown,
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
          operation: context.operation,
          channel: context.pendingChannel ?? context.channel,
          loginId: context.loginId,
          newAddress: context.newAddress,
          refreshJwt: context.refreshJwt,
        }),
        onDone: { target: 'awaitingCode', actions: 'assignSentCode' },
        onError: [
          { guard: 'isTerminalError', target: 'failed', actions: 'assignFailure' },
          { guard: 'hasSentCode', target: 'awaitingCode', actions: 'assignFailure' },
          { target: 'idle', actions: 'assignFailure' },
        ],
      },
    },
    awaitingCode: {
      invoke: cooldown,
      initial: 'valid',
      on: { RESEND: resend },
      states: {
        valid: {
          invoke: {
            id: 'codeExpiry',
            src: 'timer',
            input: ({ context }) => codeExpiryInput(context),
          },
          on: {
            CODE_EXPIRED: 'expired',
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
      invoke: [
        cooldown,
        {
          id: 'verifyCode',
          src: 'verifyCode',
          input: ({ context, event }) => ({
            settings: context.settings,
            channel: context.channel,
            loginId: context.loginId,
            code: codeOf(context, event) ?? '',
          }),
          onDone: { target: 'authenticated' },
          onError: [
            { guard: 'isTerminalError', target: 'failed', actions: 'assignFailure' },
            { guard: 'isExpiredError', target: 'awaitingCode.expired', actions: 'assignFailure' },
            { target: 'awaitingCode', actions: 'assignFailure' },
          ],
        },
      ],
      on: { RESEND: resend },
    },
    authenticated: {
      type: 'final',
      output: ({ event }) => (event as unknown as { output: OtpSession }).output,
    },
    failed: {},
  },
});

withInputOnRestore(otpMachine);
