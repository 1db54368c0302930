import { isChannel } from '../../machines/concepts.ts';
import { readFailure } from '../../machines/failures.ts';
import type { OtpFailure } from '../../machines/otp.types.ts';
import { isRecord } from '../../machines/record.ts';
import {
  FlowRestoreError,
  flowFormat,
  flowStates,
  flowVersion,
  type PersistedFlow,
  type PersistedFlowContext,
  type PersistedFlowState,
} from './format.ts';

type Fields = Record<string, unknown>;

const statesAfterSend = new Set<PersistedFlowState>([
  'awaitingCode.valid',
  'awaitingCode.expired',
  'verifying',
]);

export const isFlowState = (value: unknown): value is PersistedFlowState =>
  (flowStates as readonly unknown[]).includes(value);

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isTime = (value: unknown): value is number => Number.isFinite(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

const invalid = (field?: string) => new FlowRestoreError('invalid', field);

function field<T>(fields: Fields, name: string, test: (value: unknown) => value is T): T {
  const value = fields[name];
  if (!test(value)) throw invalid(`context.${name}`);
  return value;
}

function failureOf(value: unknown): OtpFailure | null {
  if (value === null) return null;
  const failure = readFailure(value);
  if (!failure) throw invalid('context.error');
  return failure;
}

function parseContext(value: unknown): PersistedFlowContext {
  if (!isRecord(value)) throw invalid('context');
  const context: PersistedFlowContext = {
    loginId: field(value, 'loginId', isString),
    channel: field(value, 'channel', isChannel),
    maskedDestination: field(value, 'maskedDestination', isStringOrNull),
    newAddress: field(value, 'newAddress', isStringOrNull),
    generation: field(value, 'generation', isCount),
    resendAvailableAt: field(value, 'resendAvailableAt', isTime),
    resendReady: field(value, 'resendReady', isBoolean),
    retryAfterAt: field(value, 'retryAfterAt', isTime),
    error: failureOf(value.error),
  };
  if (value.attemptsLeft !== undefined) context.attemptsLeft = field(value, 'attemptsLeft', isCount);
  if (value.codeExpiresAt !== undefined) context.codeExpiresAt = field(value, 'codeExpiresAt', isTime);
  return context;
}

function parse(value: unknown): PersistedFlow {
  if (!isRecord(value)) throw invalid();
  if (value.format !== flowFormat) throw invalid('format');
  if (typeof value.version !== 'number') throw invalid('version');
  if (value.version !== flowVersion) throw new FlowRestoreError('version');
  if (typeof value.state !== 'string') throw invalid('state');
  if (!isFlowState(value.state)) throw new FlowRestoreError('state');
  if (!isTime(value.savedAt)) throw invalid('savedAt');
  const context = parseContext(value.context);
  if (statesAfterSend.has(value.state) && context.generation === 0) throw invalid('context.generation');
  return { format: flowFormat, version: flowVersion, state: value.state, context, savedAt: value.savedAt };
}

/** Checks an untrusted value and returns a clean copy; throws `FlowRestoreError`, never anything else. */
export function parsePersistedFlow(value: unknown): PersistedFlow {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof FlowRestoreError) throw error;
    throw invalid();
  }
}
