import type { Snapshot, StateValue } from 'xstate';
import { readFailure } from '../../machines/failures.ts';
import type { OtpContext } from '../../machines/otp.types.ts';
import type { PersistedFlow, PersistedFlowContext, PersistedFlowState } from './format.ts';

type ResumedState = Exclude<PersistedFlowState, 'sending' | 'verifying'>;
type RestoredContext = Omit<OtpContext, 'settings' | 'refreshJwt'>;

const stateValues: Record<ResumedState, StateValue> = {
  idle: 'idle',
  'awaitingCode.valid': { awaitingCode: 'valid' },
  'awaitingCode.expired': { awaitingCode: 'expired' },
  authenticated: 'authenticated',
  failed: 'failed',
};

export function persistedContext(context: OtpContext): PersistedFlowContext {
  const persisted: PersistedFlowContext = {
    loginId: context.loginId,
    channel: context.channel,
    maskedDestination: context.maskedDestination,
    newAddress: context.newAddress,
    generation: context.generation,
    resendAvailableAt: context.resendAvailableAt,
    resendReady: context.resendReady,
    retryAfterAt: context.retryAfterAt,
    error: readFailure(context.error) ?? null,
  };
  if (context.attemptsLeft !== undefined) persisted.attemptsLeft = context.attemptsLeft;
  if (context.codeExpiresAt !== undefined) persisted.codeExpiresAt = context.codeExpiresAt;
  return persisted;
}

function resumedState({ state, context }: PersistedFlow): ResumedState {
  if (state === 'sending') return context.generation > 0 ? 'awaitingCode.valid' : 'idle';
  if (state === 'verifying') return 'awaitingCode.valid';
  return state;
}

export function restoredSnapshot(flow: PersistedFlow): Snapshot<unknown> {
  const state = resumedState(flow);
  const context: RestoredContext = {
    ...flow.context,
    pendingChannel: null,
    codeExpired: state === 'awaitingCode.expired',
  };
  return {
    status: state === 'authenticated' ? 'done' : 'active',
    value: stateValues[state],
    context,
    children: {},
    historyValue: {},
    output: undefined,
    error: undefined,
  } as Snapshot<unknown>;
}
